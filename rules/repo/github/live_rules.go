package github

import (
	"encoding/json"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// decodeRule reads one ruleset rule. Parameters that cannot be decoded
// leave the rule's typed parameters nil, which reads as unknown.
func decodeRule(r ruleJSON, at Origin) *Rule {
	rule := &Rule{Type: source.String{Value: r.Type}}
	switch r.Type {
	case "pull_request":
		var p pullRequestParamsJSON
		if decodeParams(r.Parameters, &p) {
			rule.PullRequest = &PullRequestRule{
				RequiredApprovals:       countOf(p.RequiredApprovingReviewCount, at),
				DismissStaleReviews:     flagOf(p.DismissStaleReviewsOnPush, at),
				RequireCodeOwnerReview:  flagOf(p.RequireCodeOwnerReview, at),
				RequireLastPushApproval: flagOf(p.RequireLastPushApproval, at),
			}
		}
	case "required_status_checks":
		var p statusChecksParamsJSON
		if decodeParams(r.Parameters, &p) {
			sc := &StatusChecksRule{Strict: flagOf(p.Strict, at)}
			for _, c := range p.RequiredStatusChecks {
				var app int64
				if c.IntegrationID != nil {
					app = anyApp(*c.IntegrationID)
				}
				sc.Checks = append(sc.Checks, Check{Context: c.Context, AppID: app, Origin: at})
			}
			sc.Checks = dedupeChecks(sc.Checks)
			rule.StatusChecks = sc
		}
	case "workflows":
		var p workflowsParamsJSON
		if decodeParams(r.Parameters, &p) {
			for _, w := range p.Workflows {
				rule.Workflows = append(rule.Workflows, RequiredWorkflow{
					Path: w.Path, RepositoryID: w.RepositoryID, Ref: w.Ref, Origin: at,
				})
			}
		}
	}
	return rule
}

func decodeParams(raw json.RawMessage, into any) bool {
	return len(raw) > 0 && json.Unmarshal(raw, into) == nil
}

func (d *decoder) environments() []*Environment {
	if !d.snap.asked(NotAskedEnvironments) {
		d.out.NotAsked = append(d.out.NotAsked, AreaEnvironments)
		return nil
	}
	what := "deployment environments of " + d.out.Repo
	pages := d.snap.Environments
	if len(pages) == 0 {
		d.gapFor(AreaEnvironments, what, nil)
		return nil
	}
	var out []*Environment
	for _, ex := range pages {
		if !ex.OK() {
			d.gapFor(AreaEnvironments, what, ex)
			return nil
		}
		var page environmentsJSON
		if err := json.Unmarshal(ex.Body, &page); err != nil {
			d.undecodable(AreaEnvironments, what)
			return nil
		}
		for i := range page.Environments {
			out = append(out, environmentFromJSON(&page, i))
		}
	}
	return out
}

func environmentFromJSON(page *environmentsJSON, i int) *Environment {
	e := &page.Environments[i]
	at := Origin{Source: "environment " + strconv.Quote(e.Name)}
	env := &Environment{
		Name:              source.String{Value: e.Name},
		Origin:            at,
		WaitTimer:         countOf(0, at),
		PreventSelfReview: known(Off, at),
		BranchPolicy:      BranchPolicy{Kind: AnyBranch, Origin: at},
	}
	if e.CanAdminsBypass != nil {
		env.CanAdminsBypass = flagOf(*e.CanAdminsBypass, at)
	} else {
		env.CanAdminsBypass = unknown(at, "GitHub did not say whether administrators may bypass the environment's rules")
	}
	for _, rule := range e.ProtectionRules {
		switch rule.Type {
		case "required_reviewers":
			for _, r := range rule.Reviewers {
				env.Reviewers = append(env.Reviewers, Reviewer{
					Type: r.Type, ID: r.Reviewer.ID, Name: r.Reviewer.name(), Origin: at,
				})
			}
			env.PreventSelfReview = flagOf(rule.PreventSelfReview != nil && *rule.PreventSelfReview, at)
		case "wait_timer":
			env.WaitTimer = countOf(rule.WaitTimer, at)
		}
	}
	if p := e.DeploymentBranchPolicy; p != nil {
		switch {
		case p.ProtectedBranches:
			env.BranchPolicy.Kind = ProtectedBranches
		case p.CustomBranchPolicies:
			env.BranchPolicy.Kind = CustomBranches
		}
	}
	return env
}
