package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// apiServer is a fake GitHub answering fixed routes, keyed by the
// request's path and query as the client sends them (RequestURI less the
// API root). It records every request.
type apiServer struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string]func(w http.ResponseWriter, r *http.Request)
	log    []string
}

func newAPIServer(t *testing.T) *apiServer {
	a := &apiServer{t: t, routes: map[string]func(http.ResponseWriter, *http.Request){}}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
			t.Errorf("%s: Authorization %q", r.RequestURI, got)
		}
		key := strings.TrimPrefix(r.RequestURI, "/api/v3/")
		a.mu.Lock()
		a.log = append(a.log, key)
		h := a.routes[key]
		a.mu.Unlock()
		if h == nil {
			t.Errorf("unexpected request %s", key)
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"message": "Not Found"}`)
			return
		}
		h(w, r)
	}))
	t.Cleanup(a.srv.Close)
	return a
}

// json routes key to a fixed answer; link, when set, is the next page's
// query ("page=2").
func (a *apiServer) json(key string, status int, body string, header ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.routes[key] = func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func (a *apiServer) link(path, query string) string {
	return fmt.Sprintf(`<%s/api/v3/%s?%s>; rel="next"`, a.srv.URL, path, query)
}

func (a *apiServer) requests() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.log...)
}

func (a *apiServer) client(t *testing.T, opts ClientOptions) *Client {
	t.Helper()
	opts.Token = testToken
	opts.BaseURL = a.srv.URL + "/api/v3/"
	if opts.HTTPClient == nil {
		opts.HTTPClient = a.srv.Client()
	}
	if opts.Sleep == nil {
		sl := &sleeps{}
		opts.Sleep, opts.Now = sl.sleep, sl.now
	}
	c, err := NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func repoJSON(owner, name string, extra string) string {
	return fmt.Sprintf(`{"name": %q, "full_name": "%s/%s", "owner": {"login": %q}, "default_branch": "main"%s}`,
		name, owner, name, owner, extra)
}

func TestListRepositoriesPaginated(t *testing.T) {
	a := newAPIServer(t)
	const list = "orgs/acme/repos"
	a.json(list+"?type=all&per_page=100", 200, "["+repoJSON("acme", "shop",
		`, "archived": true, "fork": true, "private": true, "pushed_at": "2024-05-01T10:00:00Z", "size": 2048, "permissions": {"admin": false}`)+
		","+repoJSON("acme", "web", "")+"]",
		"Link", a.link(list, "type=all&per_page=100&page=2"))
	a.json(list+"?type=all&per_page=100&page=2", 200, "["+repoJSON("acme", "web", "")+","+repoJSON("acme", "api", "")+"]",
		"Link", a.link(list, "type=all&per_page=100&page=3"))
	a.json(list+"?type=all&per_page=100&page=3", 200, "[]")
	c := a.client(t, ClientOptions{})
	repos, err := ListRepositories(context.Background(), c, Owner{Kind: Organization, Login: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range repos {
		names = append(names, r.FullName())
	}
	if got, want := strings.Join(names, " "), "acme/shop acme/web acme/api"; got != want {
		t.Errorf("repositories %q, want %q (the duplicate on page 2 once)", got, want)
	}
	shop := repos[0]
	wantPushed := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	if shop.DefaultBranch != "main" || !shop.Archived || !shop.Fork || !shop.Private || shop.Size != 2048 ||
		!shop.PushedAt.Equal(wantPushed) {
		t.Errorf("acme/shop decoded as %+v", shop)
	}
	if ex := shop.Exchange; ex == nil || ex.Path != "repos/acme/shop" || ex.Status != 200 ||
		!strings.Contains(string(ex.Body), `"permissions": {"admin": false}`) {
		t.Errorf("acme/shop's exchange %+v", shop.Exchange)
	}
	if repos[1].Archived || !repos[1].PushedAt.IsZero() {
		t.Errorf("acme/web decoded as %+v", repos[1])
	}
	if got := len(a.requests()); got != 3 {
		t.Errorf("%d requests, want 3: %v", got, a.requests())
	}
}

func TestListRepositoriesOfUser(t *testing.T) {
	a := newAPIServer(t)
	a.json("users/alice/repos?type=owner&per_page=100", 200, "["+repoJSON("alice", "dotfiles", "")+"]")
	repos, err := ListRepositories(context.Background(), a.client(t, ClientOptions{}), Owner{Kind: User, Login: "alice"})
	if err != nil || len(repos) != 1 || repos[0].FullName() != "alice/dotfiles" {
		t.Errorf("got %+v, %v", repos, err)
	}
}

// TestListRepositoriesPageBound follows 1000 pages and refuses the
// 1001st rather than report a partial organization as complete.
func TestListRepositoriesPageBound(t *testing.T) {
	var served int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served++
		w.Header().Set("Link", `<`+"http://"+r.Host+r.URL.Path+"?type=all&per_page=100&page="+fmt.Sprint(served+1)+`>; rel="next"`)
		_, _ = io.WriteString(w, "["+repoJSON("acme", fmt.Sprintf("r%d", served), "")+"]")
	}))
	defer srv.Close()
	c, _ := NewClient(ClientOptions{Token: testToken, BaseURL: srv.URL, HTTPClient: srv.Client()})
	_, err := ListRepositories(context.Background(), c, Owner{Kind: Organization, Login: "acme"})
	if err == nil || !strings.Contains(err.Error(), "more than 1000 pages") || served != 1000 {
		t.Errorf("after %d pages: %v", served, err)
	}
}

func TestListRepositoriesErrors(t *testing.T) {
	reset := fmt.Sprint(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	for _, tc := range []struct {
		name    string
		owner   Owner
		status  int
		body    string
		header  []string
		wantErr error
		wantMsg string
	}{
		{"unknown org", Owner{Kind: Organization, Login: "nope"}, 404, `{"message": "Not Found"}`, nil, ErrNotFound,
			"github: listing the repositories of organization nope: not found: organization nope does not exist or the token cannot see it"},
		{"unknown user", Owner{Kind: User, Login: "nope"}, 404, `{"message": "Not Found"}`, nil, ErrNotFound,
			"github: listing the repositories of user nope: not found: user nope does not exist or the token cannot see it"},
		{"bad token", Owner{Kind: Organization, Login: "acme"}, 401, `{"message": "Bad credentials"}`, nil, ErrUnauthorized,
			"github: listing the repositories of organization acme: GitHub rejected the token (bad credentials, expired or revoked)"},
		{"rate limit", Owner{Kind: Organization, Login: "acme"}, 403, rateLimitBody,
			[]string{"X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset}, ErrUnavailable,
			"github: listing the repositories of organization acme: GitHub is unavailable: GitHub rate-limited the requests until 2100-01-01T00:00:00Z"},
		{"SAML", Owner{Kind: Organization, Login: "acme"}, 403, `{"message": "Resource protected by organization SAML enforcement."}`, nil, nil,
			`github: listing the repositories of organization acme: HTTP 403: "Resource protected by organization SAML enforcement."`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newAPIServer(t)
			path := "orgs/" + tc.owner.Login + "/repos?type=all&per_page=100"
			if tc.owner.Kind == User {
				path = "users/" + tc.owner.Login + "/repos?type=owner&per_page=100"
			}
			a.json(path, tc.status, tc.body, tc.header...)
			_, err := ListRepositories(context.Background(), a.client(t, ClientOptions{}), tc.owner)
			if err == nil || err.Error() != tc.wantMsg {
				t.Errorf("error %v\nwant %s", err, tc.wantMsg)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v does not wrap %v", err, tc.wantErr)
			}
		})
	}

	// Not a list, a bad item, a bad owner: errors naming the thing.
	a := newAPIServer(t)
	a.json("orgs/acme/repos?type=all&per_page=100", 200, `{"message": "a proxy's page"}`)
	a.json("orgs/bad/repos?type=all&per_page=100", 200, `[{"name": "../x", "owner": {"login": "bad"}}]`)
	c := a.client(t, ClientOptions{})
	for owner, want := range map[Owner]string{
		{Kind: Organization, Login: "acme"}:  "github: listing the repositories of organization acme: orgs/acme/repos?type=all&per_page=100 is not a list of repositories",
		{Kind: Organization, Login: "bad"}:   `github: listing the repositories of organization bad: item 0 of orgs/bad/repos?type=all&per_page=100: no valid OWNER/NAME ("bad/../x")`,
		{Kind: Organization, Login: "a/b"}:   `github: "a/b" is not a GitHub account name`,
		{Login: "acme"}:                      `github: say whether "acme" is an organization or a user`,
		{Kind: Organization, Login: ".."}:    `github: ".." is not a GitHub account name`,
		{Kind: User, Login: "x?type=member"}: `github: "x?type=member" is not a GitHub account name`,
	} {
		if _, err := ListRepositories(context.Background(), c, owner); err == nil || err.Error() != want {
			t.Errorf("%v: error %v\nwant %s", owner, err, want)
		}
	}
}

// TestRateLimitBeyondMaxWait: a listing that meets a primary limit
// resetting beyond MaxWait ends with ErrUnavailable, not after waiting.
func TestRateLimitBeyondMaxWait(t *testing.T) {
	a := newAPIServer(t)
	a.json("orgs/acme/repos?type=all&per_page=100", 403, rateLimitBody,
		"X-RateLimit-Remaining", "0", "X-RateLimit-Reset", fmt.Sprint(time.Now().Add(2*time.Hour).Unix()))
	a.json("repos/acme/shop", 200, repoJSON("acme", "shop", ""))
	sl := &sleeps{}
	c := a.client(t, ClientOptions{MaxWait: time.Hour, Sleep: sl.sleep, Now: sl.now})
	_, err := ListRepositories(context.Background(), c, Owner{Kind: Organization, Login: "acme"})
	if !errors.Is(err, ErrUnavailable) || len(sl.waits()) != 0 {
		t.Errorf("error %v, waits %v", err, sl.waits())
	}
	// The next request is not even sent.
	_, err = GetRepository(context.Background(), c, "acme", "shop")
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "rate limit is exhausted until") || len(a.requests()) != 1 {
		t.Errorf("error %v after requests %v", err, a.requests())
	}
}

func TestGetRepository(t *testing.T) {
	a := newAPIServer(t)
	a.json("repos/acme/shop", 200, repoJSON("acme", "shop", `, "size": 12`))
	a.json("repos/acme/gone", 404, `{"message": "Not Found"}`)
	a.json("repos/acme/old-name", 200, repoJSON("acme", "new-name", "")) // renamed: GitHub redirects
	c := a.client(t, ClientOptions{})
	r, err := GetRepository(context.Background(), c, "acme", "shop")
	if err != nil || r.FullName() != "acme/shop" || r.Size != 12 || r.Exchange.Path != "repos/acme/shop" {
		t.Errorf("acme/shop: %+v, %v", r, err)
	}
	_, err = GetRepository(context.Background(), c, "acme", "gone")
	want := "github: reading repository acme/gone: not found: the repository acme/gone does not exist or the token cannot see it"
	if !errors.Is(err, ErrNotFound) || err.Error() != want {
		t.Errorf("acme/gone: %v", err)
	}
	r, err = GetRepository(context.Background(), c, "acme", "old-name")
	if err != nil || r.FullName() != "acme/new-name" || r.Exchange.Path != "repos/acme/new-name" {
		t.Errorf("renamed: %+v, %v", r, err)
	}
	if _, err := GetRepository(context.Background(), c, "acme", "a/b"); err == nil {
		t.Error("GetRepository accepted acme/a/b")
	}
}

// TestErrorsKeepTokenOut: a hostile server echoing the Authorization in
// its refusals gets it into no error of the listing, the repository
// read or the download.
func TestErrorsKeepTokenOut(t *testing.T) {
	a := newAPIServer(t)
	echo := func(status int) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Accepted-GitHub-Permissions", r.Header.Get("Authorization"))
			w.WriteHeader(status)
			_, _ = fmt.Fprintf(w, `{"message": "denied for %s"}`, r.Header.Get("Authorization"))
		}
	}
	a.routes["orgs/acme/repos?type=all&per_page=100"] = echo(403)
	a.routes["repos/acme/shop"] = echo(422)
	a.routes["repos/acme/shop/tarball/main"] = echo(451)
	c := a.client(t, ClientOptions{})
	ctx := context.Background()
	_, err1 := ListRepositories(ctx, c, Owner{Kind: Organization, Login: "acme"})
	_, err2 := GetRepository(ctx, c, "acme", "shop")
	_, err3 := Tarball(ctx, c, "acme", "shop", "main")
	for _, err := range []error{err1, err2, err3} {
		if err == nil || strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "denied for Bearer [REDACTED]") {
			t.Errorf("error %v", err)
		}
	}
}
