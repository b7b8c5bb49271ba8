// Command search answers product searches.
package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ivory-jenga/shop/libs/platform/config"
	"github.com/ivory-jenga/shop/libs/platform/httpx"
)

type server struct {
	client     *http.Client
	catalogURL string
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "search"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	s := &server{
		client:     httpx.NewClient(config.Duration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		catalogURL: config.MustString("CATALOG_URL"),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpx.Healthz)
	mux.HandleFunc("GET /search", s.search)
	mux.HandleFunc("GET /popular", s.popular)

	addr := config.String("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := httpx.ListenAndServe(ctx, addr, mux); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

type hit struct {
	SKU         string `json:"sku"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

func (s *server) search(w http.ResponseWriter, r *http.Request) {
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("q")))
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 || limit > 50 {
		limit = 20
	}
	var all []hit
	if err := httpx.GetJSON(r.Context(), s.client, s.catalogURL+"/products", &all); err != nil {
		httpx.WriteError(w, http.StatusBadGateway, err)
		return
	}
	var hits []hit
	for _, h := range all {
		if strings.Contains(strings.ToLower(h.Name+" "+h.Description), q) {
			hits = append(hits, h)
		}
	}
	if len(hits) > limit {
		hits = hits[:limit]
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"query": q, "results": hits})
}

func (s *server) popular(w http.ResponseWriter, _ *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, []string{"lamp", "linen", "oak", "pour-over"})
}
