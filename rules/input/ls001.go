package input

import (
	_ "embed"
	"maps"
	"slices"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
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

// Check reports each problem the loader recorded, at most
// source.MaxProblemsPerFile per file and then one that counts the others:
// a file of bad lines up to the 8 MiB limit would otherwise be a million
// findings, burying every other one and the report with them.
func (Unparseable) Check(p *rules.Pass) {
	perFile := map[string]int{}
	for _, pr := range p.Repo.Problems {
		perFile[pr.Pos.File] += 1 + pr.Omitted
	}
	over := map[string][]source.Problem{}
	for _, pr := range p.Repo.Problems {
		if f := pr.Pos.File; f != "" && perFile[f] > source.MaxProblemsPerFile {
			over[f] = append(over[f], pr)
			continue
		}
		p.Reportf(pr.Pos, "%s: %s", pr.Reason, pr.Message)
	}
	for _, f := range slices.Sorted(maps.Keys(over)) {
		prs := over[f]
		// The first ones in the file, whichever parser found them.
		slices.SortStableFunc(prs, func(a, b source.Problem) int {
			if a.Pos.Before(b.Pos) {
				return -1
			}
			if b.Pos.Before(a.Pos) {
				return 1
			}
			return 0
		})
		keep := min(source.MaxProblemsPerFile, len(prs)-1)
		for _, pr := range prs[:keep] {
			p.Reportf(pr.Pos, "%s: %s", pr.Reason, pr.Message)
		}
		p.Reportf(prs[keep].Pos, "… and %d more problems in this file, from here on (at most %d are reported one by one)",
			perFile[f]-keep, source.MaxProblemsPerFile)
	}
}
