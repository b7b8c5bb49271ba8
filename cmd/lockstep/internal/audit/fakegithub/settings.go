package fakegithub

import (
	"fmt"
	"math/rand/v2"
	"path"
	"strings"
)

// The types below are GitHub's answers in GitHub's field names, as far
// as go-github v60 and lockstep read them. URL fields are left out where
// nothing follows them.

// Profile names how a repository's default branch is protected.
type Profile string

const (
	// Unprotected means no classic protection and no repository ruleset; the
	// organization's baseline ruleset may still apply.
	Unprotected Profile = "unprotected"
	// ClassicStrong is classic protection with reviews, required checks,
	// enforce_admins, no force pushes.
	ClassicStrong Profile = "classic-strong"
	// ClassicWeak is classic protection that lets admins bypass, requires
	// no approval and allows force pushes.
	ClassicWeak Profile = "classic-weak"
	// RulesetOnly means no classic protection, and a repository ruleset with a
	// pull-request rule, required checks and bypass actors.
	RulesetOnly Profile = "ruleset"
)

// Settings are what the API shows of a repository's settings.
type Settings struct {
	Profile Profile
	// Protection is the classic protection of the default branch; nil
	// answers 404 "Branch not protected".
	Protection   *Protection
	Rulesets     []*Ruleset // the repository's own
	Environments []*Environment
}

// Protection is GET repos/{o}/{r}/branches/{b}/protection.
type Protection struct {
	RequiredStatusChecks           *StatusChecks `json:"required_status_checks,omitempty"`
	RequiredPullRequestReviews     *Reviews      `json:"required_pull_request_reviews,omitempty"`
	RequiredSignatures             Toggle        `json:"required_signatures"`
	EnforceAdmins                  Toggle        `json:"enforce_admins"`
	RequiredLinearHistory          Toggle        `json:"required_linear_history"`
	AllowForcePushes               Toggle        `json:"allow_force_pushes"`
	AllowDeletions                 Toggle        `json:"allow_deletions"`
	BlockCreations                 Toggle        `json:"block_creations"`
	RequiredConversationResolution Toggle        `json:"required_conversation_resolution"`
	LockBranch                     Toggle        `json:"lock_branch"`
	AllowForkSyncing               Toggle        `json:"allow_fork_syncing"`
}

// Toggle is GitHub's {"enabled": bool}.
type Toggle struct {
	Enabled bool `json:"enabled"`
}

// StatusChecks are classic required status checks.
type StatusChecks struct {
	Strict   bool          `json:"strict"`
	Contexts []string      `json:"contexts"`
	Checks   []StatusCheck `json:"checks"`
}

// StatusCheck is one required check; AppID nil means any app.
type StatusCheck struct {
	Context string `json:"context"`
	AppID   *int64 `json:"app_id"`
}

// Reviews are classic required pull-request reviews.
type Reviews struct {
	DismissStaleReviews          bool        `json:"dismiss_stale_reviews"`
	RequireCodeOwnerReviews      bool        `json:"require_code_owner_reviews"`
	RequiredApprovingReviewCount int         `json:"required_approving_review_count"`
	RequireLastPushApproval      bool        `json:"require_last_push_approval"`
	BypassPullRequestAllowances  *Allowances `json:"bypass_pull_request_allowances,omitempty"`
}

// Allowances are who may merge without the required reviews.
type Allowances struct {
	Users []Account `json:"users"`
	Teams []Team    `json:"teams"`
	Apps  []Account `json:"apps"`
}

// Account is a user or an app as GitHub embeds it.
type Account struct {
	Login     string `json:"login,omitempty"`
	Slug      string `json:"slug,omitempty"`
	ID        int64  `json:"id"`
	NodeID    string `json:"node_id"`
	Type      string `json:"type,omitempty"`
	SiteAdmin bool   `json:"site_admin"`
}

// Team is a team as GitHub embeds it.
type Team struct {
	ID         int64  `json:"id"`
	NodeID     string `json:"node_id"`
	Name       string `json:"name"`
	Slug       string `json:"slug"`
	Privacy    string `json:"privacy"`
	Permission string `json:"permission"`
}

// Ruleset is a repository or organization ruleset in full, as
// GET .../rulesets/{id} returns it.
type Ruleset struct {
	ID           int64         `json:"id"`
	Name         string        `json:"name"`
	Target       string        `json:"target"`      // branch, tag
	SourceType   string        `json:"source_type"` // Repository, Organization
	Source       string        `json:"source"`
	Enforcement  string        `json:"enforcement"` // active, evaluate, disabled
	Conditions   *Conditions   `json:"conditions,omitempty"`
	Rules        []Rule        `json:"rules"`
	BypassActors []BypassActor `json:"bypass_actors"`
	NodeID       string        `json:"node_id"`
	CreatedAt    string        `json:"created_at"`
	UpdatedAt    string        `json:"updated_at"`
}

