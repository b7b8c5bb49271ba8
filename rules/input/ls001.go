package input

import (
	_ "embed"

	"github.com/lockstep-lint/lockstep/rules"
)

//go:embed ls001.md
var ls001Doc string

// Unparseable reports files lockstep could not read or understand; it is
// how a broken file surfaces instead of silently passing every rule.
type Unparseable struct{}

var ls001 = &rules.Meta{
	ID:          "LS001",
	Name:        "unparseable-input",
	Category:    rules.CategoryInput,
	Severity:    rules.Error,
	Title:       "a file could not be read or parsed",
	Since:       "v0.1.0",
	Remediation: "Fix the file so that it parses, or exclude it in .lockstep.yml if it is not meant to be read (for example a template).",
	Doc:         ls001Doc,
}

// Meta describes LS001.
func (Unparseable) Meta() *rules.Meta { return ls001 }

// Check reports each problem the loader recorded.
func (Unparseable) Check(p *rules.Pass) {
	for _, pr := range p.Repo.Problems {
		p.Reportf(pr.Pos, "%s: %s", pr.Reason, pr.Message)
	}
}
