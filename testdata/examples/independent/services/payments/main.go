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

	"github.com/independent/shop-platform/logging"
	"github.com/independent/shop/services/payments/internal/web"
	"github.com/open-feature/go-sdk/openfeature"
)

// Feature flags evaluated by this service; flags/flags.flagd.json defines them.
const flagWalletPay = "payments-wallet-pay"

type server struct {
	client           *http.Client
	flags            *openfeature.Client
	notificationsURL string
	store            *store
}

func main() {
	slog.SetDefault(logging.New("payments"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Until a provider is registered the SDK serves every flag's default value,
	// so new behaviour stays off (fail closed).
	s := &server{
		client:           web.NewClient(envDuration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		flags:            openfeature.NewClient("payments"),
		notificationsURL: mustEnv("NOTIFICATIONS_URL"),
		store:            &store{payments: map[string]payment{}},
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.HandleFunc("POST /payments", s.authorize)
	mux.HandleFunc("GET /payments/{id}", s.getPayment)
	mux.HandleFunc("POST /payments/wallet", s.walletPay) // behind flagWalletPay

	addr := env("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := web.ListenAndServe(ctx, addr, mux); err != nil {
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
	if err := web.DecodeJSON(w, r, &p); err != nil || p.Amount <= 0 || p.Token == "" {
		web.WriteError(w, http.StatusBadRequest, errors.New("amount and token are required"))
		return
	}
	p.Method = "card"
	p = s.store.add(p)
	s.receipt(r.Context(), p.ID)
	web.WriteJSON(w, http.StatusCreated, p)
}

func (s *server) getPayment(w http.ResponseWriter, r *http.Request) {
	s.store.mu.Lock()
	p, ok := s.store.payments[r.PathValue("id")]
	s.store.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	web.WriteJSON(w, http.StatusOK, p)
}

// walletPay authorizes an Apple Pay or Google Pay token.
func (s *server) walletPay(w http.ResponseWriter, r *http.Request) {
	on, err := s.flags.BooleanValue(r.Context(), flagWalletPay, false, openfeature.EvaluationContext{})
	if err != nil || !on {
		http.NotFound(w, r)
		return
	}
	var req struct {
		Wallet      string `json:"wallet"`
		WalletToken string `json:"walletToken"`
		Amount      int64  `json:"amount"`
		Currency    string `json:"currency"`
	}
	if err := web.DecodeJSON(w, r, &req); err != nil || req.Amount <= 0 || (req.Wallet != "apple-pay" && req.Wallet != "google-pay") {
		web.WriteError(w, http.StatusBadRequest, errors.New("wallet must be apple-pay or google-pay"))
		return
	}
	p := s.store.add(payment{Amount: req.Amount, Currency: req.Currency, Method: req.Wallet})
	s.receipt(r.Context(), p.ID)
	web.WriteJSON(w, http.StatusCreated, p)
}

func (s *server) receipt(ctx context.Context, paymentID string) {
	msg := map[string]string{"template": "payment-authorized", "paymentId": paymentID}
	if err := web.PostJSON(ctx, s.client, s.notificationsURL+"/notify", msg, nil); err != nil {
		slog.Warn("receipt not sent", "payment", paymentID, "err", err)
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
