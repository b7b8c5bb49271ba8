package github

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// liveScenario is one recorded GitHub under testdata/github/<name>/.
type liveScenario struct {
	name    string
	noToken bool
	wantErr error
	check   func(t *testing.T, f *fakeGitHub, sl *sleeps, s *Settings)
}

var liveScenarios = []liveScenario{
	{name: "protected", check: checkProtected},
	{name: "unprotected", check: checkUnprotected},
	{name: "rulesets-only", check: checkRulesetsOnly},
	{name: "no-admin-404", check: checkNoAdmin404},
	{name: "no-admin-403", check: checkNoAdmin403},
	{name: "plan-without-protection", check: checkPlan},
	{name: "secondary-rate-limit", check: checkSecondaryRateLimit},
	{name: "too-many-requests", check: checkTooManyRequests},
	{name: "server-error", check: checkServerError},
	{name: "server-error-forever", check: checkServerErrorForever},
	{name: "unavailable", wantErr: ErrUnavailable, check: checkUnavailable},
	{name: "paginated", check: checkPaginated},
	{name: "primary-rate-limit", check: checkPrimaryRateLimit},
	{name: "primary-rate-limit-short", check: checkPrimaryRateLimitShort},
	{name: "bad-credentials", check: checkBadCredentials},
	{name: "no-token", noToken: true, check: checkNoToken},
	{name: "echo-token"},
}

// TestLive fetches every scenario from a fake GitHub, compares the
// Settings with the scenario's want.txt, checks the scenario's own
// expectations, and proves that the snapshot survives JSON unchanged in
// meaning and that the token appears nowhere.
func TestLive(t *testing.T) {
	for _, sc := range liveScenarios {
		t.Run(sc.name, func(t *testing.T) {
			token := testToken
			if sc.noToken {
				token = ""
			}
			f := newFakeGitHub(t, sc.name, token)
			sl := &sleeps{}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			snap, err := Fetch(ctx, f.client(t, sl), "acme", "shop")
			if !errors.Is(err, sc.wantErr) || (err != nil && sc.wantErr == nil) {
				t.Fatalf("Fetch error = %v, want %v", err, sc.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), testToken) {
				t.Errorf("the token leaked into Fetch's error: %v", err)
			}
			s, err := FromSnapshot(snap)
			if err != nil {
				t.Fatal(err)
			}
			if s.Source != SourceLive {
				t.Errorf("Source = %q, want %q", s.Source, SourceLive)
			}
			got := render(s)
			golden(t, filepath.Join(f.dir, "want.txt"), got)
			if strings.Contains(got, testToken) {
				t.Errorf("the token leaked into the Settings")
			}
			assertRoundTrip(t, snap, s)
			if sc.check != nil {
				sc.check(t, f, sl, s)
			}
		})
	}
}

// assertRoundTrip writes the snapshot as `lockstep settings dump` does,
// reads it back, and wants the same Settings (but for their Source).
func assertRoundTrip(t *testing.T, snap *Snapshot, live *Settings) {
	t.Helper()
	data, err := json.MarshalIndent(snap, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), testToken) {
		t.Fatalf("the token leaked into the snapshot:\n%s", data)
	}
	var back Snapshot
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	s, err := FromSnapshot(&back)
	if err != nil {
		t.Fatal(err)
	}
	if s.Source != SourceSnapshot {
		t.Errorf("Source of a stored snapshot = %q, want %q", s.Source, SourceSnapshot)
	}
	s.Source = live.Source
	if !reflect.DeepEqual(s, live) {
		t.Errorf("the snapshot does not round-trip:\n%s", diffLines(render(live), render(s)))
	}
}

func wantState(t *testing.T, what string, got, want State) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func wantGap(t *testing.T, s *Settings, area Area, reasonPart, permission string) {
	t.Helper()
	for _, g := range s.Gaps {
		if g.Area == area && strings.Contains(g.Reason, reasonPart) {
			if permission != "" && g.Permission != permission {
				t.Errorf("gap %v: permission %q, want %q", g, g.Permission, permission)
			}
			return
		}
	}
	t.Errorf("no %s gap saying %q in %v", area, reasonPart, s.Gaps)
}

func wantHits(t *testing.T, f *fakeGitHub, key string, n int) {
	t.Helper()
	if got := f.hitCount(key); got != n {
		t.Errorf("GET %s was sent %d times, want %d", key, got, n)
	}
}

