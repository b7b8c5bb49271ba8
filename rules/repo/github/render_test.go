package github

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

var update = flag.Bool("update", false, "rewrite the want files under testdata/github")

// render prints Settings one fact a line, origins and reasons included,
// so a golden file shows exactly what a scenario yields.
func render(s *Settings) string {
	var b strings.Builder
	w := func(indent int, format string, args ...any) {
		b.WriteString(strings.Repeat("  ", indent))
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	w(0, "source: %s", s.Source)
	w(0, "repo: %s", s.Repo)
	w(0, "default branch: %s%s", s.DefaultBranch.Value, at(s.DefaultBranch.Pos))
	w(0, "location: %s", s.Location)
	w(0, "protection:")
	renderProtection(w, s.Protection)
	w(0, "classic:")
	renderProtection(w, s.Classic)
	for _, rs := range s.Rulesets {
		w(0, "ruleset %q id=%d %s %s target=%s enforcement=%s applies=%v%s", rs.Name.Value, rs.ID,
			rs.SourceType, rs.Source, rs.Target, rs.Enforcement.Value, rs.AppliesToDefault, at(rs.Origin.Pos))
		w(1, "include: %s", joinStrings(rs.Include))
		w(1, "exclude: %s", joinStrings(rs.Exclude))
		for _, r := range rs.Rules {
			w(1, "rule %s%s", r.Type.Value, at(r.Type.Pos))
		}
		renderActors(w, 1, "bypass", rs.Bypass)
	}
	for _, e := range s.Environments {
		w(0, "environment %q%s", e.Name.Value, at(e.Origin.Pos))
		for _, r := range e.Reviewers {
			w(1, "reviewer %s %d %s%s", r.Type, r.ID, r.Name, at(r.Origin.Pos))
		}
		w(1, "wait timer: %s", count(e.WaitTimer))
		w(1, "branch policy: %s %s%s", e.BranchPolicy.Kind, joinStrings(e.BranchPolicy.Patterns), at(e.BranchPolicy.Origin.Pos))
		w(1, "can admins bypass: %s", flagText(e.CanAdminsBypass))
		w(1, "prevent self review: %s", flagText(e.PreventSelfReview))
	}
	for _, g := range s.Gaps {
		w(0, "gap [%s] %s%s", g.Area, g.String(), at(g.Pos))
		if g.Detail != "" {
			w(1, "detail: %s", g.Detail)
		}
	}
	for _, a := range s.NotAsked {
		w(0, "not asked: %s", a)
	}
	for _, t := range s.UnknownRuleTypes {
		w(0, "unknown rule type %s%s", t.Value, at(t.Pos))
	}
	return b.String()
}

func renderProtection(w func(int, string, ...any), p *Protection) {
	w(1, "protected: %s", flagText(p.Protected))
	w(1, "pull request: %s", flagText(p.PullRequest))
	w(1, "required approvals: %s", count(p.RequiredApprovals))
	w(1, "dismiss stale reviews: %s", flagText(p.DismissStaleReviews))
	w(1, "code owner review: %s", flagText(p.RequireCodeOwnerReview))
	w(1, "last push approval: %s", flagText(p.RequireLastPushApproval))
	w(1, "enforce admins: %s", flagText(p.EnforceAdmins))
	renderActors(w, 1, "bypass", p.Bypass)
	w(1, "status checks: %s%s", p.StatusChecks.State, why(p.StatusChecks.Origin, p.StatusChecks.Reason))
	for _, c := range p.StatusChecks.List {
		w(2, "check %q app=%d%s", c.Context, c.AppID, why(c.Origin, ""))
	}
	for _, wf := range p.RequiredWorkflows {
		w(2, "workflow %s repo=%d ref=%s%s", wf.Path, wf.RepositoryID, wf.Ref, why(wf.Origin, ""))
	}
	w(1, "strict: %s", flagText(p.Strict))
	w(1, "allow force pushes: %s", flagText(p.AllowForcePushes))
	w(1, "allow deletions: %s", flagText(p.AllowDeletions))
	w(1, "linear history: %s", flagText(p.LinearHistory))
	w(1, "merge queue: %s", flagText(p.MergeQueue))
}

func renderActors(w func(int, string, ...any), indent int, label string, a Actors) {
	w(indent, "%s: %s%s", label, a.State, why(a.Origin, a.Reason))
	for _, x := range a.List {
		w(indent+1, "%s %d %s mode=%s scope=%s%s", x.Type, x.ID, x.Name, x.Mode, x.Scope, why(x.Origin, ""))
	}
}

func flagText(f Flag) string { return f.State.String() + why(f.Origin, f.Reason) }

func count(c Count) string { return fmt.Sprintf("%s %d%s", c.State, c.N, why(c.Origin, c.Reason)) }

func why(o Origin, reason string) string {
	s := " — " + o.String()
	if reason != "" {
		s += " — " + reason
	}
	return s
}

func at(p source.Pos) string {
	if p.IsValid() {
		return " @ " + p.String()
	}
	return ""
}

func joinStrings(ss []source.String) string {
	var parts []string
	for _, s := range ss {
		parts = append(parts, s.Value+at(s.Pos))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// golden compares got with the file want, or rewrites it under -update.
func golden(t *testing.T, want, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(data) != got {
		t.Errorf("%s differs (run with -update to accept):\n%s", filepath.Base(want), diffLines(string(data), got))
	}
}

// diffLines shows the lines of got that are not in want, and the reverse.
func diffLines(want, got string) string {
	in := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if g[l] == 0 {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if w[l] == 0 {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}
