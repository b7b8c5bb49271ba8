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

	"github.com/ivory-jenga/shop/libs/platform/config"
	"github.com/ivory-jenga/shop/libs/platform/httpx"
)

type server struct {
	client       *http.Client
	pricingURL   string
	inventoryURL string
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "catalog"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	s := &server{
		client:       httpx.NewClient(config.Duration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		pricingURL:   config.MustString("PRICING_URL"),
		inventoryURL: config.MustString("INVENTORY_URL"),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpx.Healthz)
	mux.HandleFunc("GET /products", s.listProducts)
	mux.HandleFunc("GET /products/{sku}", s.getProduct)

	addr := config.String("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := httpx.ListenAndServe(ctx, addr, mux); err != nil {
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

func findProduct(sku string) (product, bool) {
	for _, p := range products {
		if p.SKU == sku {
			return p, true
		}
	}
	return product{}, false
}

func (s *server) listProducts(w http.ResponseWriter, _ *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, products)
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
	if err := httpx.GetJSON(r.Context(), s.client, s.pricingURL+"/prices/"+p.SKU, &price); err != nil {
		httpx.WriteError(w, http.StatusBadGateway, err)
		return
	}
	var stock struct {
		Available int `json:"available"`
	}
	if err := httpx.GetJSON(r.Context(), s.client, s.inventoryURL+"/stock/"+p.SKU, &stock); err != nil {
		httpx.WriteError(w, http.StatusBadGateway, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"sku":         p.SKU,
		"name":        p.Name,
		"description": p.Description,
		"price":       price,
		"available":   stock.Available,
	})
}
