// Command search answers product searches.
package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/independent/shop/services/search/internal/web"
	"github.com/open-feature/go-sdk/openfeature"
)

// Feature flags evaluated by this service; flags/flags.flagd.json defines them.
const flagSemanticRanking = "search-semantic-ranking"

type server struct {
	client     *http.Client
	flags      *openfeature.Client
	catalogURL string
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "search"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Until a provider is registered the SDK serves every flag's default value,
	// so new behaviour stays off (fail closed).
	s := &server{
		client:     web.NewClient(envDuration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		flags:      openfeature.NewClient("search"),
		catalogURL: mustEnv("CATALOG_URL"),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.HandleFunc("GET /search", s.search)
	mux.HandleFunc("GET /popular", s.popular)

	addr := env("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := web.ListenAndServe(ctx, addr, mux); err != nil {
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
	if err := web.GetJSON(r.Context(), s.client, s.catalogURL+"/products", &all); err != nil {
		web.WriteError(w, http.StatusBadGateway, err)
		return
	}
	var hits []hit
	for _, h := range all {
		if strings.Contains(strings.ToLower(h.Name+" "+h.Description), q) {
			hits = append(hits, h)
		}
	}
	semantic, err := s.flags.BooleanValue(r.Context(), flagSemanticRanking, false, openfeature.EvaluationContext{})
	if err == nil && semantic {
		// Name matches first, then description matches.
		sort.SliceStable(hits, func(i, j int) bool {
			return strings.Contains(strings.ToLower(hits[i].Name), q) && !strings.Contains(strings.ToLower(hits[j].Name), q)
		})
	}
	if len(hits) > limit {
		hits = hits[:limit]
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"query": q, "results": hits})
}

func (s *server) popular(w http.ResponseWriter, _ *http.Request) {
	web.WriteJSON(w, http.StatusOK, []string{"lamp", "linen", "oak", "pour-over"})
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