// Conditions say which refs (and, for an organization, which
// repositories) a ruleset targets.
type Conditions struct {
	RefName        *NameCondition `json:"ref_name,omitempty"`
	RepositoryName *NameCondition `json:"repository_name,omitempty"`
}

// NameCondition is include and exclude patterns.
type NameCondition struct {
	Include []string `json:"include"`
	Exclude []string `json:"exclude"`
}

// Rule is a ruleset rule.
type Rule struct {
	Type       string `json:"type"`
	Parameters any    `json:"parameters,omitempty"`
}

// BypassActor may bypass a ruleset.
type BypassActor struct {
	ActorID    *int64 `json:"actor_id"`
	ActorType  string `json:"actor_type"`  // RepositoryRole, Team, Integration, OrganizationAdmin
	BypassMode string `json:"bypass_mode"` // always, pull_request
}

// BranchRule is a rule as GET repos/{o}/{r}/rules/branches/{b} returns
// it: the rule and the ruleset it comes from.
type BranchRule struct {
	Rule
	RulesetSourceType string `json:"ruleset_source_type"`
	RulesetSource     string `json:"ruleset_source"`
	RulesetID         int64  `json:"ruleset_id"`
}

// Environment is a deployment environment.
type Environment struct {
	ID                     int64            `json:"id"`
	NodeID                 string           `json:"node_id"`
	Name                   string           `json:"name"`
	CreatedAt              string           `json:"created_at"`
	UpdatedAt              string           `json:"updated_at"`
	CanAdminsBypass        bool             `json:"can_admins_bypass"`
	ProtectionRules        []ProtectionRule `json:"protection_rules"`
	DeploymentBranchPolicy *BranchPolicy    `json:"deployment_branch_policy"`
}

// ProtectionRule is one of an environment's protection rules.
type ProtectionRule struct {
	ID                int64         `json:"id"`
	NodeID            string        `json:"node_id"`
	Type              string        `json:"type"` // required_reviewers, wait_timer, branch_policy
	WaitTimer         *int          `json:"wait_timer,omitempty"`
	PreventSelfReview *bool         `json:"prevent_self_review,omitempty"`
	Reviewers         []EnvReviewer `json:"reviewers,omitempty"`
}

// EnvReviewer is a required reviewer: Reviewer is a Team or an Account.
type EnvReviewer struct {
	Type     string `json:"type"`
	Reviewer any    `json:"reviewer"`
}

// BranchPolicy says which branches may deploy to an environment.
type BranchPolicy struct {
	ProtectedBranches    bool `json:"protected_branches"`
	CustomBranchPolicies bool `json:"custom_branch_policies"`
}

type pullRequestParams struct {
	DismissStaleReviewsOnPush      bool `json:"dismiss_stale_reviews_on_push"`
	RequireCodeOwnerReview         bool `json:"require_code_owner_review"`
	RequireLastPushApproval        bool `json:"require_last_push_approval"`
	RequiredApprovingReviewCount   int  `json:"required_approving_review_count"`
	RequiredReviewThreadResolution bool `json:"required_review_thread_resolution"`
}

type statusChecksParams struct {
	RequiredStatusChecks []ruleCheck `json:"required_status_checks"`
	Strict               bool        `json:"strict_required_status_checks_policy"`
}

type ruleCheck struct {
	Context       string `json:"context"`
	IntegrationID *int64 `json:"integration_id,omitempty"`
}

const (
	// The GitHub Actions app, which reports the checks of workflows.
	actionsAppID    = 15368
	adminRoleID     = 5 // the repository admin role
	releaseTeamID   = 4242001
	rulesetTime     = "2024-03-01T12:00:00.000Z"
	environmentTime = "2024-02-01T09:30:00Z"
)

var releaseTeam = Team{ID: releaseTeamID, NodeID: "T_kwDOrelease", Name: "Release Managers",
	Slug: "release-managers", Privacy: "closed", Permission: "push"}

var deployBot = Account{Login: "deploy-bot", ID: 8800001, NodeID: "U_kgDOdeploy", Type: "User"}

func ptr[T any](v T) *T { return &v }

// Organization ruleset IDs.
const (
	baselineRulesetID = 7001
	reviewRulesetID   = 7002
)

