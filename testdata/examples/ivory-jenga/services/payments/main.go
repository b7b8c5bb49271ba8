// Command payments authorizes card payments.
package main

import (
	"context"
	"errors"
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
	client           *http.Client
	notificationsURL string
	store            *store
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "payments"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	s := &server{
		client:           httpx.NewClient(config.Duration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		notificationsURL: config.MustString("NOTIFICATIONS_URL"),
		store:            &store{payments: map[string]payment{}},
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpx.Healthz)
	mux.HandleFunc("POST /payments", s.authorize)
	mux.HandleFunc("GET /payments/{id}", s.getPayment)

	addr := config.String("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := httpx.ListenAndServe(ctx, addr, mux); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

type payment struct {
	ID       string `json:"id"`
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
	Token    string `json:"token,omitempty"`
	Method   string `json:"method"`
	Status   string `json:"status"`
}

type store struct {
	mu       sync.Mutex
	seq      int
	payments map[string]payment
}

func (st *store) add(p payment) payment {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.seq++
	p.ID = "pay-" + strconv.Itoa(st.seq)
	p.Status = "authorized"
	p.Token = "" // never keep card tokens
	st.payments[p.ID] = p
	return p
}

func (s *server) authorize(w http.ResponseWriter, r *http.Request) {
	var p payment
	if err := httpx.DecodeJSON(w, r, &p); err != nil || p.Amount <= 0 || p.Token == "" {
		httpx.WriteError(w, http.StatusBadRequest, errors.New("amount and token are required"))
		return
	}
	p.Method = "card"
	p = s.store.add(p)
	s.receipt(r.Context(), p.ID)
	httpx.WriteJSON(w, http.StatusCreated, p)
}

func (s *server) getPayment(w http.ResponseWriter, r *http.Request) {
	s.store.mu.Lock()
	p, ok := s.store.payments[r.PathValue("id")]
	s.store.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, p)
}

func (s *server) receipt(ctx context.Context, paymentID string) {
	msg := map[string]string{"template": "payment-authorized", "paymentId": paymentID}
	if err := httpx.PostJSON(ctx, s.client, s.notificationsURL+"/notify", msg, nil); err != nil {
		slog.Warn("receipt not sent", "payment", paymentID, "err", err)
	}
}
