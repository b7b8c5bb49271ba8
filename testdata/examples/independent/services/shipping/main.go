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

	"github.com/independent/shop-platform/logging"
	"github.com/independent/shop/services/shipping/internal/web"
	"github.com/open-feature/go-sdk/openfeature"
)

// Feature flags evaluated by this service; flags/flags.flagd.json defines them.
const flagCarrierQuotesV2 = "shipping-carrier-quotes-v2"

type server struct {
	client           *http.Client
	flags            *openfeature.Client
	ordersURL        string
	notificationsURL string
	store            *store
}

func main() {
	slog.SetDefault(logging.New("shipping"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Until a provider is registered the SDK serves every flag's default value,
	// so new behaviour stays off (fail closed).
	s := &server{
		client:           web.NewClient(envDuration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		flags:            openfeature.NewClient("shipping"),
		ordersURL:        mustEnv("ORDERS_URL"),
		notificationsURL: mustEnv("NOTIFICATIONS_URL"),
		store:            &store{shipments: map[string]shipment{}},
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.HandleFunc("POST /shipments", s.createShipment)
	mux.HandleFunc("GET /shipments/{id}", s.getShipment)
	mux.HandleFunc("GET /v2/quotes", s.quotesV2) // behind flagCarrierQuotesV2

	addr := env("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := web.ListenAndServe(ctx, addr, mux); err != nil {
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
	if err := web.DecodeJSON(w, r, &req); err != nil || req.OrderID == "" {
		web.WriteError(w, http.StatusBadRequest, errors.New("orderId is required"))
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
	if err := web.GetJSON(r.Context(), s.client, orderURL, &o); err != nil {
		web.WriteError(w, http.StatusBadGateway, err)
		return
	}
	if o.Status != "placed" && o.Status != "paid" {
		web.WriteError(w, http.StatusConflict, fmt.Errorf("order %s is %s", o.ID, o.Status))
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
	if err := web.SendJSON(r.Context(), s.client, http.MethodPatch, orderURL+"/status", nil, status, nil); err != nil {
		web.WriteError(w, http.StatusBadGateway, err)
		return
	}
	msg := map[string]string{"customerId": o.CustomerID, "template": "shipment-created", "orderId": o.ID}
	if err := web.PostJSON(r.Context(), s.client, s.notificationsURL+"/notify", msg, nil); err != nil {
		slog.Warn("shipment notification failed", "shipment", sh.ID, "err", err)
	}
	web.WriteJSON(w, http.StatusCreated, sh)
}

func (s *server) getShipment(w http.ResponseWriter, r *http.Request) {
	s.store.mu.Lock()
	sh, ok := s.store.shipments[r.PathValue("id")]
	s.store.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	web.WriteJSON(w, http.StatusOK, sh)
}

// quotesV2 prices a parcel with every carrier.
func (s *server) quotesV2(w http.ResponseWriter, r *http.Request) {
	on, err := s.flags.BooleanValue(r.Context(), flagCarrierQuotesV2, false, openfeature.EvaluationContext{})
	if err != nil || !on {
		http.NotFound(w, r)
		return
	}
	weight, err := strconv.ParseFloat(r.URL.Query().Get("weightKg"), 64)
	if err != nil || weight <= 0 {
		web.WriteError(w, http.StatusBadRequest, errors.New("weightKg must be a positive number"))
		return
	}
	web.WriteJSON(w, http.StatusOK, []map[string]any{
		{"carrier": "dhl", "amount": int64(499 + weight*120), "currency": "EUR", "days": 2},
		{"carrier": "ups", "amount": int64(649 + weight*95), "currency": "EUR", "days": 1},
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
