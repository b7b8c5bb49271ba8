// Command inventory tracks stock and reservations.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/independent/shop/services/inventory/internal/web"
	"github.com/open-feature/go-sdk/openfeature"
)

// Feature flags evaluated by this service; flags/flags.flagd.json defines them.
const flagSoftReservations = "inventory-soft-reservations"

type server struct {
	client *http.Client
	flags  *openfeature.Client
	store  *store
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "inventory"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Until a provider is registered the SDK serves every flag's default value,
	// so new behaviour stays off (fail closed).
	s := &server{
		client: web.NewClient(envDuration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		flags:  openfeature.NewClient("inventory"),
		store:  newStore(),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.HandleFunc("GET /stock/{sku}", s.getStock)
	mux.HandleFunc("POST /reservations", s.reserve)
	mux.HandleFunc("POST /reservations/{id}/commit", s.commit)
	mux.HandleFunc("POST /reservations/soft", s.softReserve) // behind flagSoftReservations

	addr := env("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := web.ListenAndServe(ctx, addr, mux); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

type reservedLine struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

type store struct {
	mu           sync.Mutex
	seq          int
	stock        map[string]int
	reservations map[string][]reservedLine
}

func newStore() *store {
	return &store{
		stock:        map[string]int{"sku-1001": 25, "sku-1002": 40, "sku-1003": 12, "sku-1004": 5},
		reservations: map[string][]reservedLine{},
	}
}

func (s *server) getStock(w http.ResponseWriter, r *http.Request) {
	sku := r.PathValue("sku")
	s.store.mu.Lock()
	available, ok := s.store.stock[sku]
	s.store.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"sku": sku, "available": available})
}

func (s *server) reserve(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Items []reservedLine `json:"items"`
	}
	if err := web.DecodeJSON(w, r, &req); err != nil || len(req.Items) == 0 {
		web.WriteError(w, http.StatusBadRequest, errors.New("items are required"))
		return
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	for _, it := range req.Items {
		if s.store.stock[it.SKU] < it.Quantity {
			web.WriteError(w, http.StatusConflict, fmt.Errorf("not enough stock for %s", it.SKU))
			return
		}
	}
	for _, it := range req.Items {
		s.store.stock[it.SKU] -= it.Quantity
	}
	s.store.seq++
	id := "res-" + strconv.Itoa(s.store.seq)
	s.store.reservations[id] = req.Items
	web.WriteJSON(w, http.StatusCreated, map[string]string{"id": id})
}

func (s *server) commit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.store.mu.Lock()
	_, ok := s.store.reservations[id]
	delete(s.store.reservations, id)
	s.store.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// softReserve holds items for a short time without taking them out of stock.
func (s *server) softReserve(w http.ResponseWriter, r *http.Request) {
	on, err := s.flags.BooleanValue(r.Context(), flagSoftReservations, false, openfeature.EvaluationContext{})
	if err != nil || !on {
		http.NotFound(w, r)
		return
	}
	var req struct {
		Items []reservedLine `json:"items"`
	}
	if err := web.DecodeJSON(w, r, &req); err != nil || len(req.Items) == 0 {
		web.WriteError(w, http.StatusBadRequest, errors.New("items are required"))
		return
	}
	s.store.mu.Lock()
	s.store.seq++
	id := "soft-" + strconv.Itoa(s.store.seq)
	s.store.reservations[id] = req.Items
	s.store.mu.Unlock()
	web.WriteJSON(w, http.StatusCreated, map[string]any{"id": id, "expiresAt": time.Now().Add(15 * time.Minute).UTC()})
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
