package github

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeOrg is an organization "acme" whose repositories come in three
// kinds, by name prefix: "plain-" (no protection at all), "org-" (the
// organization's ruleset 7 applies) and "own-" (ruleset 7 and the
// repository's own ruleset 9 apply). It counts requests by path.
type fakeOrg struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

var orgRoute = regexp.MustCompile(`^/api/v3/repos/acme/([a-z0-9-]+)/(.*)$`)

const (
	notProtectedBody = `{"message": "Branch not protected", "documentation_url": "https://docs.github.com/rest/branches/branch-protection#get-branch-protection"}`
	orgRuleJSON      = `{"type": "pull_request", "parameters": {"required_approving_review_count": 1, "dismiss_stale_reviews_on_push": false, "require_code_owner_review": false, "require_last_push_approval": false}, "ruleset_source_type": "Organization", "ruleset_source": "acme", "ruleset_id": 7}`
	orgRulesetBody   = `{"id": 7, "name": "baseline", "target": "branch", "source_type": "Organization", "source": "acme", "enforcement": "active",
		"conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
		"rules": [{"type": "pull_request", "parameters": {"required_approving_review_count": 1}}],
		"bypass_actors": [{"actor_id": 1, "actor_type": "OrganizationAdmin", "bypass_mode": "always"}]}`
	environmentsBody = `{"total_count": 1, "environments": [{"name": "production", "can_admins_bypass": false, "protection_rules": [{"type": "required_reviewers", "prevent_self_review": true, "reviewers": [{"type": "Team", "reviewer": {"id": 3, "slug": "ops"}}]}], "deployment_branch_policy": {"protected_branches": true, "custom_branch_policies": false}}]}`
)

