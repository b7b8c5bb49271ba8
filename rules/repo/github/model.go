package github

import (
	"slices"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Where settings were read from (Settings.Source).
const (
	SourceSettingsFile = "settings-file" // .github/settings.yml: the declared state
	SourceLive         = "live"          // the GitHub API, now
	SourceSnapshot     = "snapshot"      // a recorded `lockstep settings dump`
)

// Settings is what lockstep knows about a repository's merge gates.
type Settings struct {
	Source string
	Repo   string // OWNER/NAME; empty for a settings file
	// DefaultBranch is the branch Protection describes. Its Pos is valid
	// only when a settings file declares it.
	DefaultBranch source.String
	// Location is where findings about live settings are reported, e.g.
	// "github:acme/shop@main"; empty for a settings file, whose findings
	// sit at the positions their Origins carry.
	Location string

	// Protection is the effective protection of the default branch: the
	// classic protection and every active ruleset that applies to it,
	// merged so that the most restrictive value wins. Never nil.
	Protection *Protection
	// Classic is the classic branch protection alone. Never nil.
	Classic *Protection
	// Rulesets are all rulesets read, applying or not.
	Rulesets     []*Ruleset
	Environments []*Environment

	// Gaps are what could not be read, and why (LS003).
	Gaps []Gap
	// NotAsked are the areas deliberately not read (FetchOptions), which
	// are neither Gaps nor empty: a rule must not read "none" from them.
	// Only AreaEnvironments, for now.
	NotAsked []Area
	// UnknownRuleTypes are ruleset rules lockstep does not interpret.
	UnknownRuleTypes []source.String
}

// Asked reports whether the settings' source was asked about area.
func (s *Settings) Asked(area Area) bool { return !slices.Contains(s.NotAsked, area) }

// Protection is branch protection, as one source states it or merged.
type Protection struct {
	// Protected is On when any rule restricts changes to the branch.
	Protected Flag

	PullRequest             Flag  // changes must go through a pull request
	RequiredApprovals       Count // approving reviews needed to merge
	DismissStaleReviews     Flag
	RequireCodeOwnerReview  Flag
	RequireLastPushApproval Flag

	// Bypass lists who may skip some of the rules: administrators when
	// classic enforce_admins is off, the classic pull-request bypass
	// allowances, and every ruleset bypass actor.
	Bypass Actors
	// EnforceAdmins is classic enforce_admins, in the effective protection
	// too: rulesets have no such setting, and whom they exempt is in Bypass.
	EnforceAdmins Flag

	StatusChecks      Checks // required status checks, each with its origin
	RequiredWorkflows []RequiredWorkflow
	Strict            Flag // branches must be up to date before merging

	AllowForcePushes Flag
	AllowDeletions   Flag
	LinearHistory    Flag
	MergeQueue       Flag
}

// RequiredWorkflow is a workflow a ruleset's "workflows" rule requires to
// pass.
type RequiredWorkflow struct {
	Path         string
	RepositoryID int64
	Ref          string
	Origin       Origin
}

// Ruleset is a repository or organization ruleset.
type Ruleset struct {
	ID   int64 // 0 in a settings file
	Name source.String
	// SourceType is Repository, Organization or Enterprise; Source names
	// it (acme/shop, acme).
	SourceType  string
	Source      string
	Target      string        // branch, tag or push
	Enforcement source.String // active, evaluate or disabled
	Include     []source.String
	Exclude     []source.String
	Rules       []*Rule
	// Bypass lists the bypass actors. Unknown when GitHub did not show
	// them, which it does for tokens without write access to the ruleset.
	Bypass Actors
	// AppliesToDefault reports that the ruleset's ref conditions match
	// the default branch (whatever its enforcement). For live settings it
	// is what GitHub reports for active rulesets.
	AppliesToDefault bool
	Origin           Origin
}

// Active reports a ruleset GitHub enforces.
func (r *Ruleset) Active() bool { return r.Enforcement.Value == "active" }

// Rule is one rule of a ruleset. Parameters are decoded for the rule types
// lockstep reads; other types keep only Type.
type Rule struct {
	Type         source.String
	PullRequest  *PullRequestRule
	StatusChecks *StatusChecksRule
	Workflows    []RequiredWorkflow
}

// PullRequestRule holds the parameters of a "pull_request" rule.
type PullRequestRule struct {
	RequiredApprovals       Count
	DismissStaleReviews     Flag
	RequireCodeOwnerReview  Flag
	RequireLastPushApproval Flag
}

// StatusChecksRule holds the parameters of a "required_status_checks" rule.
type StatusChecksRule struct {
	Checks []Check
	Strict Flag
}

// Environment is a deployment environment and its protection rules.
type Environment struct {
	Name              source.String
	Reviewers         []Reviewer // required reviewers; empty when none
	WaitTimer         Count      // minutes
	BranchPolicy      BranchPolicy
	CanAdminsBypass   Flag
	PreventSelfReview Flag
	Origin            Origin
}

// Reviewer is a required reviewer of an environment.
type Reviewer struct {
	Type   string // User or Team
	ID     int64
	Name   string // login or slug, when known
	Origin Origin
}

// Which branches may deploy to an environment (BranchPolicy.Kind).
const (
	AnyBranch         = "all"                // no deployment branch policy
	ProtectedBranches = "protected_branches" // only protected branches
	CustomBranches    = "custom"             // branches and tags matching patterns
)

// BranchPolicy is an environment's deployment branch policy.
type BranchPolicy struct {
	Kind string
	// Patterns are the custom branch and tag patterns, when known (the
	// settings file declares them; live reading does not fetch them).
	Patterns []source.String
	Origin   Origin
}

// Area is the part of the settings a Gap leaves unread.
type Area string

// The areas of settings.
const (
	AreaRepository   Area = "repository"
	AreaClassic      Area = "classic branch protection"
	AreaRulesets     Area = "rulesets"
	AreaBypass       Area = "ruleset bypass actors"
	AreaEnvironments Area = "environments"
	AreaInherited    Area = "inherited settings"
)

// Gap is something lockstep could not read, so could not check.
type Gap struct {
	Area Area
	What string // what could not be read: "classic branch protection of main"
	// Reason says why: "the token cannot read branch protection".
	Reason string
	// Permission is what would fix it, e.g. "Administration: read
	// (fine-grained token or GitHub App) / repo scope and admin role
	// (classic token)"; empty when no permission would.
	Permission string
	// Detail is GitHub's own message, verbatim, when there was one.
	Detail string
	// Pos is the position in a settings file, if the gap comes from one.
	Pos source.Pos
}

func (g Gap) String() string {
	s := g.What + ": " + g.Reason
	if g.Permission != "" {
		s += " (needs " + g.Permission + ")"
	}
	return s
}