// orgRulesets are an active baseline on every default branch outside the
// sandboxes, and a review rule still in evaluate mode.
func orgRulesets(org string) []*Ruleset {
	cond := func() *Conditions {
		return &Conditions{
			RefName:        &NameCondition{Include: []string{"~DEFAULT_BRANCH"}, Exclude: []string{}},
			RepositoryName: &NameCondition{Include: []string{"~ALL"}, Exclude: []string{"sandbox-*"}},
		}
	}
	return []*Ruleset{
		{ID: baselineRulesetID, Name: "baseline: no force pushes or deletions", Target: "branch",
			SourceType: "Organization", Source: org, Enforcement: "active", Conditions: cond(),
			Rules:        []Rule{{Type: "deletion"}, {Type: "non_fast_forward"}},
			BypassActors: []BypassActor{{ActorID: ptr[int64](1), ActorType: "OrganizationAdmin", BypassMode: "always"}},
			NodeID:       "RRS_lACkVXNlcgHa", CreatedAt: rulesetTime, UpdatedAt: rulesetTime},
		{ID: reviewRulesetID, Name: "trial: require a review", Target: "branch",
			SourceType: "Organization", Source: org, Enforcement: "evaluate", Conditions: cond(),
			Rules:        []Rule{{Type: "pull_request", Parameters: pullRequestParams{RequiredApprovingReviewCount: 1}}},
			BypassActors: []BypassActor{},
			NodeID:       "RRS_lACkVXNlcgHb", CreatedAt: rulesetTime, UpdatedAt: rulesetTime},
	}
}

// appliesTo reports whether an organization ruleset targets repo; the
// fake only uses ~ALL and NAME* patterns.
func (rs *Ruleset) appliesTo(repo string) bool {
	if rs.Conditions == nil || rs.Conditions.RepositoryName == nil {
		return true
	}
	match := func(patterns []string) bool {
		for _, p := range patterns {
			if ok, _ := path.Match(p, repo); ok || p == "~ALL" {
				return true
			}
		}
		return false
	}
	c := rs.Conditions.RepositoryName
	return match(c.Include) && !match(c.Exclude)
}

// targetsDefaultBranch reports whether the ruleset's ref condition names
// the default branch; the fake only uses ~DEFAULT_BRANCH, ~ALL and exact
// refs.
func (rs *Ruleset) targetsDefaultBranch(branch string) bool {
	if rs.Target != "branch" || rs.Conditions == nil || rs.Conditions.RefName == nil {
		return false
	}
	for _, p := range rs.Conditions.RefName.Include {
		if p == "~DEFAULT_BRANCH" || p == "~ALL" || p == "refs/heads/"+branch {
			return true
		}
	}
	return false
}

