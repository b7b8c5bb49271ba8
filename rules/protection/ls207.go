package protection

import (
	_ "embed"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
)

//go:embed ls207.md
var ls207Doc string

// HistoryRewritable reports a default branch that allows force pushes or
// deletion.
type HistoryRewritable struct{}

var ls207 = &rules.Meta{
	ID:       "LS207",
	Name:     "history-rewritable",
	Category: rules.CategoryProtection,
	// An error for force pushes, which rewrite what was reviewed and
	// deployed; deletion, which is rarer and loud, is reported as a
	// warning.
	Severity: rules.Error,
	Title:    "the default branch allows force pushes or deletion",
	Since:    "v0.1.0",
	Remediation: "Block force pushes and deletion of the default branch (allow_force_pushes and allow_deletions " +
		"off, or the non_fast_forward and deletion ruleset rules).",
	Doc: ls207Doc,
}

// Meta describes LS207.
func (HistoryRewritable) Meta() *rules.Meta { return ls207 }

// Check reports force pushes and deletion, each at the key that allows it.
func (HistoryRewritable) Check(p *rules.Pass) {
	s, prot := protectedBranch(p)
	if prot == nil {
		return
	}
	branch := strconv.Quote(branchName(s))
	if prot.AllowForcePushes.IsOn() {
		report(p, s, prot.AllowForcePushes.Origin, rules.SeverityDefault,
			"force pushes to "+branch+" are allowed: the history that was reviewed and deployed can be rewritten")
	}
	if prot.AllowDeletions.IsOn() {
		report(p, s, prot.AllowDeletions.Origin, rules.Warning,
			"deleting "+branch+" is allowed: the history that was reviewed and deployed can be lost with it")
	}
}
