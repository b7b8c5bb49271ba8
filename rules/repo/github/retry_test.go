package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	rateLimitBody = `{"message": "API rate limit exceeded for user ID 1.", "documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`
	secondaryBody = `{"message": "You have exceeded a secondary rate limit.", "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`
)

// scripted answers the n-th request with the n-th answer (the last one
// repeating); a nil answer is a network failure.
type scripted struct {
	mu      sync.Mutex
	answers []func(*http.Request) *http.Response
	n       int
}

func (s *scripted) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	a := s.answers[min(s.n, len(s.answers)-1)]
	s.n++
	s.mu.Unlock()
	if a == nil {
		return nil, errors.New("connection reset by peer")
	}
	return a(r), nil
}

func reply(status int, body string, header ...string) func(*http.Request) *http.Response {
	return func(r *http.Request) *http.Response {
		h := http.Header{"Content-Type": {"application/json"}}
		for i := 0; i+1 < len(header); i += 2 {
			h.Set(header[i], header[i+1])
		}
		return &http.Response{StatusCode: status, Status: strconv.Itoa(status) + " " + http.StatusText(status),
			Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: r}
	}
}

// recorder collects what a Client reports through OnWait and OnAttempt.
type recorder struct {
	mu       sync.Mutex
	waits    []Wait
	attempts []Attempt
}

func (r *recorder) wait(w Wait) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waits = append(r.waits, w)
}

func (r *recorder) attempt(a Attempt) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts = append(r.attempts, a)
}

func (r *recorder) reasons() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, w := range r.waits {
		out = append(out, w.Reason)
	}
	return out
}

func (r *recorder) statuses() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []int
	for _, a := range r.attempts {
		out = append(out, a.Status)
	}
	return out
}

func recordingClient(t *testing.T, base http.RoundTripper, rec *recorder, sl *sleeps, maxWait time.Duration) *Client {
	t.Helper()
	c, err := NewClient(ClientOptions{Token: testToken, BaseURL: "https://api.github.com/",
		HTTPClient: &http.Client{Transport: base}, MaxWait: maxWait, MaxRetries: 10,
		Sleep: sl.sleep, Now: sl.now, OnWait: rec.wait, OnAttempt: rec.attempt})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestWaitsReported wants every wait told to OnWait before it happens,
// with its reason and length, and every attempt to OnAttempt.
func TestWaitsReported(t *testing.T) {
	script := &scripted{answers: []func(*http.Request) *http.Response{
		reply(502, `{"message": "Bad Gateway"}`),
		nil,
		reply(403, secondaryBody, "Retry-After", "7"),
		reply(429, `{"message": "Too Many Requests"}`, "Retry-After", "3"),
		reply(200, `{"default_branch": "main"}`),
	}}
	rec, sl := &recorder{}, &sleeps{}
	c := recordingClient(t, script, rec, sl, 0)
	ex, _, err := c.get(context.Background(), "repos/acme/shop")
	if err != nil || !ex.OK() || ex.Attempts != 5 {
		t.Fatalf("get: %v, %+v", err, ex)
	}
	wantReasons := []string{"server error 502", WaitNetworkError, WaitSecondaryRateLimit, WaitSecondaryRateLimit}
	if got := rec.reasons(); fmt.Sprint(got) != fmt.Sprint(wantReasons) {
		t.Errorf("wait reasons %q, want %q", got, wantReasons)
	}
	waits := sl.waits()
	if len(waits) != 4 || waits[0] < 500*time.Millisecond || waits[0] > time.Second ||
		waits[1] < time.Second || waits[1] > 2*time.Second || waits[2] != 7*time.Second || waits[3] != 3*time.Second {
		t.Errorf("sleeps %v, want about 1s, 2s, then 7s and 3s", waits)
	}
	for i, w := range rec.waits {
		if w.Delay != waits[i] || w.Path != "repos/acme/shop" {
			t.Errorf("wait %d = %+v, but the client slept %v", i, w, waits[i])
		}
	}
	if got, want := fmt.Sprint(rec.statuses()), "[502 0 403 429 200]"; got != want {
		t.Errorf("attempt statuses %s, want %s", got, want)
	}
}

// TestPrimaryLimitWaitedOut: with an audit's MaxWait of hours, a primary
// limit that resets in an hour is waited for, then the request goes.
func TestPrimaryLimitWaitedOut(t *testing.T) {
	reset := strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)
	script := &scripted{answers: []func(*http.Request) *http.Response{
		reply(403, rateLimitBody, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset),
		reply(200, `{"default_branch": "main"}`),
	}}
	rec, sl := &recorder{}, &sleeps{}
	c := recordingClient(t, script, rec, sl, 3*time.Hour)
	ex, _, err := c.get(context.Background(), "repos/acme/shop")
	if err != nil || !ex.OK() {
		t.Fatalf("get: %v, %+v", err, ex)
	}
	waits := sl.waits()
	if len(waits) != 1 || waits[0] < 59*time.Minute || waits[0] > time.Hour+2*time.Second {
		t.Errorf("sleeps %v, want one of about an hour", waits)
	}
	if got := rec.reasons(); len(got) != 1 || got[0] != WaitPrimaryRateLimit {
		t.Errorf("wait reasons %q", got)
	}

	// The same client now knows the limit is fine: the next request goes
	// at once.
	if ex, _, err := c.get(context.Background(), "repos/acme/web"); err != nil || !ex.OK() || len(sl.waits()) != 1 {
		t.Errorf("second get: %v, %+v, sleeps %v", err, ex, sl.waits())
	}
}

