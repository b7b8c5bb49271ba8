package github

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// rulesets reads the rulesets list, which has the shape of GitHub's
// ruleset API.
func (p *fileParser) rulesets(n *yaml.Node, s *Settings) []*Ruleset {
	var out []*Ruleset
	for _, item := range source.Items(n) {
		if !source.IsMap(item) {
			p.Invalid(item, "a ruleset is a mapping, not %s", source.KindName(item))
			continue
		}
		out = append(out, p.ruleset(item, s))
	}
	return out
}

func (p *fileParser) ruleset(m *yaml.Node, s *Settings) *Ruleset {
	rs := &Ruleset{SourceType: "Repository", Name: source.Str(p.File, source.Get(m, "name"))}
	if rs.Name.Value == "" {
		p.Invalid(m, "a ruleset needs a name")
	}
	rs.Origin = Origin{Pos: p.pos(m), Source: rulesetOrigin(rs.Name.Value, rs.SourceType, "")}
	rs.Target = "branch"
	if t := source.Str(p.File, source.Get(m, "target")); t.Value != "" {
		rs.Target = t.Value
	}
	rs.Enforcement = source.Str(p.File, source.Get(m, "enforcement"))
	switch rs.Enforcement.Value {
	case "active", "evaluate", "disabled":
	default:
		p.Invalid(m, "ruleset %q needs enforcement: active, evaluate or disabled", rs.Name.Value)
	}
	ref := source.Path(m, "conditions", "ref_name")
	rs.Include = p.refPatterns(source.Get(ref, "include"))
	rs.Exclude = p.refPatterns(source.Get(ref, "exclude"))
	for _, item := range source.Items(source.Get(m, "rules")) {
		r := p.rule(item, rs.Origin.Source)
		if r == nil {
			continue
		}
		if ruleTypes[r.Type.Value] == ruleUnknown {
			s.UnknownRuleTypes = append(s.UnknownRuleTypes, r.Type)
		}
		rs.Rules = append(rs.Rules, r)
	}
	rs.Bypass = p.bypassActors(m, rs.Origin)
	rs.AppliesToDefault = rs.Target == "branch" &&
		appliesToBranch(rs.Include, rs.Exclude, s.DefaultBranch.Value, s.DefaultBranch.Value)
	return rs
}

// refPatterns reads ref_name patterns, reporting those GitHub would never
// match: it compares patterns with full refs such as refs/heads/main.
func (p *fileParser) refPatterns(n *yaml.Node) []source.String {
	patterns := source.Strings(p.File, n)
	for _, pat := range patterns {
		if !strings.HasPrefix(pat.Value, "refs/") && !strings.HasPrefix(pat.Value, "~") &&
			!strings.HasPrefix(pat.Value, "*") {
			p.Problems = append(p.Problems, source.Problemf(pat.Pos, source.ReasonInvalid,
				"ref pattern %q matches no branch: GitHub matches full refs, e.g. %q",
				pat.Value, "refs/heads/"+pat.Value))
		}
	}
	return patterns
}

func (p *fileParser) rule(item *yaml.Node, rulesetSource string) *Rule {
	k, t := source.Lookup(item, "type")
	typ := source.Str(p.File, t)
	if k == nil || typ.Value == "" {
		p.Invalid(item, "a ruleset rule needs a type")
		return nil
	}
	r := &Rule{Type: typ}
	at := Origin{Pos: typ.Pos, Source: rulesetSource}
	pk, params := source.Lookup(item, "parameters")
	if pk != nil {
		at.Pos = p.pos(pk)
	}
	switch typ.Value {
	case "pull_request":
		r.PullRequest = &PullRequestRule{
			RequiredApprovals:       p.count(params, at, "required_approving_review_count", 0),
			DismissStaleReviews:     p.flag(params, at, "dismiss_stale_reviews_on_push", Off),
			RequireCodeOwnerReview:  p.flag(params, at, "require_code_owner_review", Off),
			RequireLastPushApproval: p.flag(params, at, "require_last_push_approval", Off),
		}
	case "required_status_checks":
		sc := &StatusChecksRule{Strict: p.flag(params, at, "strict_required_status_checks_policy", Off)}
		for _, c := range source.Items(source.Get(params, "required_status_checks")) {
			ctx := source.Str(p.File, source.Get(c, "context"))
			if ctx.Value == "" {
				p.Invalid(c, "a required status check needs a context")
				continue
			}
			app, _ := source.Int(source.Get(c, "integration_id"))
			sc.Checks = append(sc.Checks, Check{Context: ctx.Value, AppID: anyApp(int64(app)),
				Origin: Origin{Pos: ctx.Pos, Source: rulesetSource}})
		}
		sc.Checks = dedupeChecks(sc.Checks)
		r.StatusChecks = sc
	case "workflows":
		for _, w := range source.Items(source.Get(params, "workflows")) {
			path := source.Str(p.File, source.Get(w, "path"))
			repoID, _ := source.Int(source.Get(w, "repository_id"))
			r.Workflows = append(r.Workflows, RequiredWorkflow{
				Path: path.Value, RepositoryID: int64(repoID),
				Ref:    source.Str(p.File, source.Get(w, "ref")).Value,
				Origin: Origin{Pos: p.pos(w), Source: rulesetSource},
			})
		}
	}
	return r
}

// bypassActors reads bypass_actors; a ruleset that lists none has none.
func (p *fileParser) bypassActors(m *yaml.Node, rs Origin) Actors {
	k, v := source.Lookup(m, "bypass_actors")
	at := rs
	if k != nil {
		at.Pos = p.pos(k)
	}
	var list []Actor
	for _, item := range source.Items(v) {
		id, _ := source.Int(source.Get(item, "actor_id"))
		a := Actor{
			Type:   source.Str(p.File, source.Get(item, "actor_type")).Value,
			ID:     int64(id),
			Mode:   source.Str(p.File, source.Get(item, "bypass_mode")).Value,
			Scope:  rs.Source,
			Origin: Origin{Pos: p.pos(item), Source: rs.Source},
		}
		if a.Type == "" {
			p.Invalid(item, "a bypass actor needs an actor_type")
			continue
		}
		if a.Mode == "" {
			a.Mode = "always" // GitHub's default
		}
		a.Name = roleName(a)
		list = append(list, a)
	}
	state, _ := listState(len(list) > 0, "")
	return Actors{State: state, List: list, Origin: at}
}

// roleName names the base repository roles a bypass actor may stand for.
func roleName(a Actor) string {
	if a.Type != "RepositoryRole" {
		return a.Name
	}
	switch a.ID {
	case RoleMaintain:
		return "maintain"
	case RoleWrite:
		return "write"
	case RoleAdmin:
		return "admin"
	}
	return a.Name
}
