// Command shipping creates shipments for paid orders.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ivory-jenga/shop/libs/platform/config"
	"github.com/ivory-jenga/shop/libs/platform/httpx"
)

type server struct {
	client           *http.Client
	ordersURL        string
	notificationsURL string
	store            *store
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "shipping"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	s := &server{
		client:           httpx.NewClient(config.Duration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		ordersURL:        config.MustString("ORDERS_URL"),
		notificationsURL: config.MustString("NOTIFICATIONS_URL"),
		store:            &store{shipments: map[string]shipment{}},
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpx.Healthz)
	mux.HandleFunc("POST /shipments", s.createShipment)
	mux.HandleFunc("GET /shipments/{id}", s.getShipment)

	addr := config.String("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := httpx.ListenAndServe(ctx, addr, mux); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

type shipment struct {
	ID             string    `json:"id"`
	OrderID        string    `json:"orderId"`
	Carrier        string    `json:"carrier"`
	TrackingNumber string    `json:"trackingNumber"`
	CreatedAt      time.Time `json:"createdAt"`
}

type store struct {
	mu        sync.Mutex
	seq       int
	shipments map[string]shipment
}

func (s *server) createShipment(w http.ResponseWriter, r *http.Request) {
	var req struct {
		OrderID string `json:"orderId"`
		Carrier string `json:"carrier"`
	}
	if err := httpx.DecodeJSON(w, r, &req); err != nil || req.OrderID == "" {
		httpx.WriteError(w, http.StatusBadRequest, errors.New("orderId is required"))
		return
	}
	if req.Carrier == "" {
		req.Carrier = "dhl"
	}
	orderURL := s.ordersURL + "/orders/" + url.PathEscape(req.OrderID)
	var o struct {
		ID         string `json:"id"`
		CustomerID string `json:"customerId"`
		Status     string `json:"status"`
	}
	if err := httpx.GetJSON(r.Context(), s.client, orderURL, &o); err != nil {
		httpx.WriteError(w, http.StatusBadGateway, err)
		return
	}
	if o.Status != "placed" && o.Status != "paid" {
		httpx.WriteError(w, http.StatusConflict, fmt.Errorf("order %s is %s", o.ID, o.Status))
		return
	}
	s.store.mu.Lock()
	s.store.seq++
	sh := shipment{
		ID:             "shp-" + strconv.Itoa(s.store.seq),
		OrderID:        o.ID,
		Carrier:        req.Carrier,
		TrackingNumber: fmt.Sprintf("%s-%08d", strings.ToUpper(req.Carrier), s.store.seq),
		CreatedAt:      time.Now().UTC(),
	}
	s.store.shipments[sh.ID] = sh
	s.store.mu.Unlock()

	status := map[string]string{"status": "shipped"}
	if err := httpx.SendJSON(r.Context(), s.client, http.MethodPatch, orderURL+"/status", nil, status, nil); err != nil {
		httpx.WriteError(w, http.StatusBadGateway, err)
		return
	}
	msg := map[string]string{"customerId": o.CustomerID, "template": "shipment-created", "orderId": o.ID}
	if err := httpx.PostJSON(r.Context(), s.client, s.notificationsURL+"/notify", msg, nil); err != nil {
		slog.Warn("shipment notification failed", "shipment", sh.ID, "err", err)
	}
	httpx.WriteJSON(w, http.StatusCreated, sh)
}

func (s *server) getShipment(w http.ResponseWriter, r *http.Request) {
	s.store.mu.Lock()
	sh, ok := s.store.shipments[r.PathValue("id")]
	s.store.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, sh)
}
