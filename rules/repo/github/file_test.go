package github

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

const settingsDir = "../../../testdata/github/settings-file"

// settingsPath is how the repository model names the file.
const settingsPath = ".github/settings.yml"

func parseFixture(t *testing.T, name string) (*Settings, []source.Problem) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(settingsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return ParseSettingsFile(settingsPath, data)
}

// TestSettingsFileGolden renders every fixture with its problems and
// compares it with the .want file beside it.
func TestSettingsFileGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(settingsDir, "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			s, problems := parseFixture(t, name)
			var b strings.Builder
			b.WriteString(render(s))
			for _, p := range problems {
				b.WriteString("problem " + p.Error() + "\n")
			}
			golden(t, strings.TrimSuffix(file, ".yml")+".want", b.String())
		})
	}
}

func wantPos(t *testing.T, what string, o Origin, line, col int) {
	t.Helper()
	want := source.Pos{File: settingsPath, Line: line, Col: col}
	if o.Pos != want {
		t.Errorf("%s decided at %s, want %s", what, o.Pos, want)
	}
}

// TestSettingsFilePositions pins every property of full.yml to the key
// that decides it.
func TestSettingsFilePositions(t *testing.T) {
	s, problems := parseFixture(t, "full.yml")
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if s.DefaultBranch.Value != "main" || s.DefaultBranch.Pos.Line != 4 {
		t.Errorf("default branch = %+v", s.DefaultBranch)
	}
	c := s.Classic
	for _, tc := range []struct {
		what      string
		f         Flag
		state     State
		line, col int
	}{
		{"protected", c.Protected, On, 8, 5},
		{"pull request", c.PullRequest, On, 9, 7},
		{"dismiss stale", c.DismissStaleReviews, On, 11, 9},
		{"code owners", c.RequireCodeOwnerReview, On, 12, 9},
		{"last push", c.RequireLastPushApproval, Off, 13, 9},
		{"strict", c.Strict, On, 21, 9},
		{"enforce admins", c.EnforceAdmins, Off, 26, 7},
		{"linear history", c.LinearHistory, On, 27, 7},
		{"force pushes", c.AllowForcePushes, Off, 28, 7},
		{"deletions", c.AllowDeletions, Off, 29, 7},
	} {
		wantState(t, tc.what, tc.f.State, tc.state)
		wantPos(t, tc.what, tc.f.Origin, tc.line, tc.col)
	}
	if c.RequiredApprovals.N != 2 {
		t.Errorf("approvals = %+v", c.RequiredApprovals)
	}
	wantPos(t, "approvals", c.RequiredApprovals.Origin, 10, 9)
	checks := c.StatusChecks.List
	if len(checks) != 3 || checks[2].Context != "security/codeql" || checks[2].AppID != 57789 {
		t.Fatalf("checks = %+v", checks)
	}
	wantPos(t, "check test", checks[0].Origin, 22, 20)
	wantPos(t, "check security/codeql", checks[2].Origin, 24, 22)
	// Admins (enforce_admins: false) and the two allowances may bypass.
	bypass := c.Bypass.List
	if len(bypass) != 3 || !bypass[0].IsAdmin() || bypass[1].Name != "release-bot" || bypass[2].Type != "Team" {
		t.Fatalf("bypass = %+v", bypass)
	}
	wantPos(t, "admin bypass", bypass[0].Origin, 26, 7)
	wantPos(t, "release-bot bypass", bypass[1].Origin, 18, 19)

	// The ruleset adds a check, a merge queue and an admin bypass actor.
	p := s.Protection
	wantState(t, "merge queue", p.MergeQueue.State, On)
	wantPos(t, "merge queue", p.MergeQueue.Origin, 50, 15)
	last := p.StatusChecks.List[len(p.StatusChecks.List)-1]
	if last.Context != "deploy-dry-run" || last.AppID != 15368 {
		t.Errorf("last check = %+v", last)
	}
	wantPos(t, "deploy-dry-run", last.Origin, 48, 24)
	if len(s.UnknownRuleTypes) != 1 || s.UnknownRuleTypes[0].Value != "copilot_code_review" ||
		s.UnknownRuleTypes[0].Pos.Line != 53 {
		t.Errorf("unknown rule types = %+v", s.UnknownRuleTypes)
	}
	if !s.Rulesets[0].AppliesToDefault || s.Rulesets[1].AppliesToDefault {
		t.Errorf("applies: %v %v", s.Rulesets[0].AppliesToDefault, s.Rulesets[1].AppliesToDefault)
	}

	env := s.Environments
	if len(env) != 3 || len(env[0].Reviewers) != 2 || env[0].WaitTimer.N != 15 {
		t.Fatalf("environments = %+v", env)
	}
	wantPos(t, "production wait timer", env[0].WaitTimer.Origin, 66, 5)
	if env[1].BranchPolicy.Kind != CustomBranches || len(env[1].BranchPolicy.Patterns) != 2 ||
		env[1].BranchPolicy.Patterns[1].Value != "v*" {
		t.Errorf("staging policy = %+v", env[1].BranchPolicy)
	}
	if env[2].BranchPolicy.Kind != AnyBranch || len(env[2].Reviewers) != 0 {
		t.Errorf("preview = %+v", env[2])
	}
}

