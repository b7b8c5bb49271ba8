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

	"github.com/ivory-jenga/shop/libs/platform/config"
	"github.com/ivory-jenga/shop/libs/platform/httpx"
)

type server struct {
	client           *http.Client
	cartURL          string
	ordersURL        string
	paymentsURL      string
	inventoryURL     string
	pricingURL       string
	ordersAPIVersion string
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "checkout"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	s := &server{
		client:           httpx.NewClient(config.Duration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		cartURL:          config.MustString("CART_URL"),
		ordersURL:        config.MustString("ORDERS_URL"),
		paymentsURL:      config.MustString("PAYMENTS_URL"),
		inventoryURL:     config.MustString("INVENTORY_URL"),
		pricingURL:       config.MustString("PRICING_URL"),
		ordersAPIVersion: config.MustString("ORDERS_API_VERSION"),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpx.Healthz)
	mux.HandleFunc("POST /checkout", s.placeOrder)
	mux.HandleFunc("GET /checkout/{orderId}", s.orderStatus)

	addr := config.String("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := httpx.ListenAndServe(ctx, addr, mux); err != nil {
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

type cartItem struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

func (s *server) placeOrder(w http.ResponseWriter, r *http.Request) {
	var req checkoutRequest
	if err := httpx.DecodeJSON(w, r, &req); err != nil || req.CartID == "" {
		httpx.WriteError(w, http.StatusBadRequest, errors.New("cartId is required"))
		return
	}
	var cart struct {
		Items []cartItem `json:"items"`
	}
	if err := httpx.GetJSON(r.Context(), s.client, s.cartURL+"/carts/"+url.PathEscape(req.CartID), &cart); err != nil {
		httpx.WriteError(w, http.StatusBadGateway, fmt.Errorf("read cart: %w", err))
		return
	}
	order, err := s.checkout(r.Context(), req.CustomerID, req.PaymentToken, req.ShippingAddress, cart.Items)
	if err != nil {
		httpx.WriteError(w, http.StatusBadGateway, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, order)
}

// checkout prices the items, reserves stock, takes payment and creates the order.
func (s *server) checkout(ctx context.Context, customerID, paymentToken string, shipTo json.RawMessage, items []cartItem) (json.RawMessage, error) {
	var quote struct {
		Total    int64  `json:"total"`
		Currency string `json:"currency"`
	}
	if err := httpx.PostJSON(ctx, s.client, s.pricingURL+"/quote", map[string]any{"items": items}, &quote); err != nil {
		return nil, fmt.Errorf("price items: %w", err)
	}
	var reservation struct {
		ID string `json:"id"`
	}
	if err := httpx.PostJSON(ctx, s.client, s.inventoryURL+"/reservations", map[string]any{"items": items}, &reservation); err != nil {
		return nil, fmt.Errorf("reserve stock: %w", err)
	}
	var payment struct {
		ID string `json:"id"`
	}
	charge := map[string]any{"amount": quote.Total, "currency": quote.Currency, "token": paymentToken}
	if err := httpx.PostJSON(ctx, s.client, s.paymentsURL+"/payments", charge, &payment); err != nil {
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
	if err := httpx.SendJSON(ctx, s.client, http.MethodPost, s.ordersURL+"/orders", s.ordersHeader(), create, &order); err != nil {
		return nil, fmt.Errorf("create order: %w", err)
	}
	return order, nil
}

func (s *server) orderStatus(w http.ResponseWriter, r *http.Request) {
	var order json.RawMessage
	target := s.ordersURL + "/orders/" + url.PathEscape(r.PathValue("orderId"))
	if err := httpx.SendJSON(r.Context(), s.client, http.MethodGet, target, s.ordersHeader(), nil, &order); err != nil {
		httpx.WriteError(w, http.StatusBadGateway, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, order)
}

// ordersHeader asks orders for the API version our client was written against.
func (s *server) ordersHeader() http.Header {
	return http.Header{"Accept-Version": {s.ordersAPIVersion}}
}
