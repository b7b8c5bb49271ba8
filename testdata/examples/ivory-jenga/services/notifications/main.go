// Command notifications sends e-mails to customers.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ivory-jenga/shop/libs/platform/config"
	"github.com/ivory-jenga/shop/libs/platform/httpx"
)

type server struct {
	client *http.Client
	sent   atomic.Int64
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "notifications"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	s := &server{
		client: httpx.NewClient(config.Duration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpx.Healthz)
	mux.HandleFunc("POST /notify", s.notify)
	mux.HandleFunc("GET /templates", s.listTemplates)

	addr := config.String("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := httpx.ListenAndServe(ctx, addr, mux); err != nil {
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
	if err := httpx.DecodeJSON(w, r, &msg); err != nil {
		httpx.WriteError(w, http.StatusBadRequest, err)
		return
	}
	if !slices.Contains(templates, msg["template"]) {
		httpx.WriteError(w, http.StatusUnprocessableEntity, fmt.Errorf("unknown template %q", msg["template"]))
		return
	}
	slog.Info("email queued", "template", msg["template"], "customer", msg["customerId"])
	s.sent.Add(1)
	httpx.WriteJSON(w, http.StatusAccepted, map[string]any{"status": "queued", "sent": s.sent.Load()})
}

func (s *server) listTemplates(w http.ResponseWriter, _ *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, templates)
}