func newFakeOrg(t *testing.T) *fakeOrg {
	f := &fakeOrg{hits: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			t.Errorf("%s: no token", r.URL)
		}
		f.mu.Lock()
		f.hits[r.URL.RequestURI()]++
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		m := orgRoute.FindStringSubmatch(r.URL.Path)
		if m == nil {
			t.Errorf("unexpected request %s", r.URL)
			w.WriteHeader(404)
			return
		}
		name, rest := m[1], m[2]
		switch {
		case rest == "branches/main":
			_, _ = fmt.Fprintf(w, `{"name": "main", "commit": {"sha": "abc123"}, "protected": %v}`, !strings.HasPrefix(name, "plain-"))
		case rest == "branches/main/protection":
			w.WriteHeader(404)
			_, _ = io.WriteString(w, notProtectedBody)
		case rest == "rules/branches/main" && strings.HasPrefix(name, "plain-"):
			_, _ = io.WriteString(w, `[]`)
		case rest == "rules/branches/main" && strings.HasPrefix(name, "org-"):
			_, _ = io.WriteString(w, "["+orgRuleJSON+"]")
		case rest == "rules/branches/main" && strings.HasPrefix(name, "own-"):
			_, _ = fmt.Fprintf(w, `[%s, {"type": "non_fast_forward", "ruleset_source_type": "Repository", "ruleset_source": "acme/%s", "ruleset_id": 9}]`, orgRuleJSON, name)
		case rest == "rulesets/7":
			// Slow enough that concurrent repositories ask while it is
			// in flight.
			time.Sleep(20 * time.Millisecond)
			_, _ = io.WriteString(w, orgRulesetBody)
		case rest == "rulesets/9":
			_, _ = fmt.Fprintf(w, `{"id": 9, "name": "own", "target": "branch", "source_type": "Repository", "source": "acme/%s", "enforcement": "active", "rules": [{"type": "non_fast_forward"}], "bypass_actors": []}`, name)
		case rest == "environments":
			_, _ = io.WriteString(w, environmentsBody)
		default:
			t.Errorf("unexpected request %s", r.URL)
			w.WriteHeader(404)
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeOrg) client(t *testing.T) *Client {
	c, err := NewClient(ClientOptions{Token: testToken, BaseURL: f.srv.URL + "/api/v3/", HTTPClient: f.srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fakeOrg) count(match func(string) bool) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for k, v := range f.hits {
		if match(k) {
			n += v
		}
	}
	return n
}

// listed is the repository as the organization's listing gives it.
func listed(name string) *Exchange {
	return &Exchange{Path: "repos/acme/" + name, Status: 200,
		Body: json.RawMessage(repoJSON("acme", name, `, "permissions": {"admin": true}`))}
}

// TestFetchWithBudget audits 30 repositories concurrently as an
// organization audit does, and counts what each costs: 2 requests for a
// repository under the organization's rulesets (classic protection, the
// branch's rules), 3 with a ruleset of its own; the organization's
// ruleset is asked once for all of them.
func TestFetchWithBudget(t *testing.T) {
	f := newFakeOrg(t)
	c := f.client(t)
	var names []string
	for i := range 10 {
		names = append(names, fmt.Sprintf("plain-%d", i), fmt.Sprintf("org-%d", i), fmt.Sprintf("own-%d", i))
	}
	settings := make([]*Settings, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			snap, err := FetchWith(context.Background(), c, "acme", name, FetchOptions{Repository: listed(name)})
			if err != nil {
				t.Error(err)
				return
			}
			settings[i], err = FromSnapshot(snap)
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	perRepo := func(name string) int {
		return f.count(func(k string) bool {
			return strings.HasPrefix(k, "/api/v3/repos/acme/"+name+"/") && !strings.Contains(k, "/rulesets/7")
		})
	}
	for _, name := range names {
		want := 2
		if strings.HasPrefix(name, "own-") {
			want = 3
		}
		if got := perRepo(name); got != want {
			t.Errorf("%s: %d requests, want %d", name, got, want)
		}
	}
	if n := f.count(func(k string) bool { return strings.Contains(k, "/rulesets/7") }); n != 1 {
		t.Errorf("the organization's ruleset was asked %d times, want once", n)
	}
	if total := f.count(func(string) bool { return true }); total != 71 {
		t.Errorf("%d requests in all, want 71 (2.37 a repository)", total)
	}
	for i, s := range settings {
		if len(s.Gaps) != 0 {
			t.Errorf("%s: gaps %v", names[i], s.Gaps)
		}
		if fmt.Sprint(s.NotAsked) != "[environments]" {
			t.Errorf("%s: NotAsked %v", names[i], s.NotAsked)
		}
		switch {
		case strings.HasPrefix(names[i], "plain-"):
			wantState(t, names[i]+" protected", s.Protection.Protected.State, Off)
		default:
			wantState(t, names[i]+" protected", s.Protection.Protected.State, On)
			if b := s.Protection.Bypass; b.State != On || len(b.List) == 0 || b.List[len(b.List)-1].Type != "OrganizationAdmin" {
				t.Errorf("%s: bypass %+v", names[i], b)
			}
		}
	}
}

// TestFetchWithEnvironments: asked, the environments cost one request
// more and are read.
func TestFetchWithEnvironments(t *testing.T) {
	f := newFakeOrg(t)
	snap, err := FetchWith(context.Background(), f.client(t), "acme", "plain-1",
		FetchOptions{Repository: listed("plain-1"), Environments: true})
	if err != nil {
		t.Fatal(err)
	}
	s, err := FromSnapshot(snap)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Environments) != 1 || s.Environments[0].Name.Value != "production" || len(s.NotAsked) != 0 || len(s.Gaps) != 0 {
		t.Errorf("environments %v, not asked %v, gaps %v", s.Environments, s.NotAsked, s.Gaps)
	}
	if n := f.count(func(string) bool { return true }); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if fmt.Sprint(snap.NotAsked) != "["+NotAskedRulesetList+"]" {
		t.Errorf("snapshot NotAsked %q", snap.NotAsked)
	}
}

// TestFetchWithNotAskedReadsBack: what was not asked survives a settings
// dump and reads back the same: no gap, no empty list taken for "none".
func TestFetchWithNotAskedReadsBack(t *testing.T) {
	f := newFakeOrg(t)
	snap, err := FetchWith(context.Background(), f.client(t), "acme", "own-1", FetchOptions{Repository: listed("own-1")})
	if err != nil {
		t.Fatal(err)
	}
	s, err := FromSnapshot(snap)
	if err != nil {
		t.Fatal(err)
	}
	assertRoundTrip(t, snap, s)
	data, _ := json.Marshal(snap)
	if !strings.Contains(string(data), `"not_asked":["environments","ruleset list"]`) {
		t.Errorf("the snapshot does not say what was not asked: %s", data)
	}
	if s.Asked(AreaEnvironments) || !s.Asked(AreaRulesets) {
		t.Errorf("Asked: environments %v, rulesets %v", s.Asked(AreaEnvironments), s.Asked(AreaRulesets))
	}
	// Without the list, the rulesets are those that apply, named.
	var got []string
	for _, rs := range s.Rulesets {
		got = append(got, fmt.Sprintf("%s %s applies=%v", rs.Name.Value, rs.SourceType, rs.AppliesToDefault))
	}
	if want := "[baseline Organization applies=true own Repository applies=true]"; fmt.Sprint(got) != want {
		t.Errorf("rulesets %v, want %s", got, want)
	}
}

// TestFetchWithSameAsFetch: every option on and the listing's answer
// given, FetchWith reads what Fetch reads, without asking for the
// repository; and Fetch's snapshot says nothing of NotAsked.
func TestFetchWithSameAsFetch(t *testing.T) {
	for _, scenario := range []string{"protected", "rulesets-only", "paginated"} {
		t.Run(scenario, func(t *testing.T) {
			f := newFakeGitHub(t, scenario, testToken)
			c := f.client(t, &sleeps{})
			full, err := Fetch(context.Background(), c, "acme", "shop")
			if err != nil {
				t.Fatal(err)
			}
			if data, _ := json.Marshal(full); strings.Contains(string(data), "not_asked") {
				t.Errorf("Fetch's snapshot has not_asked: %s", data)
			}
			repoHits := f.hitCount("repos/acme/shop")
			snap, err := FetchWith(context.Background(), c, "acme", "shop",
				FetchOptions{Repository: full.Repository, Environments: true, RulesetList: true})
			if err != nil {
				t.Fatal(err)
			}
			s, err := FromSnapshot(snap)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join(f.dir, "want.txt"), render(s))
			if f.hitCount("repos/acme/shop") != repoHits {
				t.Error("FetchWith asked for the repository it was given")
			}
		})
	}
}

func TestFetchWithWrongRepository(t *testing.T) {
	c, _ := NewClient(ClientOptions{})
	_, err := FetchWith(context.Background(), c, "acme", "shop", FetchOptions{Repository: listed("web")})
	want := `github: the repository answer given for acme/shop is GitHub's answer to "repos/acme/web"`
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
}

// TestOrgRulesetMemo: answers that may change soon are shared with the
// goroutines waiting but not kept; a cancelled fetch lets a waiter ask
// again.
func TestOrgRulesetMemo(t *testing.T) {
	var m memo
	ctx := context.Background()
	asks := 0
	fetch := func(status int) func() (*Exchange, error) {
		return func() (*Exchange, error) { asks++; return &Exchange{Status: status}, nil }
	}
	_, _ = m.do(ctx, "k", fetch(502))
	_, _ = m.do(ctx, "k", fetch(200))
	ex, _ := m.do(ctx, "k", fetch(500))
	if asks != 2 || ex.Status != 200 {
		t.Errorf("%d asks, last answer %d; want 2 and the remembered 200", asks, ex.Status)
	}
	_, err := m.do(ctx, "c", func() (*Exchange, error) { return nil, context.Canceled })
	if err == nil {
		t.Error("a cancelled fetch gave no error")
	}
	if ex, err := m.do(ctx, "c", fetch(404)); err != nil || ex.Status != 404 {
		t.Errorf("after a cancelled fetch: %v %v", ex, err)
	}
}

// TestFetchWithBranch: the branch read first, an unprotected one costs
// neither a protection nor a rules request and reads as unprotected,
// without gaps, with its head commit known; a protected one costs one
// request more. Read after classic protection's "not protected", the
// branch spares the rules request too when no ruleset protects it.
func TestFetchWithBranch(t *testing.T) {
	f := newFakeOrg(t)
	c := f.client(t)
	first := FetchOptions{BranchFirst: true}
	after := FetchOptions{BranchIfUnprotected: true}
	for _, tc := range []struct {
		name      string
		o         FetchOptions
		requests  int
		protected State
	}{
		{"plain-1", first, 1, Off},
		{"org-1", first, 4, On},    // branch, protection, rules, ruleset 7
		{"plain-2", after, 2, Off}, // protection 404, branch
		{"org-2", after, 3, On},    // protection 404, branch (protected by rulesets), rules; ruleset 7 is known
	} {
		tc.o.Repository = listed(tc.name)
		snap, err := FetchWith(context.Background(), c, "acme", tc.name, tc.o)
		if err != nil {
			t.Fatal(err)
		}
		s, err := FromSnapshot(snap)
		if err != nil {
			t.Fatal(err)
		}
		if n := f.count(func(k string) bool { return strings.HasPrefix(k, "/api/v3/repos/acme/"+tc.name+"/") }); n != tc.requests {
			t.Errorf("%s: %d requests, want %d", tc.name, n, tc.requests)
		}
		wantState(t, tc.name+" protected", s.Protection.Protected.State, tc.protected)
		wantState(t, tc.name+" classic", s.Classic.Protected.State, Off)
		if len(s.Gaps) != 0 || snap.HeadCommit() != "abc123" {
			t.Errorf("%s: gaps %v, head %q", tc.name, s.Gaps, snap.HeadCommit())
		}
		assertRoundTrip(t, snap, s)
	}
	if (&Snapshot{}).HeadCommit() != "" {
		t.Error("a snapshot without the branch has a head commit")
	}
}
