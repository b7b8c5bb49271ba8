// Command checkout turns a cart into a paid order.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/independent/shop/services/checkout/internal/web"
	"github.com/open-feature/go-sdk/openfeature"
)

// Feature flags evaluated by this service; flags/flags.flagd.json defines them.
const flagNewCheckoutFlow = "new-checkout-flow"

type server struct {
	client       *http.Client
	flags        *openfeature.Client
	cartURL      string
	ordersURL    string
	paymentsURL  string
	inventoryURL string
	pricingURL   string
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "checkout"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Until a provider is registered the SDK serves every flag's default value,
	// so new behaviour stays off (fail closed).
	s := &server{
		client:       web.NewClient(envDuration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		flags:        openfeature.NewClient("checkout"),
		cartURL:      mustEnv("CART_URL"),
		ordersURL:    mustEnv("ORDERS_URL"),
		paymentsURL:  mustEnv("PAYMENTS_URL"),
		inventoryURL: mustEnv("INVENTORY_URL"),
		pricingURL:   mustEnv("PRICING_URL"),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.HandleFunc("POST /checkout", s.placeOrder)
	mux.HandleFunc("GET /checkout/{orderId}", s.orderStatus)
	mux.HandleFunc("POST /v2/checkout", s.expressCheckout) // behind flagNewCheckoutFlow

	addr := env("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := web.ListenAndServe(ctx, addr, mux); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

type checkoutRequest struct {
	CartID          string          `json:"cartId"`
	CustomerID      string          `json:"customerId"`
	PaymentToken    string          `json:"paymentToken"`
	ShippingAddress json.RawMessage `json:"shippingAddress"`
}

type expressRequest struct {
	SKU             string          `json:"sku"`
	Quantity        int             `json:"quantity"`
	CustomerID      string          `json:"customerId"`
	PaymentToken    string          `json:"paymentToken"`
	ShippingAddress json.RawMessage `json:"shippingAddress"`
}

type cartItem struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

func (s *server) placeOrder(w http.ResponseWriter, r *http.Request) {
	var req checkoutRequest
	if err := web.DecodeJSON(w, r, &req); err != nil || req.CartID == "" {
		web.WriteError(w, http.StatusBadRequest, errors.New("cartId is required"))
		return
	}
	var cart struct {
		Items []cartItem `json:"items"`
	}
	if err := web.GetJSON(r.Context(), s.client, s.cartURL+"/carts/"+url.PathEscape(req.CartID), &cart); err != nil {
		web.WriteError(w, http.StatusBadGateway, fmt.Errorf("read cart: %w", err))
		return
	}
	order, err := s.checkout(r.Context(), req.CustomerID, req.PaymentToken, req.ShippingAddress, cart.Items)
	if err != nil {
		web.WriteError(w, http.StatusBadGateway, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, order)
}

// expressCheckout buys a single product without going through the cart.
func (s *server) expressCheckout(w http.ResponseWriter, r *http.Request) {
	on, err := s.flags.BooleanValue(r.Context(), flagNewCheckoutFlow, false, openfeature.EvaluationContext{})
	if err != nil || !on {
		http.NotFound(w, r)
		return
	}
	var req expressRequest
	if err := web.DecodeJSON(w, r, &req); err != nil || req.SKU == "" || req.Quantity <= 0 {
		web.WriteError(w, http.StatusBadRequest, errors.New("sku and quantity are required"))
		return
	}
	items := []cartItem{{SKU: req.SKU, Quantity: req.Quantity}}
	order, err := s.checkout(r.Context(), req.CustomerID, req.PaymentToken, req.ShippingAddress, items)
	if err != nil {
		web.WriteError(w, http.StatusBadGateway, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, order)
}

// checkout prices the items, reserves stock, takes payment and creates the order.
func (s *server) checkout(ctx context.Context, customerID, paymentToken string, shipTo json.RawMessage, items []cartItem) (json.RawMessage, error) {
	var quote struct {
		Total    int64  `json:"total"`
		Currency string `json:"currency"`
	}
	if err := web.PostJSON(ctx, s.client, s.pricingURL+"/quote", map[string]any{"items": items}, &quote); err != nil {
		return nil, fmt.Errorf("price items: %w", err)
	}
	var reservation struct {
		ID string `json:"id"`
	}
	if err := web.PostJSON(ctx, s.client, s.inventoryURL+"/reservations", map[string]any{"items": items}, &reservation); err != nil {
		return nil, fmt.Errorf("reserve stock: %w", err)
	}
	var payment struct {
		ID string `json:"id"`
	}
	charge := map[string]any{"amount": quote.Total, "currency": quote.Currency, "token": paymentToken}
	if err := web.PostJSON(ctx, s.client, s.paymentsURL+"/payments", charge, &payment); err != nil {
		return nil, fmt.Errorf("take payment: %w", err)
	}
	create := map[string]any{
		"customerId":      customerID,
		"lines":           items,
		"reservationId":   reservation.ID,
		"paymentId":       payment.ID,
		"total":           map[string]any{"amount": quote.Total, "currency": quote.Currency},
		"shippingAddress": shipTo,
	}
	var order json.RawMessage
	if err := web.PostJSON(ctx, s.client, s.ordersURL+"/orders", create, &order); err != nil {
		return nil, fmt.Errorf("create order: %w", err)
	}
	return order, nil
}

func (s *server) orderStatus(w http.ResponseWriter, r *http.Request) {
	var order json.RawMessage
	target := s.ordersURL + "/orders/" + url.PathEscape(r.PathValue("orderId"))
	if err := web.GetJSON(r.Context(), s.client, target, &order); err != nil {
		web.WriteError(w, http.StatusBadGateway, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, order)
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
