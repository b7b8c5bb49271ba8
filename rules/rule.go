package rules

import (
	"fmt"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Rule is one check over the repository model. Check must be a pure
// function of the pass: rules run concurrently and must not share state.
type Rule interface {
	Meta() *Meta
	Check(p *Pass)
}

// Pass is what one rule sees while it runs.
type Pass struct {
	Repo *repo.Repo
	// Settings is the rule's decoded settings: a pointer of the same type
	// as Meta.Settings, or nil when the rule has none.
	Settings any
	// Diff describes the change under review in diff mode (--base); nil
	// when the whole repository is checked.
	Diff *repo.Diff

	meta     *Meta
	findings []Finding
}

// NewPass prepares a pass; the engine and rule tests use it.
func NewPass(r *repo.Repo, m *Meta, settings any, diff *repo.Diff) *Pass {
	return &Pass{Repo: r, Settings: settings, Diff: diff, meta: m}
}

// Report records a finding; Rule and a zero Severity are filled in from
// the rule's metadata.
func (p *Pass) Report(f Finding) {
	f.Rule = p.meta
	p.findings = append(p.findings, f)
}

// Reportf records a finding at pos.
func (p *Pass) Reportf(pos source.Pos, format string, args ...any) {
	p.Report(Finding{Location: At(pos), Message: fmt.Sprintf(format, args...)})
}

// Findings returns what the pass has reported so far.
func (p *Pass) Findings() []Finding { return p.findings }

// GoSource is the Rule of a check that runs as a go/analysis analyzer
// over type-checked packages (Meta.Analyzer names it), not over the
// repository model. It is in the registry so that its metadata reaches
// `lockstep explain`, docs/rules.md, SARIF and configuration like any
// rule's; callers that type-check Go code run the analyzer itself.
type GoSource struct{ M *Meta }

// Meta returns the rule's metadata.
func (g GoSource) Meta() *Meta { return g.M }

// Check does nothing: the repository model holds no type information,
// and reporting here as well would report every finding twice.
func (GoSource) Check(*Pass) {}
