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

	"github.com/ivory-jenga/shop/libs/platform/config"
	"github.com/ivory-jenga/shop/libs/platform/httpx"
)

type server struct {
	client     *http.Client
	catalogURL string
	pricingURL string
	store      *store
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "cart"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	s := &server{
		client:     httpx.NewClient(config.Duration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		catalogURL: config.MustString("CATALOG_URL"),
		pricingURL: config.MustString("PRICING_URL"),
		store:      &store{carts: map[string][]item{}},
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpx.Healthz)
	mux.HandleFunc("GET /carts/{id}", s.getCart)
	mux.HandleFunc("POST /carts/{id}/items", s.addItem)
	mux.HandleFunc("GET /carts/{id}/total", s.total)

	addr := config.String("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := httpx.ListenAndServe(ctx, addr, mux); err != nil {
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
}

func (st *store) items(cartID string) []item {
	st.mu.Lock()
	defer st.mu.Unlock()
	return append([]item(nil), st.carts[cartID]...)
}

func (s *server) getCart(w http.ResponseWriter, r *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "items": s.store.items(r.PathValue("id"))})
}

func (s *server) addItem(w http.ResponseWriter, r *http.Request) {
	var it item
	if err := httpx.DecodeJSON(w, r, &it); err != nil || it.SKU == "" || it.Quantity <= 0 {
		httpx.WriteError(w, http.StatusBadRequest, errors.New(`want {"sku": "...", "quantity": n > 0}`))
		return
	}
	// Reject unknown products before they reach the cart.
	if err := httpx.GetJSON(r.Context(), s.client, s.catalogURL+"/products/"+url.PathEscape(it.SKU), nil); err != nil {
		httpx.WriteError(w, http.StatusUnprocessableEntity, err)
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
	if err := httpx.PostJSON(r.Context(), s.client, s.pricingURL+"/quote", req, &quote); err != nil {
		httpx.WriteError(w, http.StatusBadGateway, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, quote)
}
