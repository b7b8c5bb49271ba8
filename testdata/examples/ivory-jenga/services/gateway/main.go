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

	"github.com/ivory-jenga/shop/libs/platform/config"
	"github.com/ivory-jenga/shop/libs/platform/httpx"
)

type server struct {
	client      *http.Client
	catalogURL  string
	cartURL     string
	checkoutURL string
	usersURL    string
	searchURL   string
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "gateway"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	s := &server{
		client:      httpx.NewClient(config.Duration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		catalogURL:  config.MustString("CATALOG_URL"),
		cartURL:     config.MustString("CART_URL"),
		checkoutURL: config.MustString("CHECKOUT_URL"),
		usersURL:    config.MustString("USERS_URL"),
		searchURL:   config.MustString("SEARCH_URL"),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpx.Healthz)
	mux.HandleFunc("GET /api/products/{id}", s.product)
	mux.HandleFunc("GET /api/carts/{id}", s.cart)
	mux.HandleFunc("POST /api/checkout", s.checkout)
	mux.HandleFunc("GET /api/search", s.search)
	mux.HandleFunc("GET /api/me", s.me)

	addr := config.String("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := httpx.ListenAndServe(ctx, addr, mux); err != nil {
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
		httpx.WriteError(w, http.StatusUnauthorized, errors.New("missing X-User-ID header"))
		return
	}
	s.forward(w, r, http.MethodGet, s.usersURL+"/users/"+url.PathEscape(userID))
}

// forward relays the request body to a backend service and its JSON answer to the caller.
func (s *server) forward(w http.ResponseWriter, r *http.Request, method, target string) {
	var body any
	if r.Method == http.MethodPost {
		var in json.RawMessage
		if err := httpx.DecodeJSON(w, r, &in); err != nil {
			httpx.WriteError(w, http.StatusBadRequest, err)
			return
		}
		body = in
	}
	var out json.RawMessage
	if err := httpx.SendJSON(r.Context(), s.client, method, target, nil, body, &out); err != nil {
		httpx.WriteError(w, http.StatusBadGateway, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}
