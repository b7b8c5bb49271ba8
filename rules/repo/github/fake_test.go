package github

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testToken must never appear in anything this package produces.
const testToken = "ghp_lockstepTEST0123456789abcdefSECRET"

// fakeGitHub serves the recorded answers of one scenario under
// testdata/github/<scenario>/. routes.txt lists them, one per line:
//
//	GET PATH[?page=N] -> STATUS BODYFILE|-
//	    Header-Name: value        (indented lines: headers of that answer)
//
// PATH is relative to the API root, as Fetch asks it; several lines for
// one PATH are served in turn, the last one repeating. In bodies and
// headers, {{authorization}} is the request's Authorization header (to
// play a hostile server) and {{unix+DURATION}} a Unix time from now.
type fakeGitHub struct {
	t      *testing.T
	dir    string
	token  string // the Authorization every request must carry; "" for none
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string][]answer
	hits   map[string]int
}

type answer struct {
	status int
	body   string // file name, "" for none
	header [][2]string
}

func newFakeGitHub(t *testing.T, scenario, token string) *fakeGitHub {
	t.Helper()
	f := &fakeGitHub{t: t, dir: filepath.Join("..", "..", "..", "testdata", "github", scenario), token: token,
		routes: map[string][]answer{}, hits: map[string]int{}}
	f.load()
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v3/", f.serve)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the API root: %s", r.URL)
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

var routeLine = regexp.MustCompile(`^GET (\S+) -> (\d{3}) (\S+)$`)

func (f *fakeGitHub) load() {
	file, err := os.Open(filepath.Join(f.dir, "routes.txt"))
	if err != nil {
		f.t.Fatal(err)
	}
	defer func() { _ = file.Close() }()
	var last string
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case line[0] == ' ' || line[0] == '\t':
			name, value, ok := strings.Cut(trimmed, ":")
			if !ok || last == "" {
				f.t.Fatalf("routes.txt: bad header line %q", line)
			}
			a := f.routes[last]
			a[len(a)-1].header = append(a[len(a)-1].header, [2]string{name, strings.TrimSpace(value)})
		default:
			m := routeLine.FindStringSubmatch(trimmed)
			if m == nil {
				f.t.Fatalf("routes.txt: bad line %q", line)
			}
			status, _ := strconv.Atoi(m[2])
			body := m[3]
			if body == "-" {
				body = ""
			}
			last = m[1]
			f.routes[last] = append(f.routes[last], answer{status: status, body: body})
		}
	}
}

func (f *fakeGitHub) serve(w http.ResponseWriter, r *http.Request) {
	auth := r.Header.Get("Authorization")
	if want := "Bearer " + f.token; (f.token == "" && auth != "") || (f.token != "" && auth != want) {
		f.t.Errorf("%s: Authorization is %q, want %q", r.URL.Path, auth, want)
	}
	path := strings.TrimPrefix(r.URL.EscapedPath(), "/api/v3/")
	q := r.URL.Query()
	f.checkQuery(path, q)
	key := path
	if page := q.Get("page"); page != "" && page != "1" {
		key += "?page=" + page
	}
	f.mu.Lock()
	answers := f.routes[key]
	n := f.hits[key]
	f.hits[key]++
	f.mu.Unlock()
	if len(answers) == 0 {
		f.t.Errorf("unexpected request GET %s", key)
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
		return
	}
	a := answers[min(n, len(answers)-1)]
	for _, h := range a.header {
		w.Header().Add(h[0], expand(h[1], auth))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(a.status)
	if a.body != "" {
		data, err := os.ReadFile(filepath.Join(f.dir, a.body))
		if err != nil {
			f.t.Errorf("%s: %v", key, err)
		}
		_, _ = fmt.Fprint(w, expand(string(data), auth))
	}
}

// checkQuery insists on what Fetch must ask: a full page on every list,
// and the organization's rulesets too.
func (f *fakeGitHub) checkQuery(path string, q map[string][]string) {
	isList := strings.Contains(path, "/rules/branches/") || strings.HasSuffix(path, "/rulesets") ||
		strings.HasSuffix(path, "/environments")
	if isList && (len(q["per_page"]) != 1 || q["per_page"][0] != "100") {
		f.t.Errorf("%s: per_page is %v, want 100", path, q["per_page"])
	}
	if strings.Contains(path, "/rulesets") && (len(q["includes_parents"]) != 1 || q["includes_parents"][0] != "true") {
		f.t.Errorf("%s: includes_parents is %v, want true", path, q["includes_parents"])
	}
}

var unixTemplate = regexp.MustCompile(`\{\{unix\+(\w+)\}\}`)

func expand(s, auth string) string {
	s = strings.ReplaceAll(s, "{{authorization}}", auth)
	return unixTemplate.ReplaceAllStringFunc(s, func(m string) string {
		d, err := time.ParseDuration(unixTemplate.FindStringSubmatch(m)[1])
		if err != nil {
			return m
		}
		return strconv.FormatInt(time.Now().Add(d).Unix(), 10)
	})
}

func (f *fakeGitHub) hitCount(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[key]
}

// sleeps records the waits a Client asks for, without waiting; its
// clock is the real one advanced by every wait.
type sleeps struct {
	mu      sync.Mutex
	d       []time.Duration
	elapsed time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.elapsed += d
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Now().Add(s.elapsed)
}

func (s *sleeps) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// client is a Client of f that never really waits. The base URL lacks
// its trailing slash on purpose: NewClient must add it.
func (f *fakeGitHub) client(t *testing.T, s *sleeps) *Client {
	t.Helper()
	c, err := NewClient(ClientOptions{
		Token:      f.token,
		BaseURL:    f.srv.URL + "/api/v3",
		HTTPClient: f.srv.Client(),
		Sleep:      s.sleep,
		Now:        s.now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