func newSettings(rng *rand.Rand, r *Repo) Settings {
	s := Settings{Profile: pickProfile(rng, r.Kind)}
	checks := []string{"test", "lint"}
	switch s.Profile {
	case ClassicStrong:
		s.Protection = &Protection{
			RequiredStatusChecks: &StatusChecks{Strict: true, Contexts: checks, Checks: []StatusCheck{
				{Context: "test", AppID: ptr[int64](actionsAppID)}, {Context: "lint", AppID: ptr[int64](actionsAppID)}}},
			RequiredPullRequestReviews: &Reviews{DismissStaleReviews: true, RequireCodeOwnerReviews: rng.IntN(2) == 0,
				RequiredApprovingReviewCount: 1 + rng.IntN(2), RequireLastPushApproval: true,
				BypassPullRequestAllowances: &Allowances{Users: []Account{}, Teams: []Team{}, Apps: []Account{}}},
			EnforceAdmins:                  Toggle{true},
			RequiredLinearHistory:          Toggle{true},
			RequiredConversationResolution: Toggle{true},
		}
	case ClassicWeak:
		s.Protection = &Protection{
			RequiredPullRequestReviews: &Reviews{RequiredApprovingReviewCount: 0,
				BypassPullRequestAllowances: &Allowances{Users: []Account{deployBot}, Teams: []Team{}, Apps: []Account{}}},
			AllowForcePushes: Toggle{true},
		}
	case RulesetOnly:
		actors := []BypassActor{{ActorID: ptr[int64](adminRoleID), ActorType: "RepositoryRole", BypassMode: "always"}}
		if rng.IntN(2) == 0 {
			actors = append(actors, BypassActor{ActorID: ptr[int64](releaseTeamID), ActorType: "Team", BypassMode: "pull_request"})
		}
		s.Rulesets = append(s.Rulesets, &Ruleset{
			ID: r.ID*10 + 1, Name: "protect " + r.DefaultBranch, Target: "branch", SourceType: "Repository",
			Source: r.FullName(), Enforcement: "active",
			Conditions: &Conditions{RefName: &NameCondition{Include: []string{"~DEFAULT_BRANCH"}, Exclude: []string{}}},
			Rules: []Rule{
				{Type: "deletion"},
				{Type: "non_fast_forward"},
				{Type: "pull_request", Parameters: pullRequestParams{DismissStaleReviewsOnPush: true,
					RequiredApprovingReviewCount: 1 + rng.IntN(2), RequireLastPushApproval: rng.IntN(2) == 0}},
				{Type: "required_status_checks", Parameters: statusChecksParams{Strict: rng.IntN(2) == 0,
					RequiredStatusChecks: []ruleCheck{{Context: "test", IntegrationID: ptr[int64](actionsAppID)}, {Context: "lint"}}}},
			},
			BypassActors: actors, NodeID: fmt.Sprintf("RRS_%d", r.ID*10+1), CreatedAt: rulesetTime, UpdatedAt: rulesetTime,
		})
	}
	if r.Kind != Empty && rng.IntN(100) < 30 {
		s.Rulesets = append(s.Rulesets, &Ruleset{
			ID: r.ID*10 + 2, Name: "release tags", Target: "tag", SourceType: "Repository", Source: r.FullName(),
			Enforcement:  "active",
			Conditions:   &Conditions{RefName: &NameCondition{Include: []string{"refs/tags/v*"}, Exclude: []string{}}},
			Rules:        []Rule{{Type: "deletion"}, {Type: "update"}},
			BypassActors: []BypassActor{{ActorID: ptr[int64](releaseTeamID), ActorType: "Team", BypassMode: "always"}},
			NodeID:       fmt.Sprintf("RRS_%d", r.ID*10+2), CreatedAt: rulesetTime, UpdatedAt: rulesetTime,
		})
	}
	if r.Kind != Empty && rng.IntN(100) < 15 {
		s.Rulesets = append(s.Rulesets, &Ruleset{
			ID: r.ID*10 + 3, Name: "trial: linear history", Target: "branch", SourceType: "Repository",
			Source: r.FullName(), Enforcement: "evaluate",
			Conditions:   &Conditions{RefName: &NameCondition{Include: []string{"refs/heads/" + r.DefaultBranch}, Exclude: []string{}}},
			Rules:        []Rule{{Type: "required_linear_history"}},
			BypassActors: []BypassActor{},
			NodeID:       fmt.Sprintf("RRS_%d", r.ID*10+3), CreatedAt: rulesetTime, UpdatedAt: rulesetTime,
		})
	}
	s.Environments = newEnvironments(rng, r)
	return s
}

func pickProfile(rng *rand.Rand, kind Kind) Profile {
	p := rng.IntN(100)
	switch kind {
	case Empty:
		return Unprotected
	case SettingsFile:
		return ClassicStrong
	case BigBang:
		return [...]Profile{ClassicWeak, Unprotected, ClassicStrong}[min(p/40, 2)]
	case Library:
		return [...]Profile{Unprotected, ClassicWeak}[p/50]
	}
	switch {
	case p < 35:
		return ClassicStrong
	case p < 60:
		return RulesetOnly
	case p < 80:
		return ClassicWeak
	}
	return Unprotected
}

func newEnvironments(rng *rand.Rand, r *Repo) []*Environment {
	env := func(k int64, name string) *Environment {
		return &Environment{ID: r.ID*10 + k, NodeID: fmt.Sprintf("EN_%d", r.ID*10+k), Name: name,
			CreatedAt: environmentTime, UpdatedAt: environmentTime, ProtectionRules: []ProtectionRule{}}
	}
	switch r.Kind {
	case Library, Empty:
		return nil
	case BigBang:
		prod := env(1, "production")
		prod.CanAdminsBypass = true
		return []*Environment{prod}
	}
	prod := env(1, "production")
	prod.CanAdminsBypass = rng.IntN(4) == 0
	prod.ProtectionRules = []ProtectionRule{
		{ID: r.ID*100 + 1, NodeID: fmt.Sprintf("GA_%d", r.ID*100+1), Type: "required_reviewers",
			PreventSelfReview: ptr(true), Reviewers: []EnvReviewer{{Type: "Team", Reviewer: releaseTeam}}},
		{ID: r.ID*100 + 2, NodeID: fmt.Sprintf("GA_%d", r.ID*100+2), Type: "branch_policy"},
	}
	if wait := rng.IntN(4) * 10; wait > 0 {
		prod.ProtectionRules = append(prod.ProtectionRules, ProtectionRule{ID: r.ID*100 + 3,
			NodeID: fmt.Sprintf("GA_%d", r.ID*100+3), Type: "wait_timer", WaitTimer: ptr(wait)})
	}
	prod.DeploymentBranchPolicy = &BranchPolicy{ProtectedBranches: true}
	envs := []*Environment{prod}
	if rng.IntN(100) < 40 {
		staging := env(2, "staging")
		staging.CanAdminsBypass = true
		envs = append(envs, staging)
	}
	return envs
}

