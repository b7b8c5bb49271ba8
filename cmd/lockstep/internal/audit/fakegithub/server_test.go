package fakegithub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	gh "github.com/google/go-github/v60/github"
)

const testToken = "ghp_fakegithubTEST0123456789abcdef"

func start(t *testing.T, org OrgOptions, o Options) *Server {
	t.Helper()
	if o.Token == "" {
		o.Token = testToken
	}
	s := Start(Generate(org), o)
	t.Cleanup(s.Close)
	return s
}

// apiClient is go-github pointed at the fake, with the token added to
// requests for the API host only, as lockstep's client does.
func apiClient(t *testing.T, s *Server) *gh.Client {
	t.Helper()
	c := gh.NewClient(&http.Client{Transport: &apiOnly{host: mustURL(t, s.URL()).Host}})
	c.BaseURL = mustURL(t, s.URL())
	return c
}

type apiOnly struct{ host string }

func (a *apiOnly) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == a.host {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+testToken)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// get sends GET path (relative to the API root) with the token and the
// given headers.
func get(t *testing.T, s *Server, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, http.DefaultTransport, req)
}

func do(t *testing.T, rt http.RoundTripper, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatalf("%s: %v", req.URL, err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s: %v", req.URL, err)
	}
	return resp, body
}

func firstOf(t *testing.T, org *Org, match func(*Repo) bool) *Repo {
	t.Helper()
	for _, r := range org.Repos() {
		if match(r) {
			return r
		}
	}
	t.Fatal("no repository matches")
	return nil
}

func ofKind(k Kind) func(*Repo) bool { return func(r *Repo) bool { return r.Kind == k } }

