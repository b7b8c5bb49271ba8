package github

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// BranchRef names a repository's branch.
type BranchRef struct{ Owner, Repo, Branch string }

// ProtectionBatch is how many repositories one GraphQL query asks about:
// GitHub charges a point per hundred connections asked, and each
// repository asks one (its bypass allowances), so a batch costs a point.
const ProtectionBatch = 50

// ClassicProtections asks GitHub's GraphQL API, ProtectionBatch
// repositories a query, for the classic protection of each ref's branch,
// and returns it as the REST answer FetchOptions.Protection takes: the
// protection, or 404 "Branch not protected". An organization audit spends
// one request on fifty repositories where the REST API spends one each.
//
// A ref is left out, for the REST API to be asked, whenever the GraphQL
// answer is not plainly the REST one: the token is not an administrator's
// (GitHub shows protection only to them, and GraphQL says so less
// clearly than REST's 404), GitHub reported any error about the
// repository, its default branch is no longer ref's, or its bypass
// allowances run past one page. Nothing is asked without a token, which
// GraphQL requires. The error is non-nil only when ctx ends.
func ClassicProtections(ctx context.Context, c *Client, refs []BranchRef) (map[BranchRef]*Exchange, error) {
	out := map[BranchRef]*Exchange{}
	if c == nil || !c.authenticated {
		return out, nil
	}
	for start := 0; start < len(refs); start += ProtectionBatch {
		batch := refs[start:min(start+ProtectionBatch, len(refs))]
		ex, _, err := c.send(ctx, http.MethodPost, c.graphqlPath(), map[string]string{"query": protectionQuery(batch)})
		if err != nil {
			return out, err
		}
		if !ex.OK() {
			continue
		}
		for ref, answer := range protectionAnswers(batch, ex.Body) {
			out[ref] = answer
		}
	}
	return out, nil
}

// graphqlPath is the GraphQL endpoint relative to the API root:
// api.github.com/graphql, and HOST/api/graphql beside Enterprise
// Server's HOST/api/v3/.
func (c *Client) graphqlPath() string {
	if strings.HasSuffix(c.baseURL.Path, "/api/v3/") {
		return "../graphql"
	}
	return "graphql"
}

// protectionFragment asks what classicFromJSON reads, in GraphQL's names.
const protectionFragment = `fragment protection on Repository {
  viewerCanAdminister
  defaultBranchRef {
    name
    branchProtectionRule {
      isAdminEnforced
      allowsForcePushes
      allowsDeletions
      requiresLinearHistory
      requiresApprovingReviews
      requiredApprovingReviewCount
      dismissesStaleReviews
      requiresCodeOwnerReviews
      requireLastPushApproval
      bypassPullRequestAllowances(first: 100) {
        pageInfo { hasNextPage }
        nodes { actor { __typename ... on User { login databaseId } ... on Team { slug databaseId } ... on App { slug databaseId } } }
      }
      requiresStatusChecks
      requiresStrictStatusChecks
      requiredStatusChecks { context app { databaseId } }
    }
  }
}`

// protectionQuery asks about each ref under the alias r<index>. Names are
// validName's, which a JSON string quotes as GraphQL does.
func protectionQuery(refs []BranchRef) string {
	var b strings.Builder
	b.WriteString("query {\n")
	for i, ref := range refs {
		owner, _ := json.Marshal(ref.Owner)
		name, _ := json.Marshal(ref.Repo)
		b.WriteString("  r" + strconv.Itoa(i) + ": repository(owner: " + string(owner) + ", name: " + string(name) + ") { ...protection }\n")
	}
	b.WriteString("}\n")
	b.WriteString(protectionFragment)
	return b.String()
}

type graphqlJSON struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Path []any `json:"path"`
	} `json:"errors"`
}

type protectedRepoJSON struct {
	ViewerCanAdminister bool `json:"viewerCanAdminister"`
	DefaultBranchRef    *struct {
		Name string                  `json:"name"`
		Rule *branchProtectionRuleQL `json:"branchProtectionRule"`
	} `json:"defaultBranchRef"`
}

type branchProtectionRuleQL struct {
	IsAdminEnforced              bool `json:"isAdminEnforced"`
	AllowsForcePushes            bool `json:"allowsForcePushes"`
	AllowsDeletions              bool `json:"allowsDeletions"`
	RequiresLinearHistory        bool `json:"requiresLinearHistory"`
	RequiresApprovingReviews     bool `json:"requiresApprovingReviews"`
	RequiredApprovingReviewCount *int `json:"requiredApprovingReviewCount"`
	DismissesStaleReviews        bool `json:"dismissesStaleReviews"`
	RequiresCodeOwnerReviews     bool `json:"requiresCodeOwnerReviews"`
	RequireLastPushApproval      bool `json:"requireLastPushApproval"`
	BypassPullRequestAllowances  *struct {
		PageInfo struct {
			HasNextPage bool `json:"hasNextPage"`
		} `json:"pageInfo"`
		Nodes []struct {
			Actor *struct {
				Typename   string `json:"__typename"`
				Login      string `json:"login"`
				Slug       string `json:"slug"`
				DatabaseID *int64 `json:"databaseId"`
			} `json:"actor"`
		} `json:"nodes"`
	} `json:"bypassPullRequestAllowances"`
	RequiresStatusChecks       bool `json:"requiresStatusChecks"`
	RequiresStrictStatusChecks bool `json:"requiresStrictStatusChecks"`
	RequiredStatusChecks       []struct {
		Context string `json:"context"`
		App     *struct {
			DatabaseID *int64 `json:"databaseId"`
		} `json:"app"`
	} `json:"requiredStatusChecks"`
}

