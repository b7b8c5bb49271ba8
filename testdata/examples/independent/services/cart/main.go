// Command cart keeps shopping carts.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/independent/shop/services/cart/internal/web"
	"github.com/open-feature/go-sdk/openfeature"
)

// Feature flags evaluated by this service; flags/flags.flagd.json defines them.
const flagSaveForLater = "cart-save-for-later"

type server struct {
	client     *http.Client
	flags      *openfeature.Client
	catalogURL string
	pricingURL string
	store      *store
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "cart"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Until a provider is registered the SDK serves every flag's default value,
	// so new behaviour stays off (fail closed).
	s := &server{
		client:     web.NewClient(envDuration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		flags:      openfeature.NewClient("cart"),
		catalogURL: mustEnv("CATALOG_URL"),
		pricingURL: mustEnv("PRICING_URL"),
		store:      &store{carts: map[string][]item{}, saved: map[string][]item{}},
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.HandleFunc("GET /carts/{id}", s.getCart)
	mux.HandleFunc("POST /carts/{id}/items", s.addItem)
	mux.HandleFunc("GET /carts/{id}/total", s.total)
	mux.HandleFunc("POST /carts/{id}/saved-items", s.saveForLater) // behind flagSaveForLater

	addr := env("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := web.ListenAndServe(ctx, addr, mux); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

type item struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

type store struct {
	mu    sync.Mutex
	carts map[string][]item
	saved map[string][]item
}

func (st *store) items(cartID string) []item {
	st.mu.Lock()
	defer st.mu.Unlock()
	return append([]item(nil), st.carts[cartID]...)
}

func (s *server) getCart(w http.ResponseWriter, r *http.Request) {
	web.WriteJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "items": s.store.items(r.PathValue("id"))})
}

func (s *server) addItem(w http.ResponseWriter, r *http.Request) {
	var it item
	if err := web.DecodeJSON(w, r, &it); err != nil || it.SKU == "" || it.Quantity <= 0 {
		web.WriteError(w, http.StatusBadRequest, errors.New(`want {"sku": "...", "quantity": n > 0}`))
		return
	}
	// Reject unknown products before they reach the cart.
	if err := web.GetJSON(r.Context(), s.client, s.catalogURL+"/products/"+url.PathEscape(it.SKU), nil); err != nil {
		web.WriteError(w, http.StatusUnprocessableEntity, err)
		return
	}
	id := r.PathValue("id")
	s.store.mu.Lock()
	s.store.carts[id] = append(s.store.carts[id], it)
	s.store.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (s *server) total(w http.ResponseWriter, r *http.Request) {
	var quote json.RawMessage
	req := map[string]any{"items": s.store.items(r.PathValue("id"))}
	if err := web.PostJSON(r.Context(), s.client, s.pricingURL+"/quote", req, &quote); err != nil {
		web.WriteError(w, http.StatusBadGateway, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, quote)
}

func (s *server) saveForLater(w http.ResponseWriter, r *http.Request) {
	on, err := s.flags.BooleanValue(r.Context(), flagSaveForLater, false, openfeature.EvaluationContext{})
	if err != nil || !on {
		http.NotFound(w, r)
		return
	}
	var it item
	if err := web.DecodeJSON(w, r, &it); err != nil || it.SKU == "" {
		web.WriteError(w, http.StatusBadRequest, errors.New(`want {"sku": "..."}`))
		return
	}
	id := r.PathValue("id")
	s.store.mu.Lock()
	s.store.saved[id] = append(s.store.saved[id], it)
	s.store.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func env(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

func envDuration(key string, fallback time.Duration) time.Duration {
	d, err := time.ParseDuration(os.Getenv(key))
	if err != nil {
		return fallback
	}
	return d
}

func mustEnv(key string) string {
	v := os.Getenv(key)
	if v == "" {
		slog.Error("missing required environment variable", "key", key)
		os.Exit(1)
	}
	return v
}