// TestSettingsFileNullAndAbsent pins the semantics of a protection that
// is null, empty, missing, or partly written.
func TestSettingsFileNullAndAbsent(t *testing.T) {
	for _, tc := range []struct {
		file      string
		line, col int // where "unprotected" is decided
	}{
		{"null-protection.yml", 5, 5}, // the protection key
		{"empty-protection.yml", 5, 5},
		{"no-entry.yml", 2, 1}, // the branches key
	} {
		s, _ := parseFixture(t, tc.file)
		wantState(t, tc.file+": protected", s.Protection.Protected.State, Off)
		wantPos(t, tc.file, s.Protection.Protected.Origin, tc.line, tc.col)
		wantState(t, tc.file+": force pushes", s.Protection.AllowForcePushes.State, On)
	}

	s, problems := parseFixture(t, "absent-keys.yml")
	wantState(t, "absent: protected", s.Protection.Protected.State, On)
	// Absent keys take GitHub's default at the protection key.
	wantState(t, "absent: force pushes", s.Protection.AllowForcePushes.State, Off)
	wantPos(t, "absent: force pushes", s.Protection.AllowForcePushes.Origin, 7, 5)
	wantState(t, "absent: status checks", s.Protection.StatusChecks.State, Off)
	wantPos(t, "absent: status checks", s.Protection.StatusChecks.Origin, 7, 5)
	// An absent approval count inside the reviews block is GitHub's 1.
	if a := s.Protection.RequiredApprovals; a.N != 1 || a.Origin.Pos.Line != 8 {
		t.Errorf("absent: approvals = %+v", a)
	}
	if len(problems) != 3 {
		t.Errorf("absent: want 3 problems for the missing required keys, got %v", problems)
	}

	s, _ = parseFixture(t, "no-entry.yml")
	wantGap(t, s, AreaRepository, `assumed "main"`, "")
	s, _ = parseFixture(t, "master.yml")
	if s.DefaultBranch.Value != "master" || !s.Protection.PullRequest.IsOn() {
		t.Errorf("master: branch %q, pull request %s", s.DefaultBranch.Value, s.Protection.PullRequest.State)
	}
}

