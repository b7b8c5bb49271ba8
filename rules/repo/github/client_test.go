package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestTokenNeverLeaks drives every failure this package knows — each
// recorded scenario, a hostile server echoing the token, a server that
// is gone, a cancelled context, bad options — and wants the token in no
// error, no snapshot, no Settings and no formatted Client.
func TestTokenNeverLeaks(t *testing.T) {
	var texts []string
	collect := func(label string, v any) {
		switch x := v.(type) {
		case nil:
		case error:
			texts = append(texts, label+": "+x.Error())
		case string:
			texts = append(texts, label+": "+x)
		default:
			data, err := json.Marshal(x)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, label+": "+string(data))
		}
	}
	run := func(label string, c *Client) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		snap, err := Fetch(ctx, c, "acme", "shop")
		collect(label+" error", err)
		collect(label+" snapshot", snap)
		if snap != nil {
			s, err := FromSnapshot(snap)
			collect(label+" decode error", err)
			if s != nil {
				collect(label+" settings", render(s))
			}
		}
		collect(label+" client", fmt.Sprintf("%v %+v %#v", c, c, c))
	}

	for _, sc := range liveScenarios {
		if sc.noToken {
			continue
		}
		t.Run(sc.name, func(t *testing.T) {
			f := newFakeGitHub(t, sc.name, testToken)
			run(sc.name, f.client(t, &sleeps{}))
		})
	}

	// A server that is gone: network errors carry the URL, never the token.
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	c, err := NewClient(ClientOptions{Token: testToken, BaseURL: gone.URL, Sleep: (&sleeps{}).sleep, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	run("gone", c)

	// A cancelled context.
	f := newFakeGitHub(t, "protected", testToken)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Fetch(ctx, f.client(t, &sleeps{}), "acme", "shop")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Fetch: %v", err)
	}
	collect("cancelled", err)

	// Options NewClient refuses.
	for _, base := range []string{
		"http://example.com/api/v3/",
		"https://user:" + testToken + "@github.example.com/api/v3/",
		"https://" + testToken + "@github.example.com/api/v3/",
		"ftp://" + testToken,
		"%zz" + testToken,
	} {
		_, err := NewClient(ClientOptions{Token: testToken, BaseURL: base})
		if err == nil {
			t.Errorf("NewClient accepted %q", base)
		}
		collect("options", err)
	}

	for _, text := range texts {
		if strings.Contains(text, testToken) {
			t.Errorf("the token leaked: %s", text)
		}
	}
	if len(texts) < 3*len(liveScenarios) {
		t.Errorf("only %d texts checked", len(texts))
	}
}

func TestNewClientBaseURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "https://api.github.com/"},
		{"https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3/"},
		{"https://ghe.example.com/api/v3/", "https://ghe.example.com/api/v3/"},
		{"http://127.0.0.1:8080/api/v3", "http://127.0.0.1:8080/api/v3/"},
	} {
		c, err := NewClient(ClientOptions{Token: testToken, BaseURL: tc.in})
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if got := c.baseURL.String(); got != tc.want {
			t.Errorf("%q: base URL %q, want %q", tc.in, got, tc.want)
		}
	}
	// Without a token, plain http to a remote host is acceptable.
	if _, err := NewClient(ClientOptions{BaseURL: "http://ghe.example.com/"}); err != nil {
		t.Errorf("tokenless http: %v", err)
	}
}

// TestTokenStaysOnHost follows a redirect to another host and wants the
// token left behind.
func TestTokenStaysOnHost(t *testing.T) {
	var leaked string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("Authorization")
		_, _ = fmt.Fprint(w, `{"default_branch": "main"}`)
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			t.Errorf("the API host got no token")
		}
		// 127.0.0.1 and localhost are different hosts to the transport.
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusMovedPermanently)
	}))
	defer api.Close()
	c, err := NewClient(ClientOptions{Token: testToken, BaseURL: api.URL + "/api/v3/", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ex, _, err := c.get(context.Background(), "repos/acme/shop")
	if err != nil || !ex.OK() {
		t.Fatalf("get: %v %+v", err, ex)
	}
	if leaked != "" {
		t.Errorf("the redirected request carried Authorization %q", leaked)
	}
}

func TestRetryBounds(t *testing.T) {
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits++
		w.Header().Set("Retry-After", "100")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = fmt.Fprint(w, `{"message": "Too Many Requests"}`)
	}))
	defer srv.Close()

	// A Retry-After beyond the wait budget is reported at once.
	sl := &sleeps{}
	c, _ := NewClient(ClientOptions{BaseURL: srv.URL, MaxWait: time.Minute, Sleep: sl.sleep})
	ex, _, err := c.get(context.Background(), "repos/acme/shop")
	if err != nil || ex.Status != http.StatusTooManyRequests || hits != 1 || len(sl.waits()) != 0 {
		t.Errorf("over budget: err %v, status %d, %d hits, waits %v", err, ex.Status, hits, sl.waits())
	}

	// Within the budget, the waits add up to no more than MaxWait.
	hits = 0
	sl = &sleeps{}
	c, _ = NewClient(ClientOptions{BaseURL: srv.URL, MaxWait: 250 * time.Second, MaxRetries: 10, Sleep: sl.sleep})
	_, _, _ = c.get(context.Background(), "repos/acme/shop")
	if hits != 3 || len(sl.waits()) != 2 {
		t.Errorf("within budget: %d hits, waits %v; want 3 hits and 2 waits of 100s", hits, sl.waits())
	}

	// A context deadline shorter than the wait ends the retries.
	hits = 0
	sl = &sleeps{}
	c, _ = NewClient(ClientOptions{BaseURL: srv.URL, MaxWait: time.Hour, Sleep: sl.sleep})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _, err = c.get(ctx, "repos/acme/shop")
	if err != nil || hits != 1 || len(sl.waits()) != 0 {
		t.Errorf("deadline: err %v, %d hits, waits %v", err, hits, sl.waits())
	}
}

func TestFetchRejectsBadNames(t *testing.T) {
	c, _ := NewClient(ClientOptions{})
	for _, name := range [][2]string{{"", "shop"}, {"acme", "../x"}, {"ac/me", "shop"}, {"..", "shop"}} {
		if _, err := Fetch(context.Background(), c, name[0], name[1]); err == nil {
			t.Errorf("Fetch accepted %q/%q", name[0], name[1])
		}
	}
	if _, err := FromSnapshot(&Snapshot{Version: 2, Owner: "acme", Repo: "shop"}); err == nil {
		t.Error("FromSnapshot accepted version 2")
	}
}