func TestListingPagesCoverEveryRepositoryOnce(t *testing.T) {
	s := start(t, OrgOptions{Name: "acme", Repos: 250, Seed: 1}, Options{})
	c := apiClient(t, s)
	seen := map[string]int{}
	pages := 0
	opts := &gh.RepositoryListByOrgOptions{Type: "all", ListOptions: gh.ListOptions{PerPage: 100}}
	for {
		repos, resp, err := c.Repositories.ListByOrg(context.Background(), "acme", opts)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if resp.LastPage != 0 && resp.LastPage != 3 {
			t.Errorf("page %d: last page %d, want 3", pages, resp.LastPage)
		}
		for _, r := range repos {
			seen[r.GetName()]++
			want := s.Org().Repo(r.GetName())
			switch {
			case want == nil:
				t.Fatalf("listed %s, which does not exist", r.GetName())
			case r.GetOwner().GetLogin() != "acme", r.GetFullName() != "acme/"+want.Name,
				r.GetDefaultBranch() != want.DefaultBranch, r.GetArchived() != want.Archived,
				r.GetFork() != want.Fork, r.GetPrivate() != want.Private, r.GetSize() != want.SizeKB,
				!r.GetPushedAt().Time.Equal(want.PushedAt):
				t.Errorf("listed %s as %+v", want.Name, r)
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if pages != 3 || len(seen) != 250 {
		t.Errorf("%d pages, %d repositories, want 3 and 250", pages, len(seen))
	}
	for name, n := range seen {
		if n != 1 {
			t.Errorf("%s listed %d times", name, n)
		}
	}
	if got := s.Stats(); got.Metered != 3 || got.ByRoute["list"] != 3 {
		t.Errorf("metered %d (%v), want the 3 pages", got.Metered, got.ByRoute)
	}

	// users/ORG/repos lists the public ones, 30 to a page by default.
	public := 0
	for _, r := range s.Org().Repos() {
		if !r.Private {
			public++
		}
	}
	resp, body := get(t, s, "users/acme/repos")
	var page []map[string]any
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	if len(page) != min(30, public) || !strings.Contains(resp.Header.Get("Link"), `rel="next"`) {
		t.Errorf("users/acme/repos: %d on the first page, Link %q", len(page), resp.Header.Get("Link"))
	}
	for _, r := range page {
		if r["private"] != false {
			t.Errorf("users/acme/repos lists private %v", r["name"])
		}
	}
	if resp, _ := get(t, s, "orgs/someone-else/repos"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another organization's listing: %d", resp.StatusCode)
	}
}

func TestNotModifiedIsFreeAndTouchChangesETags(t *testing.T) {
	s := start(t, OrgOptions{Repos: 20, Seed: 2}, Options{})
	repo := firstOf(t, s.Org(), func(r *Repo) bool { return r.Kind == Independent && r.Settings.Protection != nil })
	path := "repos/acme/" + repo.Name
	protection := path + "/branches/" + repo.DefaultBranch + "/protection"

	first, body := get(t, s, path)
	etag := first.Header.Get("ETag")
	if first.StatusCode != http.StatusOK || !strings.HasPrefix(etag, `"`) || len(etag) != 66 {
		t.Fatalf("first answer %d, ETag %q", first.StatusCode, etag)
	}
	_, pbody := get(t, s, protection)
	pr, _ := get(t, s, protection)
	pEtag := pr.Header.Get("ETag")

	again, empty := get(t, s, path, "If-None-Match", etag)
	if again.StatusCode != http.StatusNotModified || len(empty) != 0 {
		t.Fatalf("conditional request: %d with %d bytes", again.StatusCode, len(empty))
	}
	// Two metered protection requests came between; the 304 took nothing.
	rem, _ := strconv.Atoi(first.Header.Get("X-RateLimit-Remaining"))
	if got, _ := strconv.Atoi(again.Header.Get("X-RateLimit-Remaining")); got != rem-2 || rem != 4999 {
		t.Errorf("remaining %d after a 304, want %d (first %d)", got, rem-2, rem)
	}
	st := s.Stats()
	if st.Metered != 3 || st.NotModified != 1 || st.ByRepo[repo.Name] != 3 {
		t.Errorf("stats %+v, want 3 metered and 1 not modified", st)
	}
	if w, _ := get(t, s, path, "If-None-Match", `W/"nope", `+etag); w.StatusCode != http.StatusNotModified {
		t.Errorf("an ETag among others: %d", w.StatusCode)
	}

	s.Org().Touch(repo.Name)
	after, newBody := get(t, s, path, "If-None-Match", etag)
	if after.StatusCode != http.StatusOK || after.Header.Get("ETag") == etag || bytes.Equal(body, newBody) {
		t.Errorf("after Touch: %d, ETag %q (was %q)", after.StatusCode, after.Header.Get("ETag"), etag)
	}
	if p, b := get(t, s, protection, "If-None-Match", pEtag); p.StatusCode != http.StatusNotModified || len(b) != 0 {
		t.Errorf("Touch changed the protection's ETag: %d", p.StatusCode)
	}
	if len(pbody) == 0 {
		t.Error("empty protection body")
	}
}

func TestTokenIsRequired(t *testing.T) {
	s := start(t, OrgOptions{Repos: 5, Seed: 3}, Options{})
	for _, auth := range []string{"", "Bearer wrong", "Basic " + testToken} {
		req, _ := http.NewRequest(http.MethodGet, s.URL()+"orgs/acme/repos", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, body := do(t, http.DefaultTransport, req)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "Bad credentials") {
			t.Errorf("Authorization %q: %d %s", auth, resp.StatusCode, body)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"orgs/acme/repos", nil)
	req.Header.Set("Authorization", "token "+testToken)
	if resp, _ := do(t, http.DefaultTransport, req); resp.StatusCode != http.StatusOK {
		t.Errorf("token scheme: %d", resp.StatusCode)
	}
	if st := s.Stats(); st.Unauthorized != 3 || st.Metered != 1 {
		t.Errorf("stats %+v, want 3 unauthorized, 1 metered", st)
	}
}

func TestUnknownPathsAre404(t *testing.T) {
	s := start(t, OrgOptions{Repos: 5, Seed: 3}, Options{})
	for _, p := range []string{"repos/acme/nope", "repos/acme/nope/tarball", "gists", "orgs/acme/teams"} {
		resp, body := get(t, s, p)
		var msg struct{ Message string }
		if resp.StatusCode != http.StatusNotFound || json.Unmarshal(body, &msg) != nil || msg.Message != "Not Found" {
			t.Errorf("%s: %d %s", p, resp.StatusCode, body)
		}
	}
	// An absolute path outside the API root: a client bug worth counting.
	req, _ := http.NewRequest(http.MethodGet, strings.TrimSuffix(s.URL(), "api/v3/")+"repos/acme/x", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	if resp, _ := do(t, http.DefaultTransport, req); resp.StatusCode != http.StatusNotFound {
		t.Errorf("outside the API root: %d", resp.StatusCode)
	}
	if st := s.Stats(); st.Stray != 1 || st.Metered != 5 {
		t.Errorf("stats %+v, want 1 stray of 5 metered", st)
	}
}

func TestTarballRedirectsToCodeload(t *testing.T) {
	s := start(t, OrgOptions{Name: "acme", Repos: 40, Seed: 4}, Options{})
	c := apiClient(t, s)
	for _, private := range []bool{false, true} {
		repo := firstOf(t, s.Org(), func(r *Repo) bool { return r.Kind == Independent && r.Private == private })
		link, resp, err := c.Repositories.GetArchiveLink(context.Background(), "acme", repo.Name, gh.Tarball,
			&gh.RepositoryContentGetOptions{Ref: repo.DefaultBranch}, 0)
		if err != nil || resp.StatusCode != http.StatusFound {
			t.Fatalf("archive link of %s: %v", repo.Name, err)
		}
		if link.Host == mustURL(t, s.URL()).Host || !strings.HasPrefix(link.String(), s.CodeloadURL()+"/codeload/acme/"+repo.Name+"/legacy.tar.gz/refs/heads/") {
			t.Fatalf("redirected to %s", link)
		}
		if private != link.Query().Has("token") {
			t.Errorf("private %v, codeload URL %s", private, link)
		}
		// The API token's client follows the redirect: no token there.
		resp2, err := apiClient(t, s).Client().Get(link.String())
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(resp2.Body)
		_ = resp2.Body.Close()
		if err != nil || resp2.StatusCode != http.StatusOK {
			t.Fatalf("download: %d %v", resp2.StatusCode, err)
		}
		comment, members, err := untar(t, data)
		if err != nil || comment != repo.SHA || members[repo.TopDir()+"/go.mod"] == "" {
			t.Errorf("download of %s: comment %q, %d members, %v", repo.Name, comment, len(members), err)
		}
		if private {
			noToken := *link
			noToken.RawQuery = ""
			if r, _ := http.Get(noToken.String()); r == nil || r.StatusCode != http.StatusNotFound {
				t.Error("a private archive downloaded without its codeload token")
			}
		}
	}
	st := s.Stats()
	if st.Metered != 2 || st.ByRoute["tarball"] != 2 || st.CompleteDownloads != 2 || st.TokenAtCodeload != 0 {
		t.Errorf("stats %+v: want the 2 redirects metered, 2 free downloads, no token at codeload", st)
	}

	// A client that sends its token everywhere is caught.
	repo := firstOf(t, s.Org(), ofKind(Independent))
	resp, _ := get(t, s, "repos/acme/"+repo.Name+"/tarball")
	req, _ := http.NewRequest(http.MethodGet, resp.Header.Get("Location"), nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	do(t, http.DefaultTransport, req)
	if s.Stats().TokenAtCodeload != 1 {
		t.Error("the token at codeload went unnoticed")
	}
}

func TestEmptyRepositoryArchive(t *testing.T) {
	for _, mode := range []EmptyArchive{EmptyNotFound, EmptyInvalidRedirect} {
		s := start(t, OrgOptions{Repos: 20, Seed: 5}, Options{EmptyArchive: mode})
		empty := firstOf(t, s.Org(), ofKind(Empty))
		resp, _ := get(t, s, "repos/acme/"+empty.Name+"/tarball/"+empty.DefaultBranch)
		switch mode {
		case EmptyNotFound:
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("empty archive: %d, want 404", resp.StatusCode)
			}
		case EmptyInvalidRedirect:
			if resp.StatusCode != http.StatusFound {
				t.Fatalf("empty archive: %d, want 302", resp.StatusCode)
			}
			dl, err := http.Get(resp.Header.Get("Location"))
			if err != nil || dl.StatusCode != http.StatusBadRequest {
				t.Errorf("empty archive download: %v %v", dl, err)
			}
		}
		if r, body := get(t, s, "repos/acme/"+empty.Name+"/branches/"+empty.DefaultBranch+"/protection"); r.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "Branch not found") {
			t.Errorf("empty protection: %d %s", r.StatusCode, body)
		}
	}
}

func TestDownloadsAreDeterministic(t *testing.T) {
	fetch := func() []byte {
		s := start(t, OrgOptions{Repos: 30, Seed: 6}, Options{})
		repo := firstOf(t, s.Org(), ofKind(BigBang))
		resp, _ := get(t, s, "repos/acme/"+repo.Name+"/tarball/"+repo.SHA)
		r, err := apiClient(t, s).Client().Get(resp.Header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = r.Body.Close() }()
		b, _ := io.ReadAll(r.Body)
		return b
	}
	a, b := fetch(), fetch()
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("two servers of one seed sent different archives (%d, %d bytes)", len(a), len(b))
	}
}

func TestSettingsShapes(t *testing.T) {
	s := start(t, OrgOptions{Repos: 200, Seed: 7}, Options{})
	c := apiClient(t, s)
	ctx := context.Background()
	profiles := map[Profile]bool{}
	for _, repo := range s.Org().Repos() {
		if repo.Kind == Empty || profiles[repo.Settings.Profile] {
			continue
		}
		profiles[repo.Settings.Profile] = true
		p, _, err := c.Repositories.GetBranchProtection(ctx, "acme", repo.Name, repo.DefaultBranch)
		switch {
		case repo.Settings.Protection == nil && !errors.Is(err, gh.ErrBranchNotProtected):
			t.Errorf("%s (%s): %v, want ErrBranchNotProtected", repo.Name, repo.Settings.Profile, err)
		case repo.Settings.Protection != nil && (err != nil || p.GetAllowForcePushes().Enabled != repo.Settings.Protection.AllowForcePushes.Enabled):
			t.Errorf("%s (%s): %+v %v", repo.Name, repo.Settings.Profile, p, err)
		}
		rules, _, err := c.Repositories.GetRulesForBranch(ctx, "acme", repo.Name, repo.DefaultBranch)
		if err != nil || len(rules) != len(s.Org().BranchRules(repo)) || len(rules) == 0 {
			t.Errorf("%s: %d rules for the branch, %v", repo.Name, len(rules), err)
		}
		sets, _, err := c.Repositories.GetAllRulesets(ctx, "acme", repo.Name, true)
		if err != nil || len(sets) != len(s.Org().RepoRulesets(repo, true)) {
			t.Errorf("%s: %d rulesets, %v", repo.Name, len(sets), err)
		}
		for _, set := range sets {
			full, _, err := c.Repositories.GetRuleset(ctx, "acme", repo.Name, set.GetID(), true)
			if err != nil || full.BypassActors == nil || len(full.Rules) == 0 {
				t.Errorf("%s: ruleset %d: %+v %v", repo.Name, set.GetID(), full, err)
			}
		}
		envs, _, err := c.Repositories.ListEnvironments(ctx, "acme", repo.Name, nil)
		if err != nil || envs.GetTotalCount() != len(repo.Settings.Environments) {
			t.Errorf("%s: environments %+v %v", repo.Name, envs, err)
		}
	}
	if len(profiles) != 4 {
		t.Errorf("profiles seen: %v", profiles)
	}
	org, _, err := c.Organizations.GetOrganizationRuleset(ctx, "acme", baselineRulesetID)
	if err != nil || org.Enforcement != "active" || len(org.BypassActors) != 1 {
		t.Errorf("organization ruleset: %+v %v", org, err)
	}
}

func TestBranchAndCommit(t *testing.T) {
	s := start(t, OrgOptions{Repos: 20, Seed: 8}, Options{})
	repo := firstOf(t, s.Org(), ofKind(Library))
	resp, body := get(t, s, "repos/acme/"+repo.Name+"/commits/"+repo.DefaultBranch, "Accept", "application/vnd.github.sha")
	if resp.StatusCode != http.StatusOK || string(body) != repo.SHA || resp.Header.Get("ETag") == "" {
		t.Errorf("commit sha: %d %q", resp.StatusCode, body)
	}
	b, _, err := apiClient(t, s).Repositories.GetBranch(context.Background(), "acme", repo.Name, repo.DefaultBranch, 0)
	if err != nil || b.GetCommit().GetSHA() != repo.SHA {
		t.Errorf("branch: %+v %v", b, err)
	}
	empty := firstOf(t, s.Org(), ofKind(Empty))
	if resp, _ := get(t, s, "repos/acme/"+empty.Name+"/commits/"+empty.DefaultBranch); resp.StatusCode != http.StatusConflict {
		t.Errorf("commit of an empty repository: %d, want 409", resp.StatusCode)
	}
}

func TestUserAccount(t *testing.T) {
	s := start(t, OrgOptions{Name: "alice", User: true, Repos: 12, Seed: 9}, Options{})
	if resp, _ := get(t, s, "orgs/alice/repos"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("orgs/ for a user: %d", resp.StatusCode)
	}
	repos, _, err := apiClient(t, s).Repositories.ListByUser(context.Background(), "alice", &gh.RepositoryListByUserOptions{ListOptions: gh.ListOptions{PerPage: 100}})
	if err != nil || len(repos) != 12 || repos[0].GetOwner().GetType() != "User" {
		t.Fatalf("%d repositories, %v", len(repos), err)
	}
	for i := 1; i < len(repos); i++ {
		if repos[i-1].GetName() > repos[i].GetName() {
			t.Errorf("not sorted by name: %s before %s", repos[i-1].GetName(), repos[i].GetName())
		}
	}
}

func TestHugeDownloadIsStreamed(t *testing.T) {
	s := start(t, OrgOptions{Repos: 40, Seed: 10, HugeBytes: 1 << 20}, Options{})
	huge := firstOf(t, s.Org(), ofKind(Huge))
	resp, _ := get(t, s, "repos/acme/"+huge.Name+"/tarball")
	dl, err := http.Get(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(dl.Body)
	_ = dl.Body.Close()
	if err != nil || dl.ContentLength != -1 || len(data) < 1<<20 {
		t.Fatalf("huge download: %d bytes, Content-Length %d, %v", len(data), dl.ContentLength, err)
	}
	if _, members, err := untar(t, data); err != nil || len(members) == 0 {
		t.Errorf("huge archive: %d members, %v", len(members), err)
	}
	if st := s.Stats(); st.DownloadBytes != int64(len(data)) || st.CompleteDownloads != 1 {
		t.Errorf("stats %+v, want %d bytes in 1 download", st, len(data))
	}
}
