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

	"github.com/ivory-jenga/shop/libs/platform/config"
	"github.com/ivory-jenga/shop/libs/platform/httpx"
)

type server struct {
	client *http.Client
	store  *store
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "inventory"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	s := &server{
		client: httpx.NewClient(config.Duration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		store:  newStore(),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpx.Healthz)
	mux.HandleFunc("GET /stock/{sku}", s.getStock)
	mux.HandleFunc("POST /reservations", s.reserve)
	mux.HandleFunc("POST /reservations/{id}/commit", s.commit)

	addr := config.String("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := httpx.ListenAndServe(ctx, addr, mux); err != nil {
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
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"sku": sku, "available": available})
}

func (s *server) reserve(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Items []reservedLine `json:"items"`
	}
	if err := httpx.DecodeJSON(w, r, &req); err != nil || len(req.Items) == 0 {
		httpx.WriteError(w, http.StatusBadRequest, errors.New("items are required"))
		return
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	for _, it := range req.Items {
		if s.store.stock[it.SKU] < it.Quantity {
			httpx.WriteError(w, http.StatusConflict, fmt.Errorf("not enough stock for %s", it.SKU))
			return
		}
	}
	for _, it := range req.Items {
		s.store.stock[it.SKU] -= it.Quantity
	}
	s.store.seq++
	id := "res-" + strconv.Itoa(s.store.seq)
	s.store.reservations[id] = req.Items
	httpx.WriteJSON(w, http.StatusCreated, map[string]string{"id": id})
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
