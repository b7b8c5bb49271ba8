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

	"github.com/independent/shop/services/pricing/internal/web"
	"github.com/open-feature/go-sdk/openfeature"
)

// Feature flags evaluated by this service; flags/flags.flagd.json defines them.
const flagBundleDiscounts = "pricing-bundle-discounts"

type server struct {
	client *http.Client
	flags  *openfeature.Client
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "pricing"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Until a provider is registered the SDK serves every flag's default value,
	// so new behaviour stays off (fail closed).
	s := &server{
		client: web.NewClient(envDuration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		flags:  openfeature.NewClient("pricing"),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.HandleFunc("GET /prices/{sku}", s.getPrice)
	mux.HandleFunc("POST /quote", s.quote)
	mux.HandleFunc("GET /discounts/bundles", s.bundleDiscounts) // behind flagBundleDiscounts

	addr := env("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := web.ListenAndServe(ctx, addr, mux); err != nil {
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
	web.WriteJSON(w, http.StatusOK, map[string]any{"sku": sku, "amount": amount, "currency": currency})
}

func (s *server) quote(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Items []struct {
			SKU      string `json:"sku"`
			Quantity int    `json:"quantity"`
		} `json:"items"`
	}
	if err := web.DecodeJSON(w, r, &req); err != nil {
		web.WriteError(w, http.StatusBadRequest, err)
		return
	}
	var total int64
	for _, it := range req.Items {
		amount, ok := prices[it.SKU]
		if !ok {
			web.WriteError(w, http.StatusUnprocessableEntity, fmt.Errorf("no price for %s", it.SKU))
			return
		}
		total += amount * int64(it.Quantity)
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"total": total, "currency": currency, "items": len(req.Items)})
}

func (s *server) bundleDiscounts(w http.ResponseWriter, r *http.Request) {
	on, err := s.flags.BooleanValue(r.Context(), flagBundleDiscounts, false, openfeature.EvaluationContext{})
	if err != nil || !on {
		http.NotFound(w, r)
		return
	}
	web.WriteJSON(w, http.StatusOK, []map[string]any{
		{"bundle": "desk-setup", "percentOff": 10},
		{"bundle": "slow-morning", "percentOff": 15},
	})
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
