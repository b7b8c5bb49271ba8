// Command pricing prices products and quotes carts.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ivory-jenga/shop/libs/platform/config"
	"github.com/ivory-jenga/shop/libs/platform/httpx"
)

type server struct {
	client *http.Client
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "pricing"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	s := &server{
		client: httpx.NewClient(config.Duration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpx.Healthz)
	mux.HandleFunc("GET /prices/{sku}", s.getPrice)
	mux.HandleFunc("POST /quote", s.quote)

	addr := config.String("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := httpx.ListenAndServe(ctx, addr, mux); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

const currency = "EUR"

// prices in cents.
var prices = map[string]int64{"sku-1001": 7900, "sku-1002": 5900, "sku-1003": 4500, "sku-1004": 32900}

func (s *server) getPrice(w http.ResponseWriter, r *http.Request) {
	sku := r.PathValue("sku")
	amount, ok := prices[sku]
	if !ok {
		http.NotFound(w, r)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"sku": sku, "amount": amount, "currency": currency})
}

func (s *server) quote(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Items []struct {
			SKU      string `json:"sku"`
			Quantity int    `json:"quantity"`
		} `json:"items"`
	}
	if err := httpx.DecodeJSON(w, r, &req); err != nil {
		httpx.WriteError(w, http.StatusBadRequest, err)
		return
	}
	var total int64
	for _, it := range req.Items {
		amount, ok := prices[it.SKU]
		if !ok {
			httpx.WriteError(w, http.StatusUnprocessableEntity, fmt.Errorf("no price for %s", it.SKU))
			return
		}
		total += amount * int64(it.Quantity)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"total": total, "currency": currency, "items": len(req.Items)})
}
