package protection

import (
	_ "embed"
	"slices"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

//go:embed ls202.md
var ls202Doc string

// Bypassable reports who may skip the default branch's
// protection: administrators when enforce_admins is off, the pull-request
// bypass allowances, and every bypass actor of an active ruleset.
type Bypassable struct{}

// classicScope is the scope of the administrators classic protection
// exempts (github.Actor.Scope).
const classicScope = "classic branch protection"

// bypassSettings lists the actors a project accepts as bypassing.
type bypassSettings struct {
	// Allow holds "Type:Name" or "Type:ID" entries, e.g.
	// "Integration:release-please" or "Team:12345".
	Allow []string `yaml:"allow"`
}

var ls202 = &rules.Meta{
	ID:       "LS202",
	Name:     "protection-bypassable",
	Category: rules.CategoryProtection,
	// A warning: a few trusted bypassers are a deliberate trade-off. The
	// finding becomes an error when everyone with write or maintain access
	// may always bypass, which leaves no protection at all.
	Severity: rules.Warning,
	Title:    "someone may bypass the default branch's protection",
	Since:    "v0.1.0",
	Remediation: "Turn on \"Do not allow bypassing the above settings\" (enforce_admins) and remove bypass " +
		"actors and bypass allowances; where a bot must bypass, limit it to pull requests and list it " +
		"in the allow setting.",
	Settings: &bypassSettings{},
	Doc:      ls202Doc,
}

// Meta describes LS202.
func (Bypassable) Meta() *rules.Meta { return ls202 }

// Check reports one finding per bypassed scope (classic protection, its
// pull-request reviews, each ruleset), naming every actor who may bypass
// it. An incomplete list is reported as far as it is known; an unknown one
// is LS003's.
func (Bypassable) Check(p *rules.Pass) {
	s, prot := protectedBranch(p)
	if prot == nil {
		return
	}
	allow := settingsOf(p, &bypassSettings{}).Allow
	var scopes []string
	byScope := map[string][]github.Actor{}
	for _, a := range prot.Bypass.List {
		if slices.ContainsFunc(allow, func(e string) bool { return actorMatches(e, a) }) {
			continue
		}
		if _, seen := byScope[a.Scope]; !seen {
			scopes = append(scopes, a.Scope)
		}
		byScope[a.Scope] = append(byScope[a.Scope], a)
	}
	for _, scope := range scopes {
		reportBypass(p, s, scope, byScope[scope])
	}
}

func reportBypass(p *rules.Pass, s *github.Settings, scope string, actors []github.Actor) {
	var names []string
	var related []rules.Related
	sev := rules.SeverityDefault
	adminsExempt := false
	for i, a := range actors {
		name := describeActor(a)
		if mode := bypassMode(a); mode != "always" {
			name += " (" + mode + ")"
		}
		names = append(names, name)
		if isBroad(a) {
			sev = rules.Error
		}
		// Classic protection exempts admins through enforce_admins alone.
		adminsExempt = adminsExempt || (a.IsAdmin() && scope == classicScope)
		if i > 0 && a.Origin.Pos != actors[0].Origin.Pos {
			related = append(related, relatedAt(a.Origin.Pos, describeActor(a)+" may bypass")...)
		}
	}
	msg := andList(names) + " may bypass " + scope + " on " + strconv.Quote(branchName(s))
	if adminsExempt {
		msg += " (enforce_admins is off)"
	}
	loc, _ := locate(s, actors[0].Origin) // the scope names the source
	p.Report(rules.Finding{Location: loc, Severity: sev, Message: msg, Related: related})
}
