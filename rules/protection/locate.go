package protection

import (
	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// unknownRepository is the logical location of findings about settings
// whose repository lockstep does not know.
const unknownRepository = "github:<unknown repository>"

// locate says where a finding about a setting decided at origin goes:
// the deciding key of the settings file, or for settings read from GitHub
// the repository's logical location. In the second case the message
// cannot point at the source, so provenance is a suffix naming it.
func locate(s *github.Settings, origin github.Origin) (loc rules.Location, provenance string) {
	if origin.Pos.IsValid() {
		return rules.At(origin.Pos), ""
	}
	if origin.Source != "" {
		provenance = " (per " + origin.Source + ")"
	}
	return rules.Logical(logicalName(s)), provenance
}

// logicalName is the settings' logical location.
func logicalName(s *github.Settings) string {
	switch {
	case s != nil && s.Location != "":
		return s.Location
	case s != nil && s.Repo != "":
		return "github:" + s.Repo
	}
	return unknownRepository
}

// report records a finding about the setting decided at origin; sev is
// rules.SeverityDefault for the rule's own severity.
func report(p *rules.Pass, s *github.Settings, origin github.Origin, sev rules.Severity, msg string, related ...rules.Related) {
	loc, provenance := locate(s, origin)
	p.Report(rules.Finding{Location: loc, Severity: sev, Message: msg + provenance, Related: related})
}

// relatedAt is a related location at pos, or nothing for settings read
// from GitHub, which have no position to show.
func relatedAt(pos source.Pos, msg string) []rules.Related {
	if !pos.IsValid() {
		return nil
	}
	return []rules.Related{rules.RelatedAt(pos, msg)}
}

// branchName names the default branch in messages.
func branchName(s *github.Settings) string {
	if s.DefaultBranch.Value != "" {
		return s.DefaultBranch.Value
	}
	return "the default branch"
}

// protectedBranch returns the settings and the effective protection of the
// default branch, or nils when there are no settings or the branch is
// known to be unprotected: then LS003 or LS201 says all there is to say,
// and reporting each missing gate of an unprotected branch would repeat
// it. A branch whose protection is Unknown is returned: its known
// settings still count.
func protectedBranch(p *rules.Pass) (*github.Settings, *github.Protection) {
	s := p.Repo.Settings
	if s == nil || s.Protection == nil || s.Protection.Protected.IsOff() {
		return nil, nil
	}
	return s, s.Protection
}

// settingsOf returns the pass's decoded settings of type T, or def when
// the pass carries none.
func settingsOf[T any](p *rules.Pass, def *T) *T {
	if s, ok := p.Settings.(*T); ok && s != nil {
		return s
	}
	return def
}
