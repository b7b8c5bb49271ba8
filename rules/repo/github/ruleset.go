package github

import (
	"sort"
	"strconv"
	"strings"
)

// ruleMeaning is what lockstep knows about a ruleset rule type.
type ruleMeaning uint8

const (
	ruleUnknown    ruleMeaning = iota // lockstep cannot tell what it does
	ruleProtective                    // restricts changes to an existing branch
	ruleNaming                        // restricts creating or naming refs only
)

// ruleTypes are the rule types GitHub documents. The list is deliberately
// closed: a type added later is reported as unknown, never guessed at.
var ruleTypes = map[string]ruleMeaning{
	"creation":                    ruleNaming,
	"branch_name_pattern":         ruleNaming,
	"tag_name_pattern":            ruleNaming,
	"update":                      ruleProtective,
	"deletion":                    ruleProtective,
	"non_fast_forward":            ruleProtective,
	"required_linear_history":     ruleProtective,
	"merge_queue":                 ruleProtective,
	"required_deployments":        ruleProtective,
	"required_signatures":         ruleProtective,
	"pull_request":                ruleProtective,
	"required_status_checks":      ruleProtective,
	"workflows":                   ruleProtective,
	"code_scanning":               ruleProtective,
	"commit_message_pattern":      ruleProtective,
	"commit_author_email_pattern": ruleProtective,
	"committer_email_pattern":     ruleProtective,
	"file_path_restriction":       ruleProtective,
	"max_file_path_length":        ruleProtective,
	"file_extension_restriction":  ruleProtective,
	"max_file_size":               ruleProtective,
}

// rulesetProtection is what one ruleset imposes on a branch it applies to.
func rulesetProtection(rs *Ruleset) *Protection {
	p := unprotected(rs.Origin)
	p.Bypass = rs.Bypass
	var unknownTypes []string
	for _, r := range rs.Rules {
		at := Origin{Pos: r.Type.Pos, Source: rs.Origin.Source}
		switch ruleTypes[r.Type.Value] {
		case ruleUnknown:
			unknownTypes = append(unknownTypes, r.Type.Value)
			continue
		case ruleProtective:
			if !p.Protected.IsOn() {
				p.Protected = known(On, at)
			}
		}
		switch r.Type.Value {
		case "update", "non_fast_forward":
			p.AllowForcePushes = known(Off, at)
		case "deletion":
			p.AllowDeletions = known(Off, at)
		case "required_linear_history":
			p.LinearHistory = known(On, at)
		case "merge_queue":
			p.MergeQueue = known(On, at)
		case "workflows":
			p.RequiredWorkflows = append(p.RequiredWorkflows, r.Workflows...)
		case "pull_request":
			applyPullRequestRule(p, r, at)
		case "required_status_checks":
			applyStatusChecksRule(p, r, at)
		}
	}
	if !p.Protected.IsOn() && len(unknownTypes) > 0 {
		sort.Strings(unknownTypes)
		p.Protected = unknown(rs.Origin, "its only rules are of types lockstep does not know: "+
			strings.Join(unknownTypes, ", "))
	}
	return p
}

func applyPullRequestRule(p *Protection, r *Rule, at Origin) {
	p.PullRequest = known(On, at)
	pr := r.PullRequest
	if pr == nil {
		u := unknown(at, "the pull_request rule's parameters could not be read")
		p.DismissStaleReviews, p.RequireCodeOwnerReview, p.RequireLastPushApproval = u, u, u
		p.RequiredApprovals = Count{Origin: at, Reason: u.Reason}
		return
	}
	p.RequiredApprovals = pr.RequiredApprovals
	p.DismissStaleReviews = pr.DismissStaleReviews
	p.RequireCodeOwnerReview = pr.RequireCodeOwnerReview
	p.RequireLastPushApproval = pr.RequireLastPushApproval
}

func applyStatusChecksRule(p *Protection, r *Rule, at Origin) {
	sc := r.StatusChecks
	if sc == nil {
		reason := "the required_status_checks rule's parameters could not be read"
		p.StatusChecks = Checks{Origin: at, Reason: reason}
		p.Strict = unknown(at, reason)
		return
	}
	p.StatusChecks.List = append(p.StatusChecks.List, sc.Checks...)
	if len(p.StatusChecks.List) > 0 {
		p.StatusChecks.State = On
		p.StatusChecks.Origin = at
	}
	p.Strict = sc.Strict
}

// effective merges the classic protection with every active ruleset that
// applies to the default branch. rulesUnreadable, when set, stands for
// rulesets that could not be read.
func effective(classic *Protection, rulesets []*Ruleset, rulesUnreadable *Protection) *Protection {
	parts := []*Protection{classic}
	for _, rs := range rulesets {
		if rs.Active() && rs.AppliesToDefault {
			parts = append(parts, rulesetProtection(rs))
		}
	}
	if rulesUnreadable != nil {
		parts = append(parts, rulesUnreadable)
	}
	out := merge(parts)
	// Rulesets have no enforce_admins: whom they exempt is in Bypass.
	out.EnforceAdmins = classic.EnforceAdmins
	return out
}

// rulesetOrigin names a ruleset the way messages quote it.
func rulesetOrigin(name, sourceType, source string) string {
	s := "ruleset " + strconv.Quote(name)
	kind := strings.ToLower(sourceType)
	switch {
	case kind != "" && source != "":
		s += " (" + kind + " " + source + ")"
	case kind != "":
		s += " (" + kind + ")"
	}
	return s
}
