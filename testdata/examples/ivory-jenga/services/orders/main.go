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

	"github.com/ivory-jenga/shop/libs/platform/config"
	"github.com/ivory-jenga/shop/libs/platform/httpx"
)

type server struct {
	client           *http.Client
	inventoryURL     string
	notificationsURL string
	store            *store
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "orders"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	s := &server{
		client:           httpx.NewClient(config.Duration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		inventoryURL:     config.MustString("INVENTORY_URL"),
		notificationsURL: config.MustString("NOTIFICATIONS_URL"),
		store:            &store{orders: map[string]*order{}},
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpx.Healthz)
	mux.HandleFunc("POST /orders", s.createOrder)
	mux.HandleFunc("GET /orders/{orderId}", s.getOrder)
	mux.HandleFunc("PATCH /orders/{orderId}/status", s.updateStatus)

	addr := config.String("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := httpx.ListenAndServe(ctx, addr, mux); err != nil {
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
	if err := httpx.DecodeJSON(w, r, &o); err != nil || len(o.Lines) == 0 || o.ReservationID == "" {
		httpx.WriteError(w, http.StatusBadRequest, errors.New("lines and reservationId are required"))
		return
	}
	// The checkout reservation becomes a committed stock movement.
	commit := s.inventoryURL + "/reservations/" + url.PathEscape(o.ReservationID) + "/commit"
	if err := httpx.PostJSON(r.Context(), s.client, commit, nil, nil); err != nil {
		httpx.WriteError(w, http.StatusBadGateway, err)
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
	httpx.WriteJSON(w, http.StatusCreated, o)
}

func (s *server) getOrder(w http.ResponseWriter, r *http.Request) {
	o, ok := s.store.get(r.PathValue("orderId"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, o)
}

func (s *server) updateStatus(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Status string `json:"status"`
	}
	if err := httpx.DecodeJSON(w, r, &body); err != nil || !validStatus[body.Status] {
		httpx.WriteError(w, http.StatusBadRequest, errors.New("unknown status"))
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
	httpx.WriteJSON(w, http.StatusOK, o)
}

// notify is best effort: a slow notifications service must not fail an order.
func (s *server) notify(ctx context.Context, customerID, template, orderID string) {
	msg := map[string]string{"customerId": customerID, "template": template, "orderId": orderID}
	if err := httpx.PostJSON(ctx, s.client, s.notificationsURL+"/notify", msg, nil); err != nil {
		slog.Warn("notification failed", "template", template, "order", orderID, "err", err)
	}
}