func checkProtected(t *testing.T, _ *fakeGitHub, _ *sleeps, s *Settings) {
	p := s.Protection
	if len(s.Gaps) != 0 {
		t.Errorf("gaps: %v", s.Gaps)
	}
	if s.Location != "github:acme/shop@main" {
		t.Errorf("Location = %q", s.Location)
	}
	wantState(t, "protected", p.Protected.State, On)
	if p.RequiredApprovals.State != On || p.RequiredApprovals.N != 2 {
		t.Errorf("approvals = %+v", p.RequiredApprovals)
	}
	wantState(t, "bypass", p.Bypass.State, Off)
	wantState(t, "allow force pushes", p.AllowForcePushes.State, Off)
	wantState(t, "strict", p.Strict.State, On)
	want := []Check{{Context: "test", AppID: 15368, Origin: Origin{Source: classicSource}}, {Context: "lint", Origin: Origin{Source: classicSource}}}
	if !reflect.DeepEqual(p.StatusChecks.List, want) || !p.StatusChecks.Complete() {
		t.Errorf("checks = %+v", p.StatusChecks)
	}
	if len(s.Environments) != 3 || len(s.Environments[0].Reviewers) != 2 || len(s.Environments[1].Reviewers) != 0 {
		t.Fatalf("environments = %+v", s.Environments)
	}
	wantState(t, "production: admins bypass", s.Environments[0].CanAdminsBypass.State, Off)
	if k := s.Environments[2].BranchPolicy.Kind; k != AnyBranch {
		t.Errorf("preview branch policy = %s, want %s", k, AnyBranch)
	}
}

func checkUnprotected(t *testing.T, _ *fakeGitHub, _ *sleeps, s *Settings) {
	if len(s.Gaps) != 0 {
		t.Errorf("gaps: %v", s.Gaps)
	}
	wantState(t, "protected", s.Protection.Protected.State, Off)
	wantState(t, "allow force pushes", s.Protection.AllowForcePushes.State, On)
	wantState(t, "status checks", s.Protection.StatusChecks.State, Off)
}

func checkRulesetsOnly(t *testing.T, f *fakeGitHub, _ *sleeps, s *Settings) {
	p := s.Protection
	wantState(t, "protected", p.Protected.State, On)
	if src := p.Protected.Origin.Source; src != `ruleset "main-protection" (repository acme/shop)` {
		t.Errorf("protected decided by %q", src)
	}
	if p.RequiredApprovals.N != 2 || p.RequiredApprovals.Origin.Source != `ruleset "org-baseline" (organization acme)` {
		t.Errorf("approvals = %+v", p.RequiredApprovals)
	}
	wantState(t, "merge queue", p.MergeQueue.State, On)
	wantState(t, "allow force pushes", p.AllowForcePushes.State, Off)
	wantState(t, "linear history", p.LinearHistory.State, On)
	if p.Bypass.State != On || p.Bypass.Complete() || len(p.Bypass.List) != 3 {
		t.Errorf("bypass = %+v", p.Bypass)
	}
	wantGap(t, s, AreaBypass, "write access", permBypass)
	if len(s.UnknownRuleTypes) != 1 || s.UnknownRuleTypes[0].Value != "copilot_code_review" {
		t.Errorf("unknown rule types = %v", s.UnknownRuleTypes)
	}
	if len(s.Rulesets) != 4 || !s.Rulesets[2].AppliesToDefault || s.Rulesets[2].Active() || s.Rulesets[3].AppliesToDefault {
		t.Errorf("rulesets = %s", render(s))
	}
	wantHits(t, f, "repos/acme/shop/rulesets/12", 0)
}

func checkNoAdmin404(t *testing.T, _ *fakeGitHub, _ *sleeps, s *Settings) {
	p := s.Protection
	wantGap(t, s, AreaClassic, "not an administrator", permClassic)
	wantState(t, "protected", p.Protected.State, On) // the ruleset settles it
	wantState(t, "allow force pushes", p.AllowForcePushes.State, Unknown)
	if p.RequiredApprovals.State != Unknown || p.RequiredApprovals.N != 1 {
		t.Errorf("approvals = %+v, want unknown with lower bound 1", p.RequiredApprovals)
	}
	wantState(t, "bypass", p.Bypass.State, Unknown)
	wantState(t, "classic", s.Classic.Protected.State, Unknown)
}

func checkNoAdmin403(t *testing.T, _ *fakeGitHub, _ *sleeps, s *Settings) {
	wantGap(t, s, AreaClassic, "cannot read branch protection", "administration=read")
	wantGap(t, s, AreaEnvironments, "cannot read environments", "actions=read")
	wantState(t, "protected", s.Protection.Protected.State, Unknown)
	if s.Environments != nil {
		t.Errorf("environments = %v, want none read", s.Environments)
	}
}

func checkPlan(t *testing.T, _ *fakeGitHub, _ *sleeps, s *Settings) {
	wantGap(t, s, AreaClassic, "plan does not offer", "")
	wantGap(t, s, AreaRulesets, "plan does not offer", "")
	wantState(t, "protected", s.Protection.Protected.State, Unknown)
}

