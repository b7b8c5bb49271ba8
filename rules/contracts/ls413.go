package contracts

import (
	_ "embed"
	"fmt"
	"sort"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

//go:embed ls413.md
var ls413Doc string

// LockstepChange reports a change that breaks a contract and edits its
// consumers at once.
type LockstepChange struct{}

var ls413 = &rules.Meta{
	ID:       "LS413",
	Name:     "lockstep-change",
	Category: rules.CategoryCoupling,
	// An error: merged as is, the provider and its consumers can only be
	// deployed together, and a rollback of one breaks the other.
	Severity: rules.Error,
	Title:    "one change breaks a contract and edits its consumers",
	Since:    "v0.1.0",
	Remediation: "Split the change (expand/contract): first add the new contract beside the old one and " +
		"deploy the provider, then migrate each consumer in its own change, and remove the old contract " +
		"last, once no consumer uses it.",
	Doc: ls413Doc,
}

// Meta describes LS413.
func (LockstepChange) Meta() *rules.Meta { return ls413 }

// maxEditsShown bounds the related locations per consumer.
const maxEditsShown = 3

// Check finds, for each contract the change breaks (LS410–LS412), the
// consumers the same change edits.
func (LockstepChange) Check(p *rules.Pass) {
	for _, c := range openAPIContracts(p) {
		reportLockstep(p, c, consumers(p.Repo, c.Path, c.Provider, sameOpenAPI(specAt(p, c.Path))))
	}
	for _, c := range protoContracts(p) {
		reportLockstep(p, c, consumers(p.Repo, c.Path, c.Provider, sameProto(specAt(p, c.Path))))
	}
	for _, c := range goContracts(p) {
		reportLockstep(p, c.contractChange, c.consumers)
	}
}

func reportLockstep(p *rules.Pass, c *contractChange, refs []consumerRef) {
	if c.Problem != nil || len(c.Breaking) == 0 {
		return
	}
	edited := map[string][]string{} // consumer -> changed paths
	for _, r := range refs {
		if _, done := edited[r.Consumer]; done {
			continue
		}
		var paths []string
		for path, fc := range p.Diff.Files {
			if fc.Status == 'D' || path == c.Path {
				continue
			}
			if (r.Dir != "" && within(path, r.Dir)) || (r.Dir == "" && path == r.Consumer) {
				paths = append(paths, path)
			}
		}
		if len(paths) > 0 {
			sort.Strings(paths)
			edited[r.Consumer] = paths
		}
	}
	if len(edited) == 0 {
		return
	}
	var names []string
	for n := range edited {
		names = append(names, n)
	}
	sort.Strings(names)
	var related []rules.Related
	for _, n := range names {
		for i, path := range edited[n] {
			if i == maxEditsShown {
				break
			}
			related = append(related, rules.RelatedAt(firstAdded(p, path), n+" is edited by the same change"))
		}
	}
	for _, b := range c.Breaking {
		related = append(related, rules.RelatedAt(b.At, "breaking: "+b.Message))
	}
	p.Report(rules.Finding{
		Location: rules.At(c.Breaking[0].At),
		Message: fmt.Sprintf("this change breaks the contract %s (%d breaking %s) and edits its %s %s: they can only be deployed together",
			c.Path, len(c.Breaking), plural(len(c.Breaking), "change"), plural(len(names), "consumer"), nameList(names)),
		Related: related,
	})
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// firstAdded is the first line the change adds to path, or its start.
func firstAdded(p *rules.Pass, path string) source.Pos {
	first := 0
	if fc := p.Diff.Files[path]; fc != nil {
		for l := range fc.Added {
			if first == 0 || l < first {
				first = l
			}
		}
	}
	return source.Pos{File: path, Line: max(first, 1), Col: 1}
}
