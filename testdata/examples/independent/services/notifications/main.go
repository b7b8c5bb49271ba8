// Command notifications sends e-mails to customers.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/independent/shop/services/notifications/internal/web"
	"github.com/open-feature/go-sdk/openfeature"
)

// Feature flags evaluated by this service; flags/flags.flagd.json defines them.
const flagSMSChannel = "notifications-sms-channel"

type server struct {
	client *http.Client
	flags  *openfeature.Client
	sent   atomic.Int64
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "notifications"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Until a provider is registered the SDK serves every flag's default value,
	// so new behaviour stays off (fail closed).
	s := &server{
		client: web.NewClient(envDuration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		flags:  openfeature.NewClient("notifications"),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.HandleFunc("POST /notify", s.notify)
	mux.HandleFunc("GET /templates", s.listTemplates)
	mux.HandleFunc("POST /notify/sms", s.notifySMS) // behind flagSMSChannel

	addr := env("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := web.ListenAndServe(ctx, addr, mux); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

var templates = []string{
	"welcome",
	"order-placed", "order-paid", "order-shipped", "order-delivered", "order-cancelled",
	"payment-authorized",
	"shipment-created",
}

func (s *server) notify(w http.ResponseWriter, r *http.Request) {
	var msg map[string]string
	if err := web.DecodeJSON(w, r, &msg); err != nil {
		web.WriteError(w, http.StatusBadRequest, err)
		return
	}
	if !slices.Contains(templates, msg["template"]) {
		web.WriteError(w, http.StatusUnprocessableEntity, fmt.Errorf("unknown template %q", msg["template"]))
		return
	}
	slog.Info("email queued", "template", msg["template"], "customer", msg["customerId"])
	s.sent.Add(1)
	web.WriteJSON(w, http.StatusAccepted, map[string]any{"status": "queued", "sent": s.sent.Load()})
}

func (s *server) listTemplates(w http.ResponseWriter, _ *http.Request) {
	web.WriteJSON(w, http.StatusOK, templates)
}

// notifySMS sends a short text instead of an e-mail.
func (s *server) notifySMS(w http.ResponseWriter, r *http.Request) {
	on, err := s.flags.BooleanValue(r.Context(), flagSMSChannel, false, openfeature.EvaluationContext{})
	if err != nil || !on {
		http.NotFound(w, r)
		return
	}
	var msg struct {
		Phone    string `json:"phone"`
		Template string `json:"template"`
	}
	if err := web.DecodeJSON(w, r, &msg); err != nil || !strings.HasPrefix(msg.Phone, "+") {
		web.WriteError(w, http.StatusBadRequest, errors.New("phone must be in E.164 format"))
		return
	}
	slog.Info("sms queued", "template", msg.Template)
	s.sent.Add(1)
	web.WriteJSON(w, http.StatusAccepted, map[string]string{"status": "queued"})
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