func wantWaits(t *testing.T, sl *sleeps, want ...time.Duration) {
	t.Helper()
	if got := sl.waits(); !reflect.DeepEqual(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
}

func checkSecondaryRateLimit(t *testing.T, f *fakeGitHub, sl *sleeps, s *Settings) {
	wantWaits(t, sl, 7*time.Second)
	wantHits(t, f, "repos/acme/shop", 2)
	if len(s.Gaps) != 0 {
		t.Errorf("gaps: %v", s.Gaps)
	}
}

func checkTooManyRequests(t *testing.T, f *fakeGitHub, sl *sleeps, s *Settings) {
	wantWaits(t, sl, 3*time.Second)
	wantHits(t, f, "repos/acme/shop/branches/main/protection", 2)
	wantState(t, "protected", s.Protection.Protected.State, On)
}

func checkServerError(t *testing.T, f *fakeGitHub, sl *sleeps, s *Settings) {
	waits := sl.waits()
	if len(waits) != 1 || waits[0] < 500*time.Millisecond || waits[0] > time.Second {
		t.Errorf("waits = %v, want one backoff between 0.5s and 1s", waits)
	}
	wantHits(t, f, "repos/acme/shop/rules/branches/main", 2)
	if len(s.Gaps) != 0 {
		t.Errorf("gaps: %v", s.Gaps)
	}
}

func checkServerErrorForever(t *testing.T, f *fakeGitHub, sl *sleeps, s *Settings) {
	wantHits(t, f, "repos/acme/shop/branches/main/protection", defaultMaxRetries+1)
	if n := len(sl.waits()); n != defaultMaxRetries {
		t.Errorf("%d waits, want %d", n, defaultMaxRetries)
	}
	wantGap(t, s, AreaClassic, "HTTP 500 on all 5 attempts", "")
	wantState(t, "protected", s.Protection.Protected.State, Unknown)
}

func checkUnavailable(t *testing.T, f *fakeGitHub, _ *sleeps, s *Settings) {
	wantHits(t, f, "repos/acme/shop", defaultMaxRetries+1)
	wantGap(t, s, AreaRepository, "HTTP 502", "")
	wantState(t, "protected", s.Protection.Protected.State, Unknown)
}

func checkPaginated(t *testing.T, f *fakeGitHub, _ *sleeps, s *Settings) {
	for _, key := range []string{"rules/branches/main?page=2", "rulesets?page=2", "environments?page=2"} {
		wantHits(t, f, "repos/acme/shop/"+key, 1)
	}
	var contexts []string
	for _, c := range s.Protection.StatusChecks.List {
		contexts = append(contexts, c.Context)
	}
	if strings.Join(contexts, ",") != "build,deploy-dry-run" {
		t.Errorf("checks = %v", contexts)
	}
	wantState(t, "allow deletions", s.Protection.AllowDeletions.State, Off)
	if len(s.Rulesets) != 2 || len(s.Environments) != 2 {
		t.Errorf("%d rulesets, %d environments, want 2 and 2", len(s.Rulesets), len(s.Environments))
	}
}

func checkPrimaryRateLimit(t *testing.T, f *fakeGitHub, sl *sleeps, s *Settings) {
	wantWaits(t, sl)
	wantHits(t, f, "repos/acme/shop/branches/main/protection", 1)
	wantGap(t, s, AreaClassic, "rate-limited the requests until 2100-01-01T00:00:00Z", "")
	wantGap(t, s, AreaRulesets, "rate limit is exhausted until 2100-01-01T00:00:00Z", "")
	wantGap(t, s, AreaEnvironments, "rate limit is exhausted", "")
}

func checkPrimaryRateLimitShort(t *testing.T, f *fakeGitHub, sl *sleeps, s *Settings) {
	waits := sl.waits()
	if len(waits) != 1 || waits[0] < 18*time.Second || waits[0] > 22*time.Second {
		t.Errorf("waits = %v, want one of about 21s", waits)
	}
	wantHits(t, f, "repos/acme/shop/branches/main/protection", 2)
	wantState(t, "protected", s.Protection.Protected.State, Off)
}

func checkBadCredentials(t *testing.T, _ *fakeGitHub, _ *sleeps, s *Settings) {
	wantGap(t, s, AreaRepository, "rejected the token", "")
	wantState(t, "protected", s.Protection.Protected.State, Unknown)
}

func checkNoToken(t *testing.T, _ *fakeGitHub, _ *sleeps, s *Settings) {
	wantGap(t, s, AreaClassic, "no GitHub token", "a token with "+permClassic)
	wantState(t, "protected", s.Protection.Protected.State, Unknown)
}
