package protection

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

//go:embed ls205.md
var ls205Doc string

// MissingGate reports required status checks that leave out a kind of
// gate: tests, lint, a security scan or a deploy dry-run.
type MissingGate struct{}

// gateSettings are the gate kinds LS205 expects, each as the regular
// expressions that recognise it by check name. An empty list drops the
// gate kind.
type gateSettings struct {
	Gates gates `yaml:"gates"`
}

type gates struct {
	Test     []string `yaml:"test"`
	Lint     []string `yaml:"lint"`
	Security []string `yaml:"security"`
	DryRun   []string `yaml:"dry-run"`
}

// The default name patterns, matched case-insensitively anywhere in a
// check's name.
var defaultGates = gates{
	Test:     []string{`\btests?\b`, `\bunit\b`, `\bintegration\b`, `\be2e\b`, `\bpytest\b`, `\bjest\b`},
	Lint:     []string{`\blint`, `\bvet\b`, `\bstaticcheck\b`, `\bfmt\b`, `\bformat`, `\bcheckstyle\b`},
	Security: []string{`\bsecurity\b`, `\bcodeql\b`, `\bgovulncheck\b`, `\bvuln`, `\bgosec\b`, `\btrivy\b`, `\bsnyk\b`, `\bsemgrep\b`, `\bgrype\b`, `\bsast\b`, `\bdependency[- ]review\b`, `\bscan\b`},
	DryRun:   []string{`\bdry[- ]?run\b`, `\bplan\b`, `\bdiff\b`, `\bkubeconform\b`, `\bvalidate[- ]manifests\b`, `\brender\b`, `\btemplate\b`},
}

// Validate rejects patterns that are not regular expressions.
func (s *gateSettings) Validate() error {
	for _, g := range gateKinds {
		for _, expr := range g.patterns(s.Gates) {
			if _, err := regexp.Compile(expr); err != nil {
				return fmt.Errorf("gates: %s pattern %q: %w", g.activity, expr, err)
			}
		}
	}
	return nil
}

// gateKind is one kind of gate: what the classifier calls it, and how a
// message names it.
type gateKind struct {
	activity ci.Activity
	label    string
	patterns func(gates) []string
}

var gateKinds = []gateKind{
	{ci.Test, "tests", func(g gates) []string { return g.Test }},
	{ci.Lint, "lint", func(g gates) []string { return g.Lint }},
	{ci.SecurityScan, "security scan", func(g gates) []string { return g.Security }},
	{ci.DryRun, "deploy dry-run", func(g gates) []string { return g.DryRun }},
}

var ls205 = &rules.Meta{
	ID:       "LS205",
	Name:     "missing-gate",
	Category: rules.CategoryProtection,
	// A warning: some checks are required, but a kind of breakage they do
	// not look for reaches production unchecked.
	Severity: rules.Warning,
	Title:    "the required status checks leave out tests, lint, a security scan or a deploy dry-run",
	Since:    "v0.1.0",
	Remediation: "Add a workflow job for each missing gate that runs on pull requests, and require its check; " +
		"or drop a gate kind the project does not want with the gates setting.",
	Settings: &gateSettings{Gates: defaultGates},
	Doc:      ls205Doc,
}

// Meta describes LS205.
func (MissingGate) Meta() *rules.Meta { return ls205 }

// Check classifies every required check by the workflow jobs that report
// it (what their commands and actions do) and by its own name, and reports
// the gate kinds none covers. The dry-run gate applies only to
// repositories that deploy something.
func (MissingGate) Check(p *rules.Pass) {
	s, prot := protectedBranch(p)
	if prot == nil || prot.StatusChecks.State != github.On || !prot.StatusChecks.Complete() {
		return // no checks is LS204's; an incomplete list may hold the gate
	}
	cfg := settingsOf(p, &gateSettings{Gates: defaultGates}).Gates
	pipelines := ci.FromRepo(p.Repo)
	covered := coveredActivities(s, prot, pipelines)
	var missing []string
	for _, g := range gateKinds {
		patterns := g.patterns(cfg)
		if len(patterns) == 0 || (g.activity == ci.DryRun && !deploysSomething(p.Repo, pipelines)) {
			continue
		}
		if covered.Has(g.activity) || anyNameMatches(prot.StatusChecks.List, patterns) {
			continue
		}
		missing = append(missing, g.label)
	}
	if len(missing) == 0 {
		return
	}
	report(p, s, prot.StatusChecks.Origin, rules.SeverityDefault,
		"the required status checks of "+strconv.Quote(branchName(s))+" include no "+orNo(missing)+
			": changes can merge without them")
}

// coveredActivities is what the jobs behind the required checks do, plus
// the jobs of required workflows found in the repository, plus a security
// scan when an active ruleset requires code scanning results.
func coveredActivities(s *github.Settings, prot *github.Protection, pipelines []*ci.Pipeline) ci.Activities {
	var acts ci.Activities
	prods := producers(pipelines)
	for _, c := range prot.StatusChecks.List {
		for _, j := range jobsReporting(prods, c.Context) {
			acts |= j.Activities()
		}
	}
	for _, w := range prot.RequiredWorkflows {
		for _, pl := range pipelines {
			if pl.Path == w.Path {
				for _, j := range pl.Jobs {
					acts |= j.Activities()
				}
			}
		}
	}
	for _, rs := range s.Rulesets {
		if !rs.Active() || !rs.AppliesToDefault {
			continue
		}
		for _, rule := range rs.Rules {
			if rule.Type.Value == "code_scanning" {
				acts = acts.With(ci.SecurityScan)
			}
		}
	}
	return acts
}

// deploysSomething reports a repository with a deploy job or deployment
// manifests: what a deploy dry-run would check.
func deploysSomething(r *repo.Repo, pipelines []*ci.Pipeline) bool {
	for _, pl := range pipelines {
		for _, j := range pl.Jobs {
			if j.Deploys() {
				return true
			}
		}
	}
	for _, f := range r.Files {
		switch f.Kind {
		case repo.KindManifest, repo.KindKustomization, repo.KindHelmChart, repo.KindSkaffold:
			return true
		}
	}
	return false
}

// anyNameMatches reports a check whose name matches one of the patterns;
// a pattern that does not compile matches nothing (Validate reports it
// wherever settings are checked).
func anyNameMatches(checks []github.Check, patterns []string) bool {
	for _, expr := range patterns {
		re, err := regexp.Compile(`(?i)` + expr)
		if err != nil {
			continue
		}
		for _, c := range checks {
			if re.MatchString(c.Context) {
				return true
			}
		}
	}
	return false
}

// orNo joins "a, b and no c" as "a, no b and no c" reads: "no tests, no
// lint and no security scan".
func orNo(items []string) string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it
		if i > 0 {
			out[i] = "no " + it
		}
	}
	return andList(out)
}
