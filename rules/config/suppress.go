package config

import (
	"fmt"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/input"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/directive"
)

// suppression is a well-formed directive with its rules resolved to IDs
// ("" for an unknown rule) and which of them silenced something.
type suppression struct {
	d    *directive.Directive
	ids  []string
	used []bool
}

// matches reports whether the suppression's j-th rule silences f.
func (s *suppression) matches(j int, f *rules.Finding) bool {
	return s.ids[j] == f.Rule.ID && (s.d.Line == 0 || s.d.Line == f.Line)
}

// Suppress removes the findings that lockstep:ignore directives silence
// and reports directive problems as LS002 findings: malformed directives,
// unknown rules, and directives of enabled rules that silenced nothing.
// enabled holds the IDs of the rules that ran: a directive for a rule that
// is off may be needed when it is on, so it is not "unused". LS002
// findings and findings without a file cannot be silenced.
func Suppress(r *repo.Repo, findings []rules.Finding, lookup func(string) *rules.Meta, enabled map[string]bool) (kept []rules.Finding, suppressed int, problems []rules.Finding) {
	byFile := map[string][]*suppression{}
	var all []*suppression
	for i := range r.Directives {
		d := &r.Directives[i]
		if d.Malformed != "" {
			problems = append(problems, ls002(d, "malformed suppression: "+d.Malformed))
			continue
		}
		s := &suppression{d: d, ids: make([]string, len(d.Rules)), used: make([]bool, len(d.Rules))}
		for j, ref := range d.Rules {
			if m := lookup(ref); m != nil {
				s.ids[j] = m.ID
			} else {
				problems = append(problems, ls002(d, fmt.Sprintf("unknown rule %q in suppression", ref)))
			}
		}
		byFile[d.Pos.File] = append(byFile[d.Pos.File], s)
		all = append(all, s)
	}
	for i := range findings {
		f := &findings[i]
		hit := false
		if f.Rule.ID != input.LS002.ID && f.Path != "" {
			for _, s := range byFile[f.Path] {
				for j := range s.ids {
					if s.matches(j, f) {
						s.used[j] = true
						hit = true
					}
				}
			}
		}
		if hit {
			suppressed++
			continue
		}
		kept = append(kept, *f)
	}
	for _, s := range all {
		for j, id := range s.ids {
			if id == "" || s.used[j] || !enabled[id] {
				continue
			}
			where := fmt.Sprintf("on line %d", s.d.Line)
			if s.d.Line == 0 {
				where = "in this file"
			}
			problems = append(problems, ls002(s.d, fmt.Sprintf("unused suppression of %s: no such finding %s", id, where)))
		}
	}
	return kept, suppressed, problems
}

func ls002(d *directive.Directive, msg string) rules.Finding {
	return rules.Finding{Rule: input.LS002, Message: msg, Location: rules.At(d.Pos)}
}