// TestSettingsFileBoolShapes reads request-shape and response-shape
// booleans alike.
func TestSettingsFileBoolShapes(t *testing.T) {
	s, problems := parseFixture(t, "get-shape.yml")
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	p := s.Classic
	wantState(t, "enforce admins", p.EnforceAdmins.State, On)
	wantPos(t, "enforce admins", p.EnforceAdmins.Origin, 21, 7)
	wantState(t, "force pushes", p.AllowForcePushes.State, On)
	wantState(t, "linear history", p.LinearHistory.State, Off)
	wantState(t, "status checks", p.StatusChecks.State, Off)
	wantPos(t, "status checks", p.StatusChecks.Origin, 8, 7)
	if len(p.Bypass.List) != 2 || p.Bypass.List[0].Name != "octocat" || p.Bypass.List[1].ID != 2740 {
		t.Errorf("bypass = %+v", p.Bypass)
	}
}

func TestSettingsFileExtends(t *testing.T) {
	s, _ := parseFixture(t, "extends.yml")
	wantGap(t, s, AreaInherited, "cannot be read offline", "")
	p := s.Protection
	// Stated restrictively here: known. The approval count is at least
	// 2, but inherited rulesets may ask for more.
	wantState(t, "force pushes", p.AllowForcePushes.State, Off)
	if c := p.RequiredApprovals; c.State != Unknown || c.N != 2 {
		t.Errorf("approvals = %+v, want unknown with lower bound 2", c)
	}
	if c := s.Classic.RequiredApprovals; c.State != On || c.N != 2 {
		t.Errorf("classic approvals = %+v", c)
	}
	// Not stated: the inherited file may set them.
	wantState(t, "dismiss stale", p.DismissStaleReviews.State, Unknown)
	wantState(t, "status checks", p.StatusChecks.State, Unknown)
	wantState(t, "linear history", p.LinearHistory.State, Unknown)
}

func TestSettingsFileInvalid(t *testing.T) {
	s, problems := parseFixture(t, "invalid.yml")
	var lines []string
	for _, p := range problems {
		lines = append(lines, p.Error())
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{
		`.github/settings.yml:7:42: invalid content: required_approving_review_count must be a non-negative integer`,
		`.github/settings.yml:8:9: invalid content: unknown key "dismiss_stale_review" in required_pull_request_reviews`,
		`.github/settings.yml:9:31: invalid content: required_status_checks must be a mapping or null`,
		`.github/settings.yml:10:23: invalid content: enforce_admins must be true, false, null`,
		`.github/settings.yml:12:7: invalid content: unknown key "allow_force_push" in protection`,
		`.github/settings.yml:18:19: invalid content: ref pattern "main" matches no branch`,
		`.github/settings.yml:20:9: invalid content: a ruleset rule needs a type`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing problem %q in:\n%s", want, got)
		}
	}
	wantState(t, "enforce admins", s.Classic.EnforceAdmins.State, Unknown)
	wantState(t, "approvals", s.Classic.RequiredApprovals.State, Unknown)
	wantState(t, "status checks", s.Classic.StatusChecks.State, Unknown)

	s, problems = parseFixture(t, "syntax-error.yml")
	if len(problems) == 0 || problems[0].Reason != source.ReasonSyntax {
		t.Errorf("syntax error: problems %v", problems)
	}
	wantState(t, "syntax error: protected", s.Protection.Protected.State, Unknown)
}

// FuzzParseSettingsFile: no input may panic, and every problem and origin
// must point into the file.
func FuzzParseSettingsFile(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(settingsDir, "*.yml"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("_extends: x\nbranches: {name: main}\n"))
	f.Add([]byte("branches: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A hang is a bug too; panicking makes the fuzzer keep the input.
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("no result after 10s for %q", data)) })
		defer watchdog.Stop()
		s, problems := ParseSettingsFile(settingsPath, data)
		if s == nil || s.Protection == nil || s.Classic == nil {
			t.Fatal("nil settings")
		}
		for _, p := range problems {
			if p.Pos.File != settingsPath {
				t.Errorf("problem outside the file: %v", p)
			}
		}
		if o := s.Protection.Protected.Origin; o.Pos.File != settingsPath {
			t.Errorf("protection decided outside the file: %+v", o)
		}
	})
}
