package github

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// codeload is the archive host GitHub redirects to: another host, which
// must never see the token.
type codeload struct {
	srv  *httptest.Server
	mu   sync.Mutex
	auth []string
	body []byte
}

func newCodeload(t *testing.T, body []byte) *codeload {
	cl := &codeload{body: body}
	cl.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cl.mu.Lock()
		cl.auth = append(cl.auth, r.Header.Get("Authorization"))
		cl.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Header().Set("ETag", `"abc"`)
		_, _ = w.Write(cl.body)
	}))
	t.Cleanup(cl.srv.Close)
	return cl
}

// url is the archive's address under another host name than the API's
// 127.0.0.1, which the token transport tells apart.
func (cl *codeload) url(path string) string {
	return strings.Replace(cl.srv.URL, "127.0.0.1", "localhost", 1) + path
}

func TestTarballRedirectWithoutToken(t *testing.T) {
	archive := bytes.Repeat([]byte("0123456789abcdef"), 20<<20/16) // 20 MiB: beyond maxBody
	cl := newCodeload(t, archive)
	a := newAPIServer(t)
	var gotPath, gotAccept, gotAgent string
	a.routes["repos/acme/shop/tarball/release%2F1.0"] = func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotAccept, gotAgent = r.URL.EscapedPath(), r.Header.Get("Accept"), r.Header.Get("User-Agent")
		http.Redirect(w, r, cl.url("/acme/shop/legacy.tar.gz/refs/heads/release/1.0"), http.StatusFound)
	}
	rec := &recorder{}
	c := a.client(t, ClientOptions{OnAttempt: rec.attempt})
	rc, err := Tarball(context.Background(), c, "acme", "shop", "release/1.0")
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	n, err := io.Copy(h, rc)
	_ = rc.Close()
	if want := sha256.Sum256(archive); err != nil || !bytes.Equal(h.Sum(nil), want[:]) {
		t.Errorf("read %d bytes (%v), want the %d of the archive", n, err, len(archive))
	}
	if gotPath != "/api/v3/repos/acme/shop/tarball/release%2F1.0" || gotAccept != "application/vnd.github.v3+json" || gotAgent != userAgent {
		t.Errorf("request: path %q, Accept %q, User-Agent %q", gotPath, gotAccept, gotAgent)
	}
	if len(cl.auth) != 1 || cl.auth[0] != "" {
		t.Errorf("the archive host got Authorization %q", cl.auth)
	}
	if fmt.Sprint(rec.statuses()) != "[200]" {
		t.Errorf("attempts %v, want one", rec.statuses())
	}
}

func TestTarballRetries(t *testing.T) {
	cl := newCodeload(t, []byte("archive"))
	a := newAPIServer(t)
	n := 0
	a.routes["repos/acme/shop/tarball/main"] = func(w http.ResponseWriter, r *http.Request) {
		n++
		switch n {
		case 1:
			w.WriteHeader(http.StatusBadGateway)
		case 2:
			w.Header().Set("Retry-After", "5")
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, secondaryBody)
		default:
			http.Redirect(w, r, cl.url("/x.tar.gz"), http.StatusFound)
		}
	}
	rec, sl := &recorder{}, &sleeps{}
	c := a.client(t, ClientOptions{OnWait: rec.wait, Sleep: sl.sleep, Now: sl.now})
	rc, err := Tarball(context.Background(), c, "acme", "shop", "main")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rc.Close() }()
	if got, _ := io.ReadAll(rc); string(got) != "archive" {
		t.Errorf("archive %q", got)
	}
	if got := fmt.Sprint(rec.reasons()); got != "[server error 502 secondary rate limit]" {
		t.Errorf("waits %s", got)
	}
}

func TestTarballErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		status  int
		body    string
		wantErr error
		want    string
	}{
		{"empty or gone", 404, `{"message": "Not Found"}`, ErrNotFound,
			"github: downloading acme/shop@main: not found: the repository is deleted, empty or not visible to the token, or has no main"},
		{"bad token", 401, `{"message": "Bad credentials"}`, ErrUnauthorized,
			"github: downloading acme/shop@main: GitHub rejected the token (bad credentials, expired or revoked)"},
		{"echoing refusal", 403, `{"message": "refused {{authorization}}"}`, nil,
			`github: downloading acme/shop@main: HTTP 403: "refused Bearer [REDACTED]"`},
		{"server down", 503, ``, ErrUnavailable,
			"github: downloading acme/shop@main: GitHub is unavailable: HTTP 503 on all 5 attempts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newAPIServer(t)
			a.routes["repos/acme/shop/tarball/main"] = func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, strings.ReplaceAll(tc.body, "{{authorization}}", r.Header.Get("Authorization")))
			}
			rc, err := Tarball(context.Background(), a.client(t, ClientOptions{}), "acme", "shop", "main")
			if rc != nil {
				t.Error("an archive with the error")
			}
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v\nwant %s", err, tc.want)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("%v does not wrap %v", err, tc.wantErr)
			}
		})
	}
	c, _ := NewClient(ClientOptions{})
	for _, args := range [][3]string{{"acme", "shop", ""}, {"acme", "shop", ".."}, {"acme", "a/b", "main"}} {
		if _, err := Tarball(context.Background(), c, args[0], args[1], args[2]); err == nil {
			t.Errorf("Tarball accepted %q", args)
		}
	}
}
