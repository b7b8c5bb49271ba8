package protection

import (
	_ "embed"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

//go:embed ls204.md
var ls204Doc string

// NoRequiredChecks reports a default branch that requires no status check
// to pass before merging.
type NoRequiredChecks struct{}

var ls204 = &rules.Meta{
	ID:       "LS204",
	Name:     "no-required-checks",
	Category: rules.CategoryProtection,
	// An error: with nothing required, a red build merges and deploys.
	Severity: rules.Error,
	Title:    "the default branch requires no status checks",
	Since:    "v0.1.0",
	Remediation: "Require the status checks of the jobs that test, lint, scan and dry-run each change " +
		"(required_status_checks in classic protection, or a required_status_checks ruleset rule).",
	Doc: ls204Doc,
}

// Meta describes LS204.
func (NoRequiredChecks) Meta() *rules.Meta { return ls204 }

// Check reports a known-empty list of required checks. A ruleset's
// required workflows gate merges too, so they count as checks.
func (NoRequiredChecks) Check(p *rules.Pass) {
	s, prot := protectedBranch(p)
	if prot == nil || prot.StatusChecks.State != github.Off || len(prot.RequiredWorkflows) > 0 {
		return
	}
	report(p, s, prot.StatusChecks.Origin, rules.SeverityDefault,
		"no status check is required before merging into "+strconv.Quote(branchName(s))+
			": a change that fails its tests can merge and deploy")
}
