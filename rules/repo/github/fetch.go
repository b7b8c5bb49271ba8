package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ErrUnavailable is returned, wrapped, by Fetch when GitHub could not be
// reached or kept failing, so the analysis cannot complete.
var ErrUnavailable = errors.New("GitHub is unavailable")

// Bounds on what one Fetch may ask, against runaway pagination.
const (
	maxPages          = 50
	maxRulesetDetails = 100
)

var namePattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}$`)

// validName reports a GitHub owner or repository name, which is also a
// safe path segment.
func validName(s string) bool { return namePattern.MatchString(s) && s != "." && s != ".." }

// FetchOptions say what FetchWith asks beyond what every rule needs. The
// zero value asks the least: what an organization audit needs.
type FetchOptions struct {
	// Repository is GitHub's answer about the repository, as
	// Repository.Exchange from ListRepositories or GetRepository; when
	// set, it is not asked again.
	Repository *Exchange
	// Protection is GitHub's answer about the default branch's classic
	// protection, as from ClassicProtections; when set, it is not asked
	// again, nor the branch to remember it by.
	Protection *Exchange
	// Environments asks for the deployment environments. An audit asks
	// only for repositories whose workflows deploy to one; without them
	// Settings.NotAsked says so, and no rule reads their absence as "no
	// environment".
	Environments bool
	// RulesetList asks for the list of all rulesets, which adds those
	// that are not active or do not apply to the default branch (LS201
	// names them). The rules that apply to the default branch, and the
	// details of the rulesets they come from, are read either way.
	RulesetList bool
	// BranchFirst asks for the default branch (repos/O/R/branches/B)
	// first, and for its classic protection only when the branch says it
	// is protected. The branch is a 200 that an HTTP cache revalidates
	// for free, where an unprotected branch's protection is a 404 that
	// costs a request every time: one more request for a protected branch
	// on a first audit, one less for an unprotected one on every re-audit.
	//
	// GitHub's "protected" counts classic protection and every active
	// ruleset that applies to the branch: whenever the branch was read
	// (BranchFirst or BranchIfUnprotected) and says it is not protected,
	// the rules that apply to it are known to be none and not asked.
	BranchFirst bool
	// Unprotected, with BranchFirst, is asked about the branch answer
	// when it says the branch is protected (by rulesets, then): true
	// means the caller saw classic protection answer "not protected" for
	// this very branch answer before, and it is not asked again. A 404
	// has no ETag, so only this spares a re-audit its request.
	Unprotected func(branch *Exchange) bool
	// BranchIfUnprotected asks for the branch after classic protection
	// answered "not protected", so that a later fetch can use
	// BranchFirst and Unprotected.
	BranchIfUnprotected bool
}

// What a snapshot may leave out on purpose (Snapshot.NotAsked).
const (
	NotAskedEnvironments = "environments"
	NotAskedRulesetList  = "ruleset list"
)

// Fetch asks GitHub for everything FromSnapshot reads: the repository,
// the classic protection of its default branch, the ruleset rules that
// apply to that branch, the rulesets with their details, and the
// deployment environments. Refusals are recorded, not returned: they
// become Gaps. The error is non-nil only when ctx ends, the arguments are
// invalid, or the repository itself could not be read for want of a
// working GitHub (ErrUnavailable); the snapshot holds what was received
// even then.
func Fetch(ctx context.Context, c *Client, owner, repo string) (*Snapshot, error) {
	return FetchWith(ctx, c, owner, repo, FetchOptions{Environments: true, RulesetList: true})
}

// FetchWith is Fetch asking what o says. It asks the details of an
// organization's ruleset once per Client: they are the same for every
// repository, so a long-lived Client does not see them change.
func FetchWith(ctx context.Context, c *Client, owner, repo string, o FetchOptions) (*Snapshot, error) {
	if c == nil || c.baseURL == nil {
		return nil, errors.New("github: Fetch needs a client made by NewClient")
	}
	if !validName(owner) || !validName(repo) {
		return nil, fmt.Errorf("github: %q is not an OWNER/NAME repository", owner+"/"+repo)
	}
	base := "repos/" + owner + "/" + repo
	if o.Repository != nil && !strings.EqualFold(o.Repository.Path, base) {
		return nil, fmt.Errorf("github: the repository answer given for %s/%s is GitHub's answer to %q", owner, repo, o.Repository.Path)
	}
	s := &Snapshot{
		Version:       SnapshotVersion,
		API:           c.baseURL.String(),
		Owner:         owner,
		Repo:          repo,
		Authenticated: c.authenticated,
		Fetched:       time.Now().UTC().Truncate(time.Second),
		live:          true,
	}
	if !o.Environments {
		s.NotAsked = append(s.NotAsked, NotAskedEnvironments)
	}
	if !o.RulesetList {
		s.NotAsked = append(s.NotAsked, NotAskedRulesetList)
	}
	var err error
	if s.Repository = o.Repository; s.Repository == nil {
		if s.Repository, _, err = c.get(ctx, base); err != nil {
			return s, err
		}
	}
	if !s.Repository.OK() {
		if unavailable(s.Repository) {
			return s, fmt.Errorf("github: reading %s/%s: %w: %s", owner, repo, ErrUnavailable, explainFailure(s.Repository))
		}
		return s, nil
	}
	branch := defaultBranchOf(s.Repository)
	if branch == "" {
		return s, nil
	}
	b := url.PathEscape(branch)
	protection := protectionPath(owner, repo, branch)
	if o.Protection != nil && !strings.EqualFold(o.Protection.Path, protection) {
		return s, fmt.Errorf("github: the protection answer given for %s/%s is GitHub's answer to %q", owner, repo, o.Protection.Path)
	}
	if o.BranchFirst && o.Protection == nil {
		if s.Branch, _, err = c.get(ctx, base+"/branches/"+b); err != nil {
			return s, err
		}
	}
	switch {
	case o.Protection != nil:
		s.Protection = o.Protection
	case !protectedOf(s.Branch):
	case s.Branch != nil && o.Unprotected != nil && o.Unprotected(s.Branch):
		s.Protection = notProtectedAnswer(protection)
	default:
		if s.Protection, _, err = c.get(ctx, protection); err != nil {
			return s, err
		}
		if o.BranchIfUnprotected && s.Branch == nil && NotProtected(s.Protection) {
			if s.Branch, _, err = c.get(ctx, base+"/branches/"+b); err != nil {
				return s, err
			}
		}
	}
	if protectedOf(s.Branch) {
		if s.Rules, err = pagesOf(c.pages(ctx, base+"/rules/branches/"+b+"?per_page=100", maxPages)); err != nil {
			return s, err
		}
	}
	if o.RulesetList {
		if s.Rulesets, err = pagesOf(c.pages(ctx, base+"/rulesets?includes_parents=true&per_page=100", maxPages)); err != nil {
			return s, err
		}
	}
	for _, ref := range rulesetRefs(s) {
		path := base + "/rulesets/" + strconv.FormatInt(ref.id, 10) + "?includes_parents=true"
		get := func() (*Exchange, error) {
			ex, _, err := c.get(ctx, path)
			return ex, err
		}
		var ex *Exchange
		// Organization and enterprise rulesets are the same for every
		// repository they apply to.
		if (ref.sourceType == "Organization" || ref.sourceType == "Enterprise") && ref.source != "" {
			ex, err = c.orgRulesets.do(ctx, ref.key(), get)
		} else {
			ex, err = get()
		}
		if err != nil {
			return s, err
		}
		s.RulesetDetails = append(s.RulesetDetails, ex)
	}
	if o.Environments {
		if s.Environments, err = pagesOf(c.pages(ctx, base+"/environments?per_page=100", maxPages)); err != nil {
			return s, err
		}
	}
	return s, nil
}

// pages follows a paginated list until its last page, a failure, or
// limit pages; more reports a next page beyond the limit.
func (c *Client) pages(ctx context.Context, path string, limit int) (out []*Exchange, more bool, err error) {
	for page := 1; ; {
		p := path
		if page > 1 {
			p += "&page=" + strconv.Itoa(page)
		}
		ex, next, err := c.get(ctx, p)
		if err != nil {
			return out, false, err
		}
		out = append(out, ex)
		if !ex.OK() || next <= page {
			return out, false, nil
		}
		if len(out) >= limit {
			return out, true, nil
		}
		page = next
	}
}

// rulesetRef is a ruleset whose details are worth asking for.
type rulesetRef struct {
	id                 int64
	sourceType, source string
}

func (r rulesetRef) key() string {
	return r.sourceType + "\x00" + strings.ToLower(r.source) + "\x00" + strconv.FormatInt(r.id, 10)
}

// rulesetRefs are the rulesets whose details are worth asking for: every
// listed branch ruleset, and every ruleset a rule of the default branch
// comes from.
func rulesetRefs(s *Snapshot) []rulesetRef {
	var refs []rulesetRef
	seen := map[int64]bool{}
	add := func(id int64, sourceType, source string) {
		if id > 0 && !seen[id] && len(refs) < maxRulesetDetails {
			seen[id] = true
			refs = append(refs, rulesetRef{id: id, sourceType: sourceType, source: source})
		}
	}
	for _, ex := range s.Rulesets {
		var list []rulesetJSON
		if ex.OK() && json.Unmarshal(ex.Body, &list) == nil {
			for _, rs := range list {
				if rs.Target == "" || rs.Target == "branch" {
					add(rs.ID, rs.SourceType, rs.Source)
				}
			}
		}
	}
	for _, ex := range s.Rules {
		var rules []ruleJSON
		if ex.OK() && json.Unmarshal(ex.Body, &rules) == nil {
			for _, r := range rules {
				add(r.RulesetID, r.RulesetSourceType, r.RulesetSource)
			}
		}
	}
	return refs
}

type branchJSON struct {
	Protected *bool `json:"protected"`
	Commit    struct {
		SHA string `json:"sha"`
	} `json:"commit"`
}

// protectedOf reports whether classic protection is worth asking for:
// unless the branch was read and says it is not protected, it is.
func protectedOf(branch *Exchange) bool {
	var b branchJSON
	if !branch.OK() || json.Unmarshal(branch.Body, &b) != nil || b.Protected == nil {
		return true
	}
	return *b.Protected
}

// protectionPath is the REST path of a branch's classic protection.
func protectionPath(owner, repo, branch string) string {
	return "repos/" + owner + "/" + repo + "/branches/" + url.PathEscape(branch) + "/protection"
}

// notProtectedAnswer is GitHub's REST answer at path that a branch has no
// classic protection, for when that was learnt without asking it.
func notProtectedAnswer(path string) *Exchange {
	return &Exchange{Path: path, Status: http.StatusNotFound, Body: json.RawMessage(`{"message":"` + branchNotProtected + `"}`)}
}

// NotProtected reports GitHub's answer that a branch has no classic
// protection, as distinct from a 404 for want of permission.
func NotProtected(ex *Exchange) bool {
	if ex == nil || ex.Status != http.StatusNotFound {
		return false
	}
	var e struct {
		Message string `json:"message"`
	}
	return json.Unmarshal(ex.Body, &e) == nil && e.Message == branchNotProtected
}

// HeadCommit is the commit the default branch points at, when the fetch
// read the branch (FetchOptions.BranchFirst); else "".
func (s *Snapshot) HeadCommit() string {
	var b branchJSON
	if s == nil || !s.Branch.OK() || json.Unmarshal(s.Branch.Body, &b) != nil {
		return ""
	}
	return b.Commit.SHA
}

func defaultBranchOf(ex *Exchange) string {
	var r repositoryJSON
	if !ex.OK() || json.Unmarshal(ex.Body, &r) != nil {
		return ""
	}
	return r.DefaultBranch
}

// unavailable reports an answer that says nothing about the repository:
// no answer at all, or a server error.
func unavailable(ex *Exchange) bool {
	if ex == nil {
		return false
	}
	notSent := ex.Header["X-Ratelimit-Remaining"] == "0"
	return ex.Status == 0 && !notSent || ex.Status >= 500
}

// pagesOf drops pages' "more": a settings list is read up to its bound.
func pagesOf(out []*Exchange, _ bool, err error) ([]*Exchange, error) { return out, err }
