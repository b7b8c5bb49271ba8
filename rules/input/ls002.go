package input

import (
	_ "embed"

	"github.com/lockstep-lint/lockstep/rules"
)

//go:embed ls002.md
var ls002Doc string

// SuppressionProblem is reported by the suppression step (package
// rules/config), not by Check: only that step knows which directives
// matched a finding.
type SuppressionProblem struct{}

// LS002 is exported so that the suppression step can attribute findings.
var LS002 = &rules.Meta{
	ID:          "LS002",
	Name:        "bad-suppression",
	Category:    rules.CategoryInput,
	Severity:    rules.Warning,
	Title:       "a lockstep:ignore comment is malformed or suppresses nothing",
	Since:       "v0.1.0",
	Remediation: "Name existing rules and give a reason after \"--\"; delete directives that no longer match a finding.",
	Doc:         ls002Doc,
}

// Meta describes LS002.
func (SuppressionProblem) Meta() *rules.Meta { return LS002 }

// Check does nothing; see the type's comment.
func (SuppressionProblem) Check(*rules.Pass) {}
