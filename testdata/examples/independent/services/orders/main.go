// Command orders owns orders and their status.
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
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/independent/shop-platform/logging"
	"github.com/independent/shop/services/orders/internal/web"
	"github.com/open-feature/go-sdk/openfeature"
)

// Feature flags evaluated by this service; flags/flags.flagd.json defines them.
const flagSplitShipments = "orders-split-shipments"

type server struct {
	client           *http.Client
	flags            *openfeature.Client
	inventoryURL     string
	notificationsURL string
	store            *store
}

func main() {
	slog.SetDefault(logging.New("orders"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Until a provider is registered the SDK serves every flag's default value,
	// so new behaviour stays off (fail closed).
	s := &server{
		client:           web.NewClient(envDuration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		flags:            openfeature.NewClient("orders"),
		inventoryURL:     mustEnv("INVENTORY_URL"),
		notificationsURL: mustEnv("NOTIFICATIONS_URL"),
		store:            &store{orders: map[string]*order{}},
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.HandleFunc("POST /orders", s.createOrder)
	mux.HandleFunc("GET /orders/{orderId}", s.getOrder)
	mux.HandleFunc("PATCH /orders/{orderId}/status", s.updateStatus)
	mux.HandleFunc("POST /orders/{orderId}/split", s.splitOrder) // behind flagSplitShipments

	addr := env("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := web.ListenAndServe(ctx, addr, mux); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

type line struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

type money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

type order struct {
	ID              string          `json:"id"`
	CustomerID      string          `json:"customerId"`
	Status          string          `json:"status"`
	Lines           []line          `json:"lines"`
	Total           money           `json:"total"`
	ReservationID   string          `json:"reservationId,omitempty"`
	PaymentID       string          `json:"paymentId,omitempty"`
	ShippingAddress json.RawMessage `json:"shippingAddress,omitempty"`
	CreatedAt       time.Time       `json:"createdAt"`
}

type store struct {
	mu     sync.Mutex
	seq    int
	orders map[string]*order
}

// get returns a copy of the order, so callers can read it without the lock.
func (st *store) get(id string) (order, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	o, ok := st.orders[id]
	if !ok {
		return order{}, false
	}
	return *o, true
}

var validStatus = map[string]bool{"placed": true, "paid": true, "shipped": true, "delivered": true, "cancelled": true}

func (s *server) createOrder(w http.ResponseWriter, r *http.Request) {
	var o order
	if err := web.DecodeJSON(w, r, &o); err != nil || len(o.Lines) == 0 || o.ReservationID == "" {
		web.WriteError(w, http.StatusBadRequest, errors.New("lines and reservationId are required"))
		return
	}
	// The checkout reservation becomes a committed stock movement.
	commit := s.inventoryURL + "/reservations/" + url.PathEscape(o.ReservationID) + "/commit"
	if err := web.PostJSON(r.Context(), s.client, commit, nil, nil); err != nil {
		web.WriteError(w, http.StatusBadGateway, err)
		return
	}
	s.store.mu.Lock()
	s.store.seq++
	o.ID = "ord-" + strconv.Itoa(s.store.seq)
	o.Status = "placed"
	o.CreatedAt = time.Now().UTC()
	s.store.orders[o.ID] = &o
	s.store.mu.Unlock()
	s.notify(r.Context(), o.CustomerID, "order-placed", o.ID)
	web.WriteJSON(w, http.StatusCreated, o)
}

func (s *server) getOrder(w http.ResponseWriter, r *http.Request) {
	o, ok := s.store.get(r.PathValue("orderId"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	web.WriteJSON(w, http.StatusOK, o)
}

func (s *server) updateStatus(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Status string `json:"status"`
	}
	if err := web.DecodeJSON(w, r, &body); err != nil || !validStatus[body.Status] {
		web.WriteError(w, http.StatusBadRequest, errors.New("unknown status"))
		return
	}
	id := r.PathValue("orderId")
	s.store.mu.Lock()
	if o, ok := s.store.orders[id]; ok {
		o.Status = body.Status
	}
	s.store.mu.Unlock()
	o, ok := s.store.get(id)
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.notify(r.Context(), o.CustomerID, "order-"+body.Status, o.ID)
	web.WriteJSON(w, http.StatusOK, o)
}

// splitOrder proposes one shipment per order line.
func (s *server) splitOrder(w http.ResponseWriter, r *http.Request) {
	on, err := s.flags.BooleanValue(r.Context(), flagSplitShipments, false, openfeature.EvaluationContext{})
	if err != nil || !on {
		http.NotFound(w, r)
		return
	}
	o, ok := s.store.get(r.PathValue("orderId"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	shipments := make([][]line, 0, len(o.Lines))
	for _, l := range o.Lines {
		shipments = append(shipments, []line{l})
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"orderId": o.ID, "shipments": shipments})
}

// notify is best effort: a slow notifications service must not fail an order.
func (s *server) notify(ctx context.Context, customerID, template, orderID string) {
	msg := map[string]string{"customerId": customerID, "template": template, "orderId": orderID}
	if err := web.PostJSON(ctx, s.client, s.notificationsURL+"/notify", msg, nil); err != nil {
		slog.Warn("notification failed", "template", template, "order", orderID, "err", err)
	}
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
