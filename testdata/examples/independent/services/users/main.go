// Command users manages customer accounts.
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
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

	"github.com/independent/shop/services/users/internal/web"
	"github.com/open-feature/go-sdk/openfeature"
)

// Feature flags evaluated by this service; flags/flags.flagd.json defines them.
const flagPasskeyLogin = "users-passkey-login"

type server struct {
	client           *http.Client
	flags            *openfeature.Client
	notificationsURL string
	store            *store
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "users"))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Until a provider is registered the SDK serves every flag's default value,
	// so new behaviour stays off (fail closed).
	s := &server{
		client:           web.NewClient(envDuration("HTTP_CLIENT_TIMEOUT", 5*time.Second)),
		flags:            openfeature.NewClient("users"),
		notificationsURL: mustEnv("NOTIFICATIONS_URL"),
		store:            &store{users: map[string]user{}},
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", web.Healthz)
	mux.HandleFunc("POST /users", s.createUser)
	mux.HandleFunc("GET /users/{id}", s.getUser)
	mux.HandleFunc("POST /login/passkey", s.passkeyChallenge) // behind flagPasskeyLogin

	addr := env("LISTEN_ADDR", ":8080")
	slog.Info("listening", "addr", addr)
	if err := web.ListenAndServe(ctx, addr, mux); err != nil {
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
	if err := web.DecodeJSON(w, r, &u); err != nil || !strings.Contains(u.Email, "@") {
		web.WriteError(w, http.StatusBadRequest, errors.New("a valid email is required"))
		return
	}
	s.store.mu.Lock()
	s.store.seq++
	u.ID = "usr-" + strconv.Itoa(s.store.seq)
	u.CreatedAt = time.Now().UTC()
	s.store.users[u.ID] = u
	s.store.mu.Unlock()
	msg := map[string]string{"customerId": u.ID, "template": "welcome"}
	if err := web.PostJSON(r.Context(), s.client, s.notificationsURL+"/notify", msg, nil); err != nil {
		slog.Warn("welcome mail not sent", "user", u.ID, "err", err)
	}
	web.WriteJSON(w, http.StatusCreated, u)
}

func (s *server) getUser(w http.ResponseWriter, r *http.Request) {
	s.store.mu.Lock()
	u, ok := s.store.users[r.PathValue("id")]
	s.store.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	web.WriteJSON(w, http.StatusOK, u)
}

// passkeyChallenge starts a WebAuthn login.
func (s *server) passkeyChallenge(w http.ResponseWriter, r *http.Request) {
	on, err := s.flags.BooleanValue(r.Context(), flagPasskeyLogin, false, openfeature.EvaluationContext{})
	if err != nil || !on {
		http.NotFound(w, r)
		return
	}
	challenge := make([]byte, 32)
	if _, err := rand.Read(challenge); err != nil {
		web.WriteError(w, http.StatusInternalServerError, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{
		"challenge": base64.RawURLEncoding.EncodeToString(challenge),
		"rpId":      "shop.example.com",
		"timeout":   60000,
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
