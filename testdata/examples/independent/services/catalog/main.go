// Command catalog serves the product catalogue, enriched with live prices and stock.
package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/independent/shop/services/catalog/internal/web"
	"github.com/open-feature/go-sdk/openfeature"
)

// Feature flags evaluated by this service; flags/flags.flagd.json defines them.
const flagProductBundles = "catalog-product-bundles"

type server struct {
	client       *http.Client
	flags        *openfeature.Client
	pricingURL   string
	inventoryURL string
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "catalog"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Until a provider is registered the SDK serves every flag's default value,
	// so new behaviour stays off (fail closed).
	s := &server{
		client:       web.NewClient(envDuration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		flags:        openfeature.NewClient("catalog"),
		pricingURL:   mustEnv("PRICING_URL"),
		inventoryURL: mustEnv("INVENTORY_URL"),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.HandleFunc("GET /products", s.listProducts)
	mux.HandleFunc("GET /products/{sku}", s.getProduct)
	mux.HandleFunc("GET /bundles/{id}", s.getBundle) // behind flagProductBundles

	addr := env("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := web.ListenAndServe(ctx, addr, mux); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

type product struct {
	SKU         string `json:"sku"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

var products = []product{
	{SKU: "sku-1001", Name: "Walnut desk lamp", Description: "Dimmable LED lamp on a walnut base."},
	{SKU: "sku-1002", Name: "Linen throw", Description: "Stonewashed linen, 130 x 170 cm."},
	{SKU: "sku-1003", Name: "Ceramic pour-over set", Description: "Dripper, carafe and two cups."},
	{SKU: "sku-1004", Name: "Oak bookshelf", Description: "Five shelves in solid oak."},
}

var bundles = map[string][]string{
	"desk-setup":   {"sku-1001", "sku-1004"},
	"slow-morning": {"sku-1002", "sku-1003"},
}

func findProduct(sku string) (product, bool) {
	for _, p := range products {
		if p.SKU == sku {
			return p, true
		}
	}
	return product{}, false
}

func (s *server) listProducts(w http.ResponseWriter, _ *http.Request) {
	web.WriteJSON(w, http.StatusOK, products)
}

func (s *server) getProduct(w http.ResponseWriter, r *http.Request) {
	p, ok := findProduct(r.PathValue("sku"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	var price struct {
		Amount   int64  `json:"amount"`
		Currency string `json:"currency"`
	}
	if err := web.GetJSON(r.Context(), s.client, s.pricingURL+"/prices/"+p.SKU, &price); err != nil {
		web.WriteError(w, http.StatusBadGateway, err)
		return
	}
	var stock struct {
		Available int `json:"available"`
	}
	if err := web.GetJSON(r.Context(), s.client, s.inventoryURL+"/stock/"+p.SKU, &stock); err != nil {
		web.WriteError(w, http.StatusBadGateway, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{
		"sku":         p.SKU,
		"name":        p.Name,
		"description": p.Description,
		"price":       price,
		"available":   stock.Available,
	})
}

func (s *server) getBundle(w http.ResponseWriter, r *http.Request) {
	on, err := s.flags.BooleanValue(r.Context(), flagProductBundles, false, openfeature.EvaluationContext{})
	if err != nil || !on {
		http.NotFound(w, r)
		return
	}
	skus, ok := bundles[r.PathValue("id")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "skus": skus})
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
