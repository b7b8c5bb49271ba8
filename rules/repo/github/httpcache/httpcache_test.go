package httpcache

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const token = "ghp_httpcacheTEST0123456789abcdefSECRET"

// origin is a GitHub-like server: it answers GET /r/NAME with the body
// set for NAME and an ETag of its version, 304 when If-None-Match
// matches, and records what it was sent.
type origin struct {
	srv *httptest.Server
	mu  sync.Mutex
	// bodies and headers by path; version bumps the ETag.
	bodies  map[string]string
	headers map[string]http.Header
	version int
	sent    []string // "PATH If-None-Match If-Modified-Since"
}

func newOrigin(t *testing.T) *origin {
	o := &origin{bodies: map[string]string{}, headers: map[string]http.Header{}}
	o.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		body, h, etag := o.bodies[r.URL.Path], o.headers[r.URL.Path], fmt.Sprintf(`"v%d"`, o.version)
		o.sent = append(o.sent, r.URL.Path+" "+r.Header.Get("If-None-Match")+" "+r.Header.Get("If-Modified-Since"))
		o.mu.Unlock()
		for k, v := range h {
			w.Header()[k] = v
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
		}
		if _, set := h["Etag"]; !set {
			w.Header().Set("Etag", etag)
		}
		w.Header().Set("X-Ratelimit-Remaining", "4999")
		if inm := r.Header.Get("If-None-Match"); inm != "" && inm == w.Header().Get("Etag") ||
			r.Header.Get("If-Modified-Since") != "" && r.Header.Get("If-Modified-Since") == w.Header().Get("Last-Modified") {
			w.Header().Set("X-Ratelimit-Remaining", "4998")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		body = strings.ReplaceAll(body, "{{authorization}}", r.Header.Get("Authorization"))
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(o.srv.Close)
	return o
}

func (o *origin) set(path, body string, header ...string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.bodies[path] = body
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Set(header[i], header[i+1])
	}
	o.headers[path] = h
}

func (o *origin) requests() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := o.sent
	o.sent = nil
	return out
}

