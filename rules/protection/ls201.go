package protection

import (
	_ "embed"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
)

//go:embed ls201.md
var ls201Doc string

// DefaultBranchUnprotected reports a default branch that neither classic
// branch protection nor an active ruleset protects.
type DefaultBranchUnprotected struct{}

var ls201 = &rules.Meta{
	ID:       "LS201",
	Name:     "default-branch-unprotected",
	Category: rules.CategoryProtection,
	// An error: every other merge gate hangs on protection; without it a
	// push deploys whatever it carries.
	Severity: rules.Error,
	Title:    "the default branch is not protected",
	Since:    "v0.1.0",
	Remediation: "Protect the default branch with a ruleset (or classic branch protection) that requires " +
		"pull requests, reviews and status checks, and blocks force pushes and deletion.",
	Doc: ls201Doc,
}

// Meta describes LS201.
func (DefaultBranchUnprotected) Meta() *rules.Meta { return ls201 }

// Check reports the default branch when its protection is known to be
// off; an Unknown protection is LS003's to report.
func (DefaultBranchUnprotected) Check(p *rules.Pass) {
	s := p.Repo.Settings
	if s == nil || s.Protection == nil || !s.Protection.Protected.IsOff() {
		return
	}
	msg := "the default branch " + strconv.Quote(branchName(s)) + " is not protected: " +
		"no branch protection or active ruleset applies to it, so anyone with write access " +
		"can push to it directly, force-push or delete it"
	var related []rules.Related
	for _, rs := range s.Rulesets {
		if !rs.AppliesToDefault || rs.Active() {
			continue
		}
		note := rs.Origin.Source + " would apply but its enforcement is " + strconv.Quote(rs.Enforcement.Value)
		pos := rs.Enforcement.Pos
		if !pos.IsValid() {
			pos = rs.Origin.Pos
		}
		if pos.IsValid() {
			related = append(related, rules.RelatedAt(pos, note))
		} else {
			msg += "; " + note
		}
	}
	loc, _ := locate(s, s.Protection.Protected.Origin)
	p.Report(rules.Finding{Location: loc, Message: msg, Related: related})
}
