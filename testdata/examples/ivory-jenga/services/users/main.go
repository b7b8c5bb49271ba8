// Command users manages customer accounts.
package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
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
	notificationsURL string
	store            *store
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "users"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	s := &server{
		client:           httpx.NewClient(config.Duration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		notificationsURL: config.MustString("NOTIFICATIONS_URL"),
		store:            &store{users: map[string]user{}},
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpx.Healthz)
	mux.HandleFunc("POST /users", s.createUser)
	mux.HandleFunc("GET /users/{id}", s.getUser)

	addr := config.String("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := httpx.ListenAndServe(ctx, addr, mux); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

type user struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
}

type store struct {
	mu    sync.Mutex
	seq   int
	users map[string]user
}

func (s *server) createUser(w http.ResponseWriter, r *http.Request) {
	var u user
	if err := httpx.DecodeJSON(w, r, &u); err != nil || !strings.Contains(u.Email, "@") {
		httpx.WriteError(w, http.StatusBadRequest, errors.New("a valid email is required"))
		return
	}
	s.store.mu.Lock()
	s.store.seq++
	u.ID = "usr-" + strconv.Itoa(s.store.seq)
	u.CreatedAt = time.Now().UTC()
	s.store.users[u.ID] = u
	s.store.mu.Unlock()
	msg := map[string]string{"customerId": u.ID, "template": "welcome"}
	if err := httpx.PostJSON(r.Context(), s.client, s.notificationsURL+"/notify", msg, nil); err != nil {
		slog.Warn("welcome mail not sent", "user", u.ID, "err", err)
	}
	httpx.WriteJSON(w, http.StatusCreated, u)
}

func (s *server) getUser(w http.ResponseWriter, r *http.Request) {
	s.store.mu.Lock()
	u, ok := s.store.users[r.PathValue("id")]
	s.store.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, u)
}