// get asks path through tr as the github client would, with a token.
func get(t *testing.T, tr http.RoundTripper, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/vnd.github.v3+json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	before := req.Header.Clone()
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(req.Header) != fmt.Sprint(before) {
		t.Errorf("the caller's request was changed: %v", req.Header)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func newCache(t *testing.T) (*Transport, string) {
	dir := filepath.Join(t.TempDir(), "cache")
	tr, err := New(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tr, dir
}

func TestRevalidation(t *testing.T) {
	o := newOrigin(t)
	o.set("/r/list", `[1, 2]`, "Link", `<https://api.github.com/r/list?page=2>; rel="next"`)
	tr, _ := newCache(t)
	url := o.srv.URL + "/r/list"

	resp, body := get(t, tr, url)
	if resp.StatusCode != 200 || body != `[1, 2]` || resp.Header.Get(Header) != "" {
		t.Errorf("miss: %d %q %q", resp.StatusCode, body, resp.Header.Get(Header))
	}
	resp, body = get(t, tr, url)
	if resp.StatusCode != 200 || body != `[1, 2]` || resp.Header.Get(Header) != Revalidated {
		t.Errorf("revalidated: %d %q %q", resp.StatusCode, body, resp.Header.Get(Header))
	}
	if got := resp.Header.Get("Link"); got != `<https://api.github.com/r/list?page=2>; rel="next"` {
		t.Errorf("Link %q", got)
	}
	if got := resp.Header.Get("X-Ratelimit-Remaining"); got != "4998" {
		t.Errorf("X-RateLimit-Remaining %q, want the 304's", got)
	}
	if got, want := fmt.Sprint(o.requests()), `[/r/list   /r/list "v0" ]`; got != want {
		t.Errorf("sent %s, want %s", got, want)
	}

	// Changed: GitHub's new answer replaces the kept one.
	o.mu.Lock()
	o.version++
	o.bodies["/r/list"] = `[3]`
	o.mu.Unlock()
	if resp, body = get(t, tr, url); body != `[3]` || resp.Header.Get(Header) != "" {
		t.Errorf("changed: %q %q", body, resp.Header.Get(Header))
	}
	if resp, body = get(t, tr, url); body != `[3]` || resp.Header.Get(Header) != Revalidated {
		t.Errorf("changed then revalidated: %q %q", body, resp.Header.Get(Header))
	}
	if got, want := fmt.Sprint(o.requests()), `[/r/list "v0"  /r/list "v1" ]`; got != want {
		t.Errorf("sent %s, want %s", got, want)
	}
	if s := tr.Stats(); s != (Stats{Revalidated: 2, Stored: 2}) {
		t.Errorf("stats %+v", s)
	}
}

func TestLastModified(t *testing.T) {
	o := newOrigin(t)
	o.set("/r/lm", `{}`, "Etag", "", "Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")
	tr, _ := newCache(t)
	get(t, tr, o.srv.URL+"/r/lm")
	if resp, _ := get(t, tr, o.srv.URL+"/r/lm"); resp.Header.Get(Header) != Revalidated {
		t.Error("not revalidated by Last-Modified")
	}
	if got, want := fmt.Sprint(o.requests()), `[/r/lm   /r/lm  Mon, 01 Jan 2024 00:00:00 GMT]`; got != want {
		t.Errorf("sent %s, want %s", got, want)
	}
}

// TestNotKept: answers the cache must pass on without keeping, each
// asked twice: the second request must go unconditional.
func TestNotKept(t *testing.T) {
	o := newOrigin(t)
	big := "[" + strings.Repeat(`"xxxxxxxxxxxxxxx",`, 1<<10) + `"end"]`
	o.set("/r/big", big)
	o.set("/r/archive", "gzip bytes", "Content-Type", "application/x-gzip")
	o.set("/r/novalidator", `{}`, "Etag", "")
	o.set("/r/nostore", `{}`, "Cache-Control", "no-store")
	o.set("/r/echo", `{"you": "{{authorization}}"}`)
	o.set("/r/plain", `{}`)
	tr, dir := newCache(t)
	tr.maxEntry = 16 << 10 // below big's length, far quicker than 16 MiB
	for _, tc := range []struct {
		path   string
		header []string
	}{
		{"/r/big", nil},
		{"/r/archive", nil},
		{"/r/novalidator", nil},
		{"/r/nostore", nil},
		{"/r/echo", nil},
		{"/r/plain", []string{"Cache-Control", "no-store"}}, // as github.Tarball asks
	} {
		for range 2 {
			resp, body := get(t, tr, o.srv.URL+tc.path, tc.header...)
			if resp.StatusCode != 200 || resp.Header.Get(Header) != "" {
				t.Errorf("%s: %d %q", tc.path, resp.StatusCode, resp.Header.Get(Header))
			}
			if tc.path == "/r/big" && body != big {
				t.Errorf("the large body came back with %d bytes of %d", len(body), len(big))
			}
			if tc.path == "/r/echo" && !strings.Contains(body, token) {
				t.Errorf("the echoing answer was changed: %q", body)
			}
		}
		for _, sent := range o.requests() {
			if sent != tc.path+"  " {
				t.Errorf("%s: sent %q, want no validator", tc.path, sent)
			}
		}
	}
	if files := entries(t, dir); len(files) != 0 {
		t.Errorf("kept %v", files)
	}
	// Neither a refusal nor another method.
	o.set("/r/missing", `{"message": "Not Found"}`)
	req, _ := http.NewRequest(http.MethodHead, o.srv.URL+"/r/plain", nil)
	if resp, err := tr.RoundTrip(req); err != nil || resp.StatusCode != 200 {
		t.Errorf("HEAD: %v", err)
	}
	if files := entries(t, dir); len(files) != 0 {
		t.Errorf("kept %v", files)
	}
}

// TestKeyedByTokenAndAccept: another token or another media type never
// gets a kept answer.
func TestKeyedByTokenAndAccept(t *testing.T) {
	o := newOrigin(t)
	o.set("/r/x", `{}`)
	tr, _ := newCache(t)
	url := o.srv.URL + "/r/x"
	get(t, tr, url)
	get(t, tr, url, "Authorization", "Bearer other-token-0123456789")
	get(t, tr, url, "Accept", "application/vnd.github.raw")
	get(t, tr, url)
	if got, want := fmt.Sprint(o.requests()), `[/r/x   /r/x   /r/x   /r/x "v0" ]`; got != want {
		t.Errorf("sent %s, want %s", got, want)
	}
}

// TestDamagedEntries: a truncated, garbled or tampered entry is a miss,
// then replaced; never a panic, never a wrong body.
func TestDamagedEntries(t *testing.T) {
	for name, damage := range map[string]func([]byte) []byte{
		"empty":        func([]byte) []byte { return nil },
		"truncated":    func(b []byte) []byte { return b[:len(b)-2] },
		"no meta line": func([]byte) []byte { return []byte(`{"version": 1`) },
		"garbage":      func([]byte) []byte { return []byte("\x00\xff\n\x00") },
		"wrong length": func(b []byte) []byte { return append(b, 'x') },
		"tampered body": func(b []byte) []byte {
			c := bytes.Clone(b)
			c[len(c)-2] = '9'
			return c
		},
		"other version": func(b []byte) []byte { return bytes.Replace(b, []byte(`"version":1`), []byte(`"version":2`), 1) },
		"huge length": func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"body_length":6`), []byte(`"body_length":99999999999`), 1)
		},
	} {
		t.Run(name, func(t *testing.T) {
			o := newOrigin(t)
			o.set("/r/x", `[1, 2]`)
			tr, dir := newCache(t)
			get(t, tr, o.srv.URL+"/r/x")
			files := entries(t, dir)
			if len(files) != 1 {
				t.Fatalf("entries %v", files)
			}
			data, _ := os.ReadFile(files[0])
			if err := os.WriteFile(files[0], damage(data), 0o600); err != nil {
				t.Fatal(err)
			}
			o.requests()
			resp, body := get(t, tr, o.srv.URL+"/r/x")
			if body != `[1, 2]` || resp.Header.Get(Header) != "" {
				t.Errorf("after damage: %q %q", body, resp.Header.Get(Header))
			}
			if got := fmt.Sprint(o.requests()); got != "[/r/x  ]" {
				t.Errorf("sent %s, want an unconditional request", got)
			}
			if _, body := get(t, tr, o.srv.URL+"/r/x"); body != `[1, 2]` {
				t.Errorf("re-kept entry reads %q", body)
			}
			if got := fmt.Sprint(o.requests()); got != `[/r/x "v0" ]` {
				t.Errorf("sent %s, want a revalidation of the re-kept entry", got)
			}
		})
	}
}

func TestPermissions(t *testing.T) {
	o := newOrigin(t)
	o.set("/r/x", `{}`)
	tr, dir := newCache(t)
	get(t, tr, o.srv.URL+"/r/x")
	files := entries(t, dir)
	if len(files) != 1 {
		t.Fatalf("entries %v", files)
	}
	for path, want := range map[string]fs.FileMode{dir: 0o700, filepath.Dir(files[0]): 0o700, files[0]: 0o600} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", path, got, want)
		}
	}
	if _, err := New("", nil); err == nil {
		t.Error("New accepted no directory")
	}
	if _, err := New(files[0], nil); err == nil {
		t.Error("New accepted a file as its directory")
	}
}

// TestConcurrent: many goroutines, the same and different entries, under
// -race: every answer is the right one.
func TestConcurrent(t *testing.T) {
	o := newOrigin(t)
	for i := range 4 {
		o.set(fmt.Sprintf("/r/%d", i), fmt.Sprintf(`{"n": %d}`, i))
	}
	tr, _ := newCache(t)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 20 {
				n := (g + i) % 4
				_, body := get(t, tr, fmt.Sprintf("%s/r/%d", o.srv.URL, n))
				if want := fmt.Sprintf(`{"n": %d}`, n); body != want {
					t.Errorf("got %q, want %q", body, want)
				}
			}
		})
	}
	wg.Wait()
	// Every answer was kept or revalidated; the first ones to an entry
	// may all miss, but at least one per entry was kept.
	if s := tr.Stats(); s.Revalidated+s.Stored != 16*20 || s.Stored < 4 || s.WriteErrors != 0 {
		t.Errorf("stats %+v", s)
	}
}

// entries lists the cache's files, temporary ones included.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