// protectionAnswers reads a protectionQuery's answer: the refs it
// answers plainly, as REST answers.
func protectionAnswers(refs []BranchRef, body []byte) map[BranchRef]*Exchange {
	var answer graphqlJSON
	if json.Unmarshal(body, &answer) != nil {
		return nil
	}
	troubled := map[string]bool{}
	for _, e := range answer.Errors {
		alias := ""
		if len(e.Path) > 0 {
			alias, _ = e.Path[0].(string)
		}
		if alias == "" {
			return nil // an error about the whole query taints every answer
		}
		troubled[alias] = true
	}
	out := map[BranchRef]*Exchange{}
	for i, ref := range refs {
		alias := "r" + strconv.Itoa(i)
		var repo protectedRepoJSON
		if troubled[alias] || json.Unmarshal(answer.Data[alias], &repo) != nil || !repo.ViewerCanAdminister ||
			repo.DefaultBranchRef == nil || repo.DefaultBranchRef.Name != ref.Branch {
			continue
		}
		path := protectionPath(ref.Owner, ref.Repo, ref.Branch)
		if repo.DefaultBranchRef.Rule == nil {
			out[ref] = notProtectedAnswer(path)
			out[ref].Via = ViaGraphQL
			continue
		}
		pj, ok := repo.DefaultBranchRef.Rule.rest()
		if !ok {
			continue
		}
		b, err := json.Marshal(pj)
		if err != nil {
			continue
		}
		out[ref] = &Exchange{Path: path, Status: http.StatusOK, Via: ViaGraphQL, Body: b}
	}
	return out
}

// rest is the rule as the REST API shows it, or false when GraphQL's
// answer does not tell it all.
func (r *branchProtectionRuleQL) rest() (*protectionJSON, bool) {
	pj := &protectionJSON{
		EnforceAdmins:         &enabledJSON{Enabled: r.IsAdminEnforced},
		RequiredLinearHistory: &enabledJSON{Enabled: r.RequiresLinearHistory},
		AllowForcePushes:      &enabledJSON{Enabled: r.AllowsForcePushes},
		AllowDeletions:        &enabledJSON{Enabled: r.AllowsDeletions},
	}
	// requiresApprovingReviews is the "require a pull request before
	// merging" of the settings page, with or without approvals: it is
	// true with a count of 0 when no approval is required.
	if r.RequiresApprovingReviews {
		reviews := &protectionReviewsJSON{
			DismissStaleReviews:     r.DismissesStaleReviews,
			RequireCodeOwnerReviews: r.RequiresCodeOwnerReviews,
			RequireLastPushApproval: r.RequireLastPushApproval,
		}
		if r.RequiredApprovingReviewCount != nil {
			reviews.RequiredApprovingReviewCount = *r.RequiredApprovingReviewCount
		}
		if a := r.BypassPullRequestAllowances; a != nil {
			if a.PageInfo.HasNextPage {
				return nil, false
			}
			allow := &bypassAllowancesJSON{}
			for _, n := range a.Nodes {
				if n.Actor == nil || n.Actor.DatabaseID == nil {
					return nil, false // an actor the token cannot see
				}
				acct := accountJSON{ID: *n.Actor.DatabaseID, Login: n.Actor.Login, Slug: n.Actor.Slug}
				switch n.Actor.Typename {
				case "User":
					allow.Users = append(allow.Users, acct)
				case "Team":
					allow.Teams = append(allow.Teams, acct)
				case "App":
					allow.Apps = append(allow.Apps, acct)
				default:
					return nil, false
				}
			}
			reviews.BypassPullRequestAllowances = allow
		}
		pj.RequiredPullRequestReviews = reviews
	}
	// GraphQL may say strict when status checks are not required at all
	// (github.com/orgs/community/discussions/59471): strict counts only
	// with them.
	if r.RequiresStatusChecks {
		checks := &protectionChecksJSON{Strict: r.RequiresStrictStatusChecks, Contexts: []string{}}
		for _, c := range r.RequiredStatusChecks {
			check := protectionCheckJSON{Context: c.Context}
			if c.App != nil {
				if c.App.DatabaseID == nil {
					return nil, false
				}
				check.AppID = c.App.DatabaseID
			}
			checks.Contexts = append(checks.Contexts, c.Context)
			checks.Checks = append(checks.Checks, check)
		}
		pj.RequiredStatusChecks = checks
	}
	return pj, true
}
