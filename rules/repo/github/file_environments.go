package github

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// environments reads the environments list as the settings app writes it:
// name, wait_timer, reviewers [{id, type}], deployment_branch_policy.
// prevent_self_review and can_admins_bypass are read when present,
// although the app does not apply them; absent, GitHub's defaults hold.
func (p *fileParser) environments(n *yaml.Node) []*Environment {
	var out []*Environment
	for _, item := range source.Items(n) {
		name := source.Str(p.File, source.Get(item, "name"))
		if !source.IsMap(item) || name.Value == "" {
			p.Invalid(item, "an environment is a mapping with a name")
			continue
		}
		at := Origin{Pos: p.pos(item), Source: "environment " + strconv.Quote(name.Value)}
		env := &Environment{
			Name:              name,
			Origin:            at,
			WaitTimer:         p.count(item, at, "wait_timer", 0),
			PreventSelfReview: p.flag(item, at, "prevent_self_review", Off),
			CanAdminsBypass:   p.flag(item, at, "can_admins_bypass", On),
			BranchPolicy:      p.branchPolicy(item, at),
		}
		for _, r := range source.Items(source.Get(item, "reviewers")) {
			id, _ := source.Int(source.Get(r, "id"))
			typ := source.Str(p.File, source.Get(r, "type")).Value
			if typ != "User" && typ != "Team" {
				p.Invalid(r, "a reviewer needs type User or Team")
				continue
			}
			env.Reviewers = append(env.Reviewers, Reviewer{
				Type: typ, ID: int64(id), Origin: Origin{Pos: p.pos(r), Source: at.Source},
			})
		}
		out = append(out, env)
	}
	return out
}

// branchPolicy follows the settings app: no policy (or null) lets every
// branch deploy; custom_branches lists patterns; anything else means
// protected branches.
func (p *fileParser) branchPolicy(env *yaml.Node, parent Origin) BranchPolicy {
	k, v := source.Lookup(env, "deployment_branch_policy")
	if k == nil || source.IsNull(v) {
		at := parent
		if k != nil {
			at.Pos = p.pos(k)
		}
		return BranchPolicy{Kind: AnyBranch, Origin: at}
	}
	at := Origin{Pos: p.pos(k), Source: parent.Source}
	protected, _ := source.Bool(source.Get(v, "protected_branches"))
	custom := source.Get(v, "custom_branches")
	if protected || source.IsNull(custom) {
		return BranchPolicy{Kind: ProtectedBranches, Origin: at}
	}
	bp := BranchPolicy{Kind: CustomBranches, Origin: at}
	for _, c := range source.Items(custom) {
		if source.IsMap(c) {
			c = source.Get(c, "name")
		}
		if s := source.Str(p.File, c); s.Value != "" {
			bp.Patterns = append(bp.Patterns, s)
		}
	}
	return bp
}