// TestPrimaryLimitOneProbe: many goroutines meet an exhausted limit.
// They all wait for the reset; then one request goes first, and the
// others wait for its answer instead of meeting the limit together.
func TestPrimaryLimitOneProbe(t *testing.T) {
	const n = 20
	var hits, limited, concurrentWithLimited atomic.Int32
	var limitedActive atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if hits.Add(1) == 1 {
			// The first request after the reset finds the limit still
			// spent (GitHub's clock is a little behind). While it is
			// answered, no other request may arrive.
			limited.Add(1)
			limitedActive.Store(true)
			time.Sleep(50 * time.Millisecond)
			limitedActive.Store(false)
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Minute).Unix(), 10))
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, rateLimitBody)
			return
		}
		if limitedActive.Load() {
			concurrentWithLimited.Add(1)
		}
		_, _ = io.WriteString(w, `{"default_branch": "main"}`)
	}))
	defer srv.Close()
	// The real clock, which the sleeps do not advance: each goroutine
	// must wait for the reset itself.
	rec, sl := &recorder{}, &sleeps{}
	c, err := NewClient(ClientOptions{Token: testToken, BaseURL: srv.URL, HTTPClient: srv.Client(),
		MaxWait: 3 * time.Hour, Sleep: sl.sleep, OnWait: rec.wait, OnAttempt: rec.attempt})
	if err != nil {
		t.Fatal(err)
	}
	c.exhaust(time.Now().Add(30*time.Second), map[string]string{"X-Ratelimit-Remaining": "0"})

	var wg sync.WaitGroup
	exchanges := make([]*Exchange, n)
	for i := range n {
		wg.Go(func() {
			ex, _, err := c.get(context.Background(), "repos/acme/r"+strconv.Itoa(i))
			if err != nil {
				t.Error(err)
			}
			exchanges[i] = ex
		})
	}
	wg.Wait()
	for i, ex := range exchanges {
		if !ex.OK() {
			t.Errorf("request %d: %+v", i, ex)
		}
	}
	if hits.Load() != n+1 || limited.Load() != 1 || concurrentWithLimited.Load() != 0 {
		t.Errorf("%d requests, %d limited, %d sent while the limited one was answered; want %d, 1, 0",
			hits.Load(), limited.Load(), concurrentWithLimited.Load(), n+1)
	}
	reasons := rec.reasons()
	if len(reasons) < n {
		t.Errorf("%d waits told, want at least one per goroutine (%d)", len(reasons), n)
	}
	for _, r := range reasons {
		if r != WaitPrimaryRateLimit {
			t.Errorf("wait reason %q", r)
		}
	}
	if len(rec.statuses()) != n+1 {
		t.Errorf("%d attempts told, want %d", len(rec.statuses()), n+1)
	}
}

// TestProbeReleasedOnCancel: a probe whose context ends lets another
// request probe instead of leaving everyone waiting.
func TestProbeReleasedOnCancel(t *testing.T) {
	script := &scripted{answers: []func(*http.Request) *http.Response{reply(200, `{}`)}}
	rec, sl := &recorder{}, &sleeps{}
	c := recordingClient(t, script, rec, sl, time.Hour)
	c.exhaust(time.Now().Add(-time.Second), nil)
	r := &retrier{c: c, path: "repos/acme/shop"}
	if ok, _, _, err := r.admit(context.Background()); !ok || err != nil || !r.probing {
		t.Fatalf("admit: %v %v, probing %v", ok, err, r.probing)
	}
	r.release()
	done := make(chan error)
	go func() {
		ex, _, err := c.get(context.Background(), "repos/acme/web")
		if err == nil && !ex.OK() {
			err = errors.New(ex.Error)
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a released probe left the next request waiting")
	}
}