// BranchRules are the active rules that apply to the default branch, as
// GET repos/{o}/{r}/rules/branches/{b} lists them: the organization's
// first, then the repository's.
func (o *Org) BranchRules(r *Repo) []BranchRule {
	out := []BranchRule{}
	add := func(rs *Ruleset) {
		if rs.Enforcement != "active" || !rs.targetsDefaultBranch(r.DefaultBranch) {
			return
		}
		for _, rule := range rs.Rules {
			out = append(out, BranchRule{Rule: rule, RulesetSourceType: rs.SourceType, RulesetSource: rs.Source, RulesetID: rs.ID})
		}
	}
	for _, rs := range o.Rulesets {
		if rs.appliesTo(r.Name) {
			add(rs)
		}
	}
	for _, rs := range r.Settings.Rulesets {
		add(rs)
	}
	return out
}

// RepoRulesets are the rulesets GET repos/{o}/{r}/rulesets lists:
// with parents, the organization's that target the repository too.
func (o *Org) RepoRulesets(r *Repo, parents bool) []*Ruleset {
	var out []*Ruleset
	if parents {
		for _, rs := range o.Rulesets {
			if rs.appliesTo(r.Name) {
				out = append(out, rs)
			}
		}
	}
	return append(out, r.Settings.Rulesets...)
}

// settingsYAML renders the classic protection and environments as
// .github/settings.yml declares them (the Settings app's request shapes).
func settingsYAML(r *Repo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Applied by the Settings app (https://github.com/repository-settings/app).\nrepository:\n  name: %s\n  private: %t\n  default_branch: %s\n  delete_branch_on_merge: true\n\n",
		r.Name, r.Private, r.DefaultBranch)
	fmt.Fprintf(&b, "branches:\n  - name: %s\n", r.DefaultBranch)
	p := r.Settings.Protection
	if p == nil {
		b.WriteString("    protection: null\n")
	} else {
		b.WriteString("    protection:\n")
		if rv := p.RequiredPullRequestReviews; rv != nil {
			fmt.Fprintf(&b, "      required_pull_request_reviews:\n        required_approving_review_count: %d\n        dismiss_stale_reviews: %t\n        require_code_owner_reviews: %t\n        require_last_push_approval: %t\n",
				rv.RequiredApprovingReviewCount, rv.DismissStaleReviews, rv.RequireCodeOwnerReviews, rv.RequireLastPushApproval)
		} else {
			b.WriteString("      required_pull_request_reviews: null\n")
		}
		if sc := p.RequiredStatusChecks; sc != nil {
			fmt.Fprintf(&b, "      required_status_checks:\n        strict: %t\n        contexts:\n", sc.Strict)
			for _, c := range sc.Contexts {
				fmt.Fprintf(&b, "          - %q\n", c)
			}
		} else {
			b.WriteString("      required_status_checks: null\n")
		}
		fmt.Fprintf(&b, "      enforce_admins: %t\n      required_linear_history: %t\n      allow_force_pushes: %t\n      allow_deletions: %t\n      restrictions: null\n",
			p.EnforceAdmins.Enabled, p.RequiredLinearHistory.Enabled, p.AllowForcePushes.Enabled, p.AllowDeletions.Enabled)
	}
	if len(r.Settings.Environments) > 0 {
		b.WriteString("\nenvironments:\n")
		for _, e := range r.Settings.Environments {
			fmt.Fprintf(&b, "  - name: %s\n", e.Name)
			for _, pr := range e.ProtectionRules {
				switch pr.Type {
				case "wait_timer":
					fmt.Fprintf(&b, "    wait_timer: %d\n", *pr.WaitTimer)
				case "required_reviewers":
					fmt.Fprintf(&b, "    reviewers:\n      - type: Team\n        id: %d\n", releaseTeamID)
				}
			}
			if bp := e.DeploymentBranchPolicy; bp != nil {
				fmt.Fprintf(&b, "    deployment_branch_policy:\n      protected_branches: %t\n      custom_branch_policies: %t\n",
					bp.ProtectedBranches, bp.CustomBranchPolicies)
			}
		}
	}
	return b.String()
}
