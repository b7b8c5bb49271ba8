package httpcache_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/github"
	"github.com/lockstep-lint/lockstep/rules/repo/github/httpcache"
)

const token = "ghp_httpcacheE2E0123456789abcdefSECRET"

// etagGitHub serves an organization of five repositories with ETags, as
// GitHub does, and counts answers that cost rate limit (all but 304s).
// Repository "echo" answers its rules with the request's Authorization.
type etagGitHub struct {
	srv            *httptest.Server
	charged, total atomic.Int32
}

func newEtagGitHub(t *testing.T) *etagGitHub {
	g := &etagGitHub{}
	names := []string{"a", "b", "c", "d", "echo"}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.total.Add(1)
		if r.Header.Get("Authorization") != "Bearer "+token {
			t.Errorf("%s: Authorization %q", r.URL, r.Header.Get("Authorization"))
		}
		path := strings.TrimPrefix(r.URL.Path, "/api/v3/")
		var body, link string
		switch {
		case path == "orgs/acme/repos" && r.URL.Query().Get("page") == "":
			link = fmt.Sprintf(`<%s/api/v3/orgs/acme/repos?type=all&per_page=100&page=2>; rel="next"`, g.srv.URL)
			body = repoList(names[:3])
		case path == "orgs/acme/repos":
			body = repoList(names[3:])
		case strings.HasSuffix(path, "/branches/main/protection"), path == "repos/acme/echo/rulesets/1":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"message": "Branch not protected"}`)
			g.charged.Add(1)
			return
		case path == "repos/acme/echo/rules/branches/main":
			body = fmt.Sprintf(`[{"type": "creation", "ruleset_id": 1, "ruleset_source_type": "Repository", "ruleset_source": %q}]`,
				r.Header.Get("Authorization"))
		case strings.HasSuffix(path, "/rules/branches/main"):
			body = `[]`
		case path == "repos/acme/echo/branches/main":
			// Its rules make it protected, as GitHub counts rulesets.
			body = `{"name": "main", "commit": {"sha": "abc"}, "protected": true}`
		case strings.HasSuffix(path, "/branches/main"):
			body = `{"name": "main", "commit": {"sha": "abc"}, "protected": false}`
		default:
			t.Errorf("unexpected %s", r.URL)
			w.WriteHeader(http.StatusNotFound)
			return
		}
		sum := sha256.Sum256([]byte(body))
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		w.Header().Set("Etag", etag)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if link != "" {
			w.Header().Set("Link", link)
		}
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		g.charged.Add(1)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func repoList(names []string) string {
	var items []string
	for _, n := range names {
		items = append(items, fmt.Sprintf(`{"name": %q, "owner": {"login": "acme"}, "default_branch": "main", "permissions": {"admin": true}}`, n))
	}
	return "[" + strings.Join(items, ",") + "]"
}

// audit lists the organization and reads every repository's settings as
// an audit does, through a fresh client over the cache in dir, and
// returns how many attempts the client saw revalidated.
func audit(t *testing.T, g *etagGitHub, dir string, branchFirst bool) (revalidated int) {
	t.Helper()
	cache, err := httpcache.New(dir, g.srv.Client().Transport)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	c, err := github.NewClient(github.ClientOptions{Token: token, BaseURL: g.srv.URL + "/api/v3",
		HTTPClient: &http.Client{Transport: cache},
		OnAttempt: func(a github.Attempt) {
			mu.Lock()
			defer mu.Unlock()
			if a.Revalidated {
				revalidated++
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	repos, err := github.ListRepositories(ctx, c, github.Owner{Kind: github.Organization, Login: "acme"})
	if err != nil || len(repos) != 5 {
		t.Fatalf("listing: %d repositories, %v", len(repos), err)
	}
	for _, r := range repos {
		snap, err := github.FetchWith(ctx, c, r.Owner, r.Name, github.FetchOptions{Repository: r.Exchange, BranchFirst: branchFirst})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := github.FromSnapshot(snap); err != nil {
			t.Fatal(err)
		}
	}
	return revalidated
}

// TestUnchangedReaudit audits an organization twice over one cache: the
// second audit costs only what GitHub cannot answer 304 to, and the
// token is in no cache file.
func TestUnchangedReaudit(t *testing.T) {
	g := newEtagGitHub(t)
	dir := filepath.Join(t.TempDir(), "cache")
	// Listing 2 pages, then per repository protection and rules (the
	// echoing rules answer asks its ruleset too: 404).
	if n := audit(t, g, dir, false); n != 0 {
		t.Errorf("first audit: %d revalidated", n)
	}
	first := g.charged.Load()
	g.charged.Store(0)
	n := audit(t, g, dir, false)
	// Charged again: 5 protection 404s and the echoing repository's
	// ruleset 404 (refusals are not kept), and the echoing answer (never
	// kept); the 2 listing pages and 4 rules are free.
	if got := g.charged.Load(); first != 13 || got != 7 || n != 6 {
		t.Errorf("audits charged %d then %d, %d revalidated; want 13, 7 and 6", first, got, n)
	}

	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, secret := range []string{token, "Bearer", "Authorization"} {
			if strings.Contains(strings.ToLower(string(data)), strings.ToLower(secret)) {
				t.Errorf("%s holds %q:\n%s", path, secret, data)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestUnchangedReauditBranchFirst: reading the branch first, an
// unprotected repository costs one request on a first audit and none on
// an unchanged re-audit; the echoing repository, protected by its
// ruleset, pays its classic protection's 404, its echoing rules (never
// kept) and its ruleset's 404 each time.
func TestUnchangedReauditBranchFirst(t *testing.T) {
	g := newEtagGitHub(t)
	dir := filepath.Join(t.TempDir(), "cache")
	audit(t, g, dir, true)
	first := g.charged.Load()
	g.charged.Store(0)
	n := audit(t, g, dir, true)
	// First: 2 listing pages, 5 branches, and echo's 3. Then free: 2
	// listing pages, 5 branches.
	if got := g.charged.Load(); first != 10 || got != 3 || n != 7 {
		t.Errorf("audits charged %d then %d, %d revalidated; want 10, 3 and 7", first, got, n)
	}
}
