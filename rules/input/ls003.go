package input

import (
	_ "embed"
	"strconv"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

//go:embed ls003.md
var ls003Doc string

// SettingsUnreadable reports what of the repository's settings lockstep
// could not read, so could not check: the LS2xx rules stay silent about
// an unknown setting, and this finding is how that silence is explained
// instead of passing for a clean result.
type SettingsUnreadable struct{}

var ls003 = &rules.Meta{
	ID:       "LS003",
	Name:     "settings-unreadable",
	Category: rules.CategoryInput,
	// A warning: an unchecked gate must not read as a pass under the
	// default --fail-on. Assumptions, rule types lockstep does not know and
	// a repository with no settings at all are notes.
	Severity: rules.Warning,
	Title:    "repository settings could not be read, so they were not checked",
	Since:    "v0.1.0",
	Remediation: "Give lockstep a token with the permission the finding names (see docs/protection.md), " +
		"or declare the settings in .github/settings.yml, or check against a `lockstep settings dump` snapshot.",
	Doc: ls003Doc,
}

// Meta describes LS003.
func (SettingsUnreadable) Meta() *rules.Meta { return ls003 }

// noSettings is the logical location of the finding about a repository
// whose settings lockstep has no source for: it knows no repository name.
const noSettings = "github:<unknown repository>"

// Check reports one finding per Gap of the settings, one note per ruleset
// rule type lockstep does not interpret, and one note when there are no
// settings at all.
func (SettingsUnreadable) Check(p *rules.Pass) {
	s := p.Repo.Settings
	if s == nil {
		if usesGitHub(p.Repo) {
			p.Report(rules.Finding{Location: rules.Logical(noSettings), Severity: rules.Note,
				Message: "branch protection and deployment environments were not checked: there is no " +
					".github/settings.yml and no settings were read from GitHub (set GITHUB_TOKEN, or pass " +
					"--settings-snapshot); see docs/protection.md"})
		}
		return
	}
	for _, g := range s.Gaps {
		loc := rules.Logical(logicalLocation(s))
		if g.Pos.IsValid() {
			loc = rules.At(g.Pos)
		}
		if isAssumption(s, g) {
			p.Report(rules.Finding{Location: loc, Severity: rules.Note, Message: g.What + ": " + g.Reason})
			continue
		}
		p.Report(rules.Finding{Location: loc, Message: gapMessage(g)})
	}
	for _, t := range s.UnknownRuleTypes {
		loc := rules.Logical(logicalLocation(s))
		if t.Pos.IsValid() {
			loc = rules.At(t.Pos)
		}
		p.Report(rules.Finding{Location: loc, Severity: rules.Note,
			Message: "ruleset rule type " + strconv.Quote(t.Value) + " is not known to lockstep; it was not checked"})
	}
}

// unchecked says, per area, what the LS2xx rules could not check.
var unchecked = map[github.Area]string{
	github.AreaRepository:   "no branch protection or environment was checked",
	github.AreaClassic:      "what only classic protection could require was not checked",
	github.AreaRulesets:     "what only rulesets could require was not checked",
	github.AreaBypass:       "who may bypass it was not checked",
	github.AreaEnvironments: "deployment environments were not checked",
	github.AreaInherited:    "the LS2xx rules did not check them",
}

// gapMessage says what could not be read, why, what went unchecked, and
// what would fix it, with GitHub's own words when they add something.
func gapMessage(g github.Gap) string {
	msg := g.What + " could not be read: " + g.Reason
	if g.Detail != "" && !strings.Contains(g.Reason, g.Detail) {
		msg += " (GitHub: " + strconv.Quote(g.Detail) + ")"
	}
	if u := unchecked[g.Area]; u != "" {
		msg += "; " + u
	}
	if g.Permission != "" {
		msg += "; reading it needs " + g.Permission
	}
	return msg
}

// isAssumption reports the gap a settings file leaves by not declaring
// its default branch: lockstep assumed one and checked it, so the gap is
// worth a note, not a warning.
func isAssumption(s *github.Settings, g github.Gap) bool {
	return s.Source == github.SourceSettingsFile && g.Area == github.AreaRepository && g.What == "default branch"
}

func logicalLocation(s *github.Settings) string {
	switch {
	case s.Location != "":
		return s.Location
	case s.Repo != "":
		return "github:" + s.Repo
	}
	return noSettings
}

// usesGitHub reports a repository whose settings could matter: anything
// but one whose only CI is GitLab's, where GitHub's branch protection
// does not gate merges.
func usesGitHub(r *repo.Repo) bool {
	return len(r.Workflows) > 0 || len(r.GitLab) == 0
}
