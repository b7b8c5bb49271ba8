// Command gateway is the public edge of the shop: it routes storefront calls to the backend services.
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
	"syscall"
	"time"

	"github.com/independent/shop-platform/logging"
	"github.com/independent/shop/services/gateway/internal/web"
	"github.com/open-feature/go-sdk/openfeature"
)

// Feature flags evaluated by this service; flags/flags.flagd.json defines them.
const flagSearchSuggestions = "gateway-search-suggestions"

type server struct {
	client      *http.Client
	flags       *openfeature.Client
	catalogURL  string
	cartURL     string
	checkoutURL string
	usersURL    string
	searchURL   string
}

func main() {
	slog.SetDefault(logging.New("gateway"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Until a provider is registered the SDK serves every flag's default value,
	// so new behaviour stays off (fail closed).
	s := &server{
		client:      web.NewClient(envDuration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		flags:       openfeature.NewClient("gateway"),
		catalogURL:  mustEnv("CATALOG_URL"),
		cartURL:     mustEnv("CART_URL"),
		checkoutURL: mustEnv("CHECKOUT_URL"),
		usersURL:    mustEnv("USERS_URL"),
		searchURL:   mustEnv("SEARCH_URL"),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.HandleFunc("GET /api/products/{id}", s.product)
	mux.HandleFunc("GET /api/carts/{id}", s.cart)
	mux.HandleFunc("POST /api/checkout", s.checkout)
	mux.HandleFunc("GET /api/search", s.search)
	mux.HandleFunc("GET /api/me", s.me)
	mux.HandleFunc("GET /api/suggest", s.suggest) // behind flagSearchSuggestions

	addr := env("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := web.ListenAndServe(ctx, addr, mux); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

func (s *server) product(w http.ResponseWriter, r *http.Request) {
	s.forward(w, r, http.MethodGet, s.catalogURL+"/products/"+url.PathEscape(r.PathValue("id")))
}

func (s *server) cart(w http.ResponseWriter, r *http.Request) {
	s.forward(w, r, http.MethodGet, s.cartURL+"/carts/"+url.PathEscape(r.PathValue("id")))
}

func (s *server) checkout(w http.ResponseWriter, r *http.Request) {
	s.forward(w, r, http.MethodPost, s.checkoutURL+"/checkout")
}

func (s *server) search(w http.ResponseWriter, r *http.Request) {
	s.forward(w, r, http.MethodGet, s.searchURL+"/search?q="+url.QueryEscape(r.URL.Query().Get("q")))
}

func (s *server) me(w http.ResponseWriter, r *http.Request) {
	userID := r.Header.Get("X-User-ID")
	if userID == "" {
		web.WriteError(w, http.StatusUnauthorized, errors.New("missing X-User-ID header"))
		return
	}
	s.forward(w, r, http.MethodGet, s.usersURL+"/users/"+url.PathEscape(userID))
}

// suggest returns the first few search hits while the user types.
func (s *server) suggest(w http.ResponseWriter, r *http.Request) {
	on, err := s.flags.BooleanValue(r.Context(), flagSearchSuggestions, false, openfeature.EvaluationContext{})
	if err != nil || !on {
		http.NotFound(w, r)
		return
	}
	s.forward(w, r, http.MethodGet, s.searchURL+"/search?limit=5&q="+url.QueryEscape(r.URL.Query().Get("q")))
}

// forward relays the request body to a backend service and its JSON answer to the caller.
func (s *server) forward(w http.ResponseWriter, r *http.Request, method, target string) {
	var body any
	if r.Method == http.MethodPost {
		var in json.RawMessage
		if err := web.DecodeJSON(w, r, &in); err != nil {
			web.WriteError(w, http.StatusBadRequest, err)
			return
		}
		body = in
	}
	var out json.RawMessage
	if err := web.SendJSON(r.Context(), s.client, method, target, nil, body, &out); err != nil {
		web.WriteError(w, http.StatusBadGateway, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, out)
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
