package github

import (
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func strs(values ...string) []source.String { return plainStrings(values) }

func TestAppliesToBranch(t *testing.T) {
	for _, tc := range []struct {
		include, exclude []string
		branch           string
		want             bool
	}{
		{[]string{"~DEFAULT_BRANCH"}, nil, "main", true},
		{[]string{"~DEFAULT_BRANCH"}, nil, "develop", false},
		{[]string{"~ALL"}, nil, "feature/x", true},
		{[]string{"~ALL"}, []string{"~DEFAULT_BRANCH"}, "main", false},
		{[]string{"refs/heads/main"}, nil, "main", true},
		{[]string{"main"}, nil, "main", false}, // patterns match full refs
		{[]string{"refs/heads/release/*"}, nil, "release/v1", true},
		{[]string{"refs/heads/release/*"}, nil, "release/v1/hotfix", false}, // * stops at /
		{[]string{"refs/heads/release/**"}, nil, "release/v1/hotfix", true},
		{[]string{"refs/heads/v[0-9]*"}, nil, "v2-beta", true},
		{[]string{"refs/heads/v[!0-9]*"}, nil, "v2-beta", false},
		{[]string{"refs/heads/ma?n"}, nil, "main", true},
		{[]string{"refs/heads/a.b"}, nil, "axb", false}, // . is literal
		{nil, []string{"refs/heads/dev"}, "main", true}, // exclusions alone: every other branch
		{nil, []string{"refs/heads/dev"}, "dev", false},
		{nil, nil, "main", false},                              // nothing at all: no branch
		{[]string{"refs/heads/[unclosed"}, nil, "main", false}, // broken patterns match nothing
	} {
		if got := appliesToBranch(strs(tc.include...), strs(tc.exclude...), tc.branch, "main"); got != tc.want {
			t.Errorf("include %v exclude %v, branch %q: %v, want %v", tc.include, tc.exclude, tc.branch, got, tc.want)
		}
	}
}

// TestMergeNeverPassesUnknown: an unreadable source keeps a permissive
// value unknown, never lets it pass, and a readable restrictive one wins.
func TestMergeNeverPassesUnknown(t *testing.T) {
	classic := unknownProtection(Origin{Source: classicSource}, "unreadable")
	rs := &Ruleset{
		Name: source.String{Value: "r"}, Enforcement: source.String{Value: "active"}, AppliesToDefault: true,
		Origin: Origin{Source: `ruleset "r"`},
		Bypass: Actors{State: Off},
		Rules: []*Rule{
			{Type: source.String{Value: "deletion"}},
			{Type: source.String{Value: "pull_request"}, PullRequest: &PullRequestRule{
				RequiredApprovals: countOf(1, Origin{Source: `ruleset "r"`}),
			}},
		},
	}
	p := effective(classic, []*Ruleset{rs}, nil)
	wantState(t, "protected", p.Protected.State, On)
	wantState(t, "deletions", p.AllowDeletions.State, Off)
	wantState(t, "force pushes", p.AllowForcePushes.State, Unknown)
	wantState(t, "dismiss stale", p.DismissStaleReviews.State, Unknown)
	if p.RequiredApprovals.State != Unknown || p.RequiredApprovals.N != 1 {
		t.Errorf("approvals = %+v", p.RequiredApprovals)
	}

	// Evaluate-mode rulesets impose nothing.
	rs.Enforcement.Value = "evaluate"
	p = effective(unprotected(Origin{Source: classicSource}), []*Ruleset{rs}, nil)
	wantState(t, "evaluate: protected", p.Protected.State, Off)

	// A ruleset of unknown rule types alone leaves protection unknown.
	only := &Ruleset{Enforcement: source.String{Value: "active"}, AppliesToDefault: true,
		Rules: []*Rule{{Type: source.String{Value: "future_rule"}}}}
	p = effective(unprotected(Origin{Source: classicSource}), []*Ruleset{only}, nil)
	wantState(t, "unknown types: protected", p.Protected.State, Unknown)
}
