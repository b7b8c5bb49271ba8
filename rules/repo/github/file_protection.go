package github

import (
	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// protectionKeys are the keys of a protection block: the request body of
// "update branch protection", plus what GitHub's response adds, so a
// pasted response reads too.
var protectionKeys = keySet(
	"required_status_checks", "enforce_admins", "required_pull_request_reviews",
	"restrictions", "required_linear_history", "allow_force_pushes", "allow_deletions",
	"block_creations", "required_conversation_resolution", "lock_branch",
	"allow_fork_syncing", "required_signatures", "url",
)

// requiredProtectionKeys must be present (null disables them): GitHub
// rejects an update without them, so the app cannot apply the block.
var requiredProtectionKeys = []string{
	"required_status_checks", "enforce_admins", "required_pull_request_reviews", "restrictions",
}

var reviewKeys = keySet(
	"required_approving_review_count", "dismiss_stale_reviews", "require_code_owner_reviews",
	"require_last_push_approval", "dismissal_restrictions", "bypass_pull_request_allowances", "url",
)

var statusCheckKeys = keySet("strict", "contexts", "checks", "url", "contexts_url", "enforcement_level")

func keySet(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// protection reads a non-empty protection mapping.
func (p *fileParser) protection(key, m *yaml.Node) *Protection {
	at := Origin{Pos: p.pos(key), Source: classicSource}
	p.checkKeys(m, protectionKeys, "protection")
	if p.inherited == "" {
		for _, name := range requiredProtectionKeys {
			if k, _ := source.Lookup(m, name); k == nil {
				p.Invalid(key, "protection lacks %q: GitHub rejects protection without it, "+
					"so the settings app cannot apply this block (write %q to disable it)", name, name+": null")
			}
		}
	}
	out := unprotected(at)
	out.Protected = known(On, at)
	out.EnforceAdmins = p.flag(m, at, "enforce_admins", Off)
	out.AllowForcePushes = p.flag(m, at, "allow_force_pushes", Off)
	out.AllowDeletions = p.flag(m, at, "allow_deletions", Off)
	out.LinearHistory = p.flag(m, at, "required_linear_history", Off)
	allowances := p.reviews(m, at, out)
	p.statusChecks(m, at, out)
	out.Bypass = classicBypass(out.EnforceAdmins, allowances)
	return out
}

// reviews reads required_pull_request_reviews into out and returns its
// bypass allowances.
func (p *fileParser) reviews(m *yaml.Node, parent Origin, out *Protection) []Actor {
	k, v := source.Lookup(m, "required_pull_request_reviews")
	if k == nil {
		if p.inherited != "" {
			u := unknown(parent, p.inheritedReason())
			out.PullRequest, out.DismissStaleReviews, out.RequireCodeOwnerReview, out.RequireLastPushApproval = u, u, u, u
			out.RequiredApprovals = Count{Origin: parent, Reason: u.Reason}
		}
		return nil
	}
	at := Origin{Pos: p.pos(k), Source: classicSource}
	off := known(Off, at)
	out.PullRequest, out.DismissStaleReviews, out.RequireCodeOwnerReview, out.RequireLastPushApproval = off, off, off, off
	out.RequiredApprovals = countOf(0, at)
	switch {
	case source.IsNull(v):
		return nil
	case !source.IsMap(v):
		p.Invalid(v, "required_pull_request_reviews must be a mapping or null, not %s", source.KindName(v))
		u := unknown(at, "required_pull_request_reviews is malformed")
		out.PullRequest, out.DismissStaleReviews, out.RequireCodeOwnerReview, out.RequireLastPushApproval = u, u, u, u
		out.RequiredApprovals = Count{Origin: at, Reason: u.Reason}
		return nil
	}
	p.checkKeys(v, reviewKeys, "required_pull_request_reviews")
	out.PullRequest = known(On, at)
	// GitHub requires one approval when the count is not given.
	out.RequiredApprovals = p.count(v, at, "required_approving_review_count", 1)
	out.DismissStaleReviews = p.flag(v, at, "dismiss_stale_reviews", Off)
	out.RequireCodeOwnerReview = p.flag(v, at, "require_code_owner_reviews", Off)
	out.RequireLastPushApproval = p.flag(v, at, "require_last_push_approval", Off)
	return p.allowances(source.Get(v, "bypass_pull_request_allowances"))
}

// allowances reads bypass_pull_request_allowances, whose entries are
// names in a request and objects in a response.
func (p *fileParser) allowances(n *yaml.Node) []Actor {
	var out []Actor
	for _, kind := range []struct{ key, actorType, nameKey string }{
		{"users", "User", "login"},
		{"teams", "Team", "slug"},
		{"apps", "Integration", "slug"},
	} {
		for _, item := range source.Items(source.Get(n, kind.key)) {
			a := Actor{Type: kind.actorType, Mode: "always", Scope: "required pull request reviews",
				Origin: Origin{Pos: p.pos(item), Source: classicSource}}
			if source.IsMap(item) {
				a.Name = source.Str(p.File, source.Get(item, kind.nameKey)).Value
				id, _ := source.Int(source.Get(item, "id"))
				a.ID = int64(id)
			} else {
				a.Name = source.Str(p.File, item).Value
			}
			out = append(out, a)
		}
	}
	return out
}

// statusChecks reads required_status_checks into out.
func (p *fileParser) statusChecks(m *yaml.Node, parent Origin, out *Protection) {
	k, v := source.Lookup(m, "required_status_checks")
	if k == nil {
		if p.inherited != "" {
			out.StatusChecks = Checks{Origin: parent, Reason: p.inheritedReason()}
			out.Strict = unknown(parent, p.inheritedReason())
		}
		return
	}
	at := Origin{Pos: p.pos(k), Source: classicSource}
	out.StatusChecks = Checks{State: Off, Origin: at}
	out.Strict = known(Off, at)
	switch {
	case source.IsNull(v):
		return
	case !source.IsMap(v):
		p.Invalid(v, "required_status_checks must be a mapping or null, not %s", source.KindName(v))
		out.StatusChecks = Checks{Origin: at, Reason: "required_status_checks is malformed"}
		out.Strict = unknown(at, "required_status_checks is malformed")
		return
	}
	p.checkKeys(v, statusCheckKeys, "required_status_checks")
	out.Strict = p.flag(v, at, "strict", Off)
	var list []Check
	for _, c := range source.Items(source.Get(v, "contexts")) {
		if s := source.Str(p.File, c); s.Value != "" {
			list = append(list, Check{Context: s.Value, Origin: Origin{Pos: s.Pos, Source: classicSource}})
		} else {
			p.Invalid(c, "a required context is a non-empty string")
		}
	}
	for _, c := range source.Items(source.Get(v, "checks")) {
		ctx := source.Str(p.File, source.Get(c, "context"))
		if ctx.Value == "" {
			p.Invalid(c, "a required check needs a context")
			continue
		}
		app, _ := source.Int(source.Get(c, "app_id"))
		list = append(list, Check{Context: ctx.Value, AppID: anyApp(int64(app)), Origin: Origin{Pos: ctx.Pos, Source: classicSource}})
	}
	if list = dedupeChecks(list); len(list) > 0 {
		out.StatusChecks = Checks{State: On, List: list, Origin: at}
	}
}

// flag reads a boolean setting of mapping m: true/false, null (off) or
// {enabled: BOOL}. An absent key takes def, decided at parent.
func (p *fileParser) flag(m *yaml.Node, parent Origin, name string, def State) Flag {
	k, v := source.Lookup(m, name)
	if k == nil {
		if p.inherited != "" {
			return unknown(parent, p.inheritedReason())
		}
		return known(def, parent)
	}
	at := Origin{Pos: p.pos(k), Source: parent.Source}
	if source.IsMap(v) {
		v = source.Get(v, "enabled")
	}
	if source.IsNull(v) {
		return known(Off, at)
	}
	if b, ok := source.Bool(v); ok {
		return flagOf(b, at)
	}
	p.Invalid(v, "%s must be true, false, null or {enabled: true|false}", name)
	return unknown(at, name+" is malformed")
}

// count reads a non-negative integer setting; an absent key takes def.
func (p *fileParser) count(m *yaml.Node, parent Origin, name string, def int) Count {
	k, v := source.Lookup(m, name)
	if k == nil {
		if p.inherited != "" {
			return Count{Origin: parent, Reason: p.inheritedReason()}
		}
		return countOf(def, parent)
	}
	at := Origin{Pos: p.pos(k), Source: parent.Source}
	if n, ok := source.Int(v); ok && n >= 0 {
		return countOf(n, at)
	}
	p.Invalid(v, "%s must be a non-negative integer", name)
	return Count{Origin: at, Reason: name + " is malformed"}
}

// checkKeys reports keys of m, the value of key where, that are not in
// allowed: GitHub would reject them, or they are typos.
func (p *fileParser) checkKeys(m *yaml.Node, allowed map[string]bool, where string) {
	for _, kv := range source.Pairs(m) {
		if !allowed[kv.Key.Value] {
			p.Invalid(kv.Key, "unknown key %q in %s", kv.Key.Value, where)
		}
	}
}
