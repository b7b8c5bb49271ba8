package github

import "encoding/json"

// The shapes of GitHub's answers, as far as lockstep reads them. They are
// this package's own rather than go-github's: go-github v60 fails a whole
// ruleset answer on a rule type it does not know (merge_queue), has no
// ruleset_id on branch rules, and panics on an environment reviewer
// without a type; a snapshot file is input and must never crash us.

type repositoryJSON struct {
	FullName      string          `json:"full_name"`
	DefaultBranch string          `json:"default_branch"`
	Private       bool            `json:"private"`
	Archived      bool            `json:"archived"`
	Permissions   map[string]bool `json:"permissions"`
}

type errorJSON struct {
	Message          string `json:"message"`
	DocumentationURL string `json:"documentation_url"`
}

type enabledJSON struct {
	Enabled bool `json:"enabled"`
}

type protectionJSON struct {
	RequiredStatusChecks       *protectionChecksJSON  `json:"required_status_checks"`
	RequiredPullRequestReviews *protectionReviewsJSON `json:"required_pull_request_reviews"`
	EnforceAdmins              *enabledJSON           `json:"enforce_admins"`
	RequiredLinearHistory      *enabledJSON           `json:"required_linear_history"`
	AllowForcePushes           *enabledJSON           `json:"allow_force_pushes"`
	AllowDeletions             *enabledJSON           `json:"allow_deletions"`
}

type protectionChecksJSON struct {
	Strict   bool                  `json:"strict"`
	Contexts []string              `json:"contexts"`
	Checks   []protectionCheckJSON `json:"checks"`
}

type protectionCheckJSON struct {
	Context string `json:"context"`
	AppID   *int64 `json:"app_id"`
}

type protectionReviewsJSON struct {
	DismissStaleReviews          bool                  `json:"dismiss_stale_reviews"`
	RequireCodeOwnerReviews      bool                  `json:"require_code_owner_reviews"`
	RequiredApprovingReviewCount int                   `json:"required_approving_review_count"`
	RequireLastPushApproval      bool                  `json:"require_last_push_approval"`
	BypassPullRequestAllowances  *bypassAllowancesJSON `json:"bypass_pull_request_allowances"`
}

type bypassAllowancesJSON struct {
	Users []accountJSON `json:"users"`
	Teams []accountJSON `json:"teams"`
	Apps  []accountJSON `json:"apps"`
}

// accountJSON is a user, team or app as GitHub embeds them.
type accountJSON struct {
	ID    int64  `json:"id"`
	Login string `json:"login"`
	Slug  string `json:"slug"`
	Name  string `json:"name"`
}

func (a accountJSON) name() string {
	switch {
	case a.Login != "":
		return a.Login
	case a.Slug != "":
		return a.Slug
	}
	return a.Name
}

// ruleJSON is a rule as "get rules for a branch" and a ruleset's detail
// return it; the ruleset fields come only with the former.
type ruleJSON struct {
	Type              string          `json:"type"`
	Parameters        json.RawMessage `json:"parameters"`
	RulesetSourceType string          `json:"ruleset_source_type"`
	RulesetSource     string          `json:"ruleset_source"`
	RulesetID         int64           `json:"ruleset_id"`
}

type rulesetJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Target      string `json:"target"`
	SourceType  string `json:"source_type"`
	Source      string `json:"source"`
	Enforcement string `json:"enforcement"`
	Conditions  *struct {
		RefName *struct {
			Include []string `json:"include"`
			Exclude []string `json:"exclude"`
		} `json:"ref_name"`
	} `json:"conditions"`
	Rules []ruleJSON `json:"rules"`
	// BypassActors is nil when GitHub leaves the field out, which it does
	// for tokens without write access to the ruleset: unknown, not none.
	BypassActors *[]struct {
		ActorID    *int64 `json:"actor_id"`
		ActorType  string `json:"actor_type"`
		BypassMode string `json:"bypass_mode"`
	} `json:"bypass_actors"`
}

type pullRequestParamsJSON struct {
	DismissStaleReviewsOnPush    bool `json:"dismiss_stale_reviews_on_push"`
	RequireCodeOwnerReview       bool `json:"require_code_owner_review"`
	RequireLastPushApproval      bool `json:"require_last_push_approval"`
	RequiredApprovingReviewCount int  `json:"required_approving_review_count"`
}

type statusChecksParamsJSON struct {
	RequiredStatusChecks []struct {
		Context       string `json:"context"`
		IntegrationID *int64 `json:"integration_id"`
	} `json:"required_status_checks"`
	Strict bool `json:"strict_required_status_checks_policy"`
}

type workflowsParamsJSON struct {
	Workflows []struct {
		Path         string `json:"path"`
		RepositoryID int64  `json:"repository_id"`
		Ref          string `json:"ref"`
	} `json:"workflows"`
}

type environmentsJSON struct {
	TotalCount   int `json:"total_count"`
	Environments []struct {
		Name            string `json:"name"`
		CanAdminsBypass *bool  `json:"can_admins_bypass"`
		ProtectionRules []struct {
			Type              string `json:"type"`
			WaitTimer         int    `json:"wait_timer"`
			PreventSelfReview *bool  `json:"prevent_self_review"`
			Reviewers         []struct {
				Type     string      `json:"type"`
				Reviewer accountJSON `json:"reviewer"`
			} `json:"reviewers"`
		} `json:"protection_rules"`
		DeploymentBranchPolicy *struct {
			ProtectedBranches    bool `json:"protected_branches"`
			CustomBranchPolicies bool `json:"custom_branch_policies"`
		} `json:"deployment_branch_policy"`
	} `json:"environments"`
}
