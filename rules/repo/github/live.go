package github

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// FromSnapshot reads Settings out of GitHub's recorded answers. A snapshot
// fresh from Fetch and one read back from JSON take this same path and
// give the same Settings, except that Source says "live" for the first and
// "snapshot" for the second. What GitHub refused becomes Gaps and Unknown
// settings; the error is only for a snapshot that cannot be read at all.
func FromSnapshot(s *Snapshot) (*Settings, error) {
	switch {
	case s == nil:
		return nil, errors.New("github: no snapshot")
	case s.Version != SnapshotVersion:
		return nil, fmt.Errorf("github: snapshot version %d is not supported (this lockstep reads version %d)",
			s.Version, SnapshotVersion)
	case !validName(s.Owner) || !validName(s.Repo):
		return nil, fmt.Errorf("github: the snapshot names no OWNER/NAME repository (%q)", s.Owner+"/"+s.Repo)
	}
	d := &decoder{snap: s, out: &Settings{Source: SourceSnapshot, Repo: s.Owner + "/" + s.Repo}}
	if s.live {
		d.out.Source = SourceLive
	}
	d.decode()
	return d.out, nil
}

type decoder struct {
	snap *Snapshot
	out  *Settings
}

// gap records g and returns the reason settings it hides are unknown.
func (d *decoder) gap(g Gap) string {
	d.out.Gaps = append(d.out.Gaps, g)
	return g.What + " could not be read: " + g.Reason
}

func (d *decoder) gapFor(area Area, what string, ex *Exchange) string {
	return d.gap(gapFor(area, what, ex, d.snap.Authenticated))
}

func (d *decoder) undecodable(area Area, what string) string {
	return d.gap(Gap{Area: area, What: what, Reason: "GitHub's answer could not be decoded"})
}

func (d *decoder) decode() {
	out := d.out
	out.Location = "github:" + out.Repo
	var repo repositoryJSON
	var reason string
	what := "repository " + out.Repo
	switch ex := d.snap.Repository; {
	case !ex.OK():
		reason = d.gapFor(AreaRepository, what, ex)
	case json.Unmarshal(ex.Body, &repo) != nil || repo.DefaultBranch == "":
		reason = d.undecodable(AreaRepository, what)
	}
	if reason != "" {
		origin := Origin{Source: what}
		out.Classic = unknownProtection(origin, reason)
		out.Protection = unknownProtection(origin, reason)
		return
	}
	branch := repo.DefaultBranch
	out.DefaultBranch = source.String{Value: branch}
	out.Location += "@" + branch
	out.Classic = d.classic(branch, repo)
	rulesets, unreadable := d.rulesets(branch)
	out.Rulesets = rulesets
	out.Protection = effective(out.Classic, rulesets, unreadable)
	out.Environments = d.environments()
}

func (d *decoder) classic(branch string, repo repositoryJSON) *Protection {
	what := "classic branch protection of " + branch
	at := Origin{Source: classicSource}
	ex := d.snap.Protection
	if ex != nil && ex.Status == http.StatusNotFound && message(ex).Message == branchNotProtected {
		return unprotected(at)
	}
	if ex == nil && d.snap.Branch != nil && !protectedOf(d.snap.Branch) {
		return unprotected(at) // the branch says so; protection was not asked
	}
	if !ex.OK() {
		g := gapFor(AreaClassic, what, ex, d.snap.Authenticated)
		if ex != nil && ex.Status == http.StatusNotFound && d.snap.Authenticated && repo.Permissions != nil && !repo.Permissions["admin"] {
			g.Reason = "the token's user is not an administrator of the repository, " +
				"and GitHub shows branch protection only to administrators (HTTP 404)"
		}
		return unknownProtection(at, d.gap(g))
	}
	var pj protectionJSON
	if err := json.Unmarshal(ex.Body, &pj); err != nil {
		return unknownProtection(at, d.undecodable(AreaClassic, what))
	}
	return classicFromJSON(&pj, at)
}

func classicFromJSON(pj *protectionJSON, at Origin) *Protection {
	enabled := func(e *enabledJSON) Flag { return flagOf(e != nil && e.Enabled, at) }
	p := unprotected(at)
	p.Protected = known(On, at)
	p.EnforceAdmins = enabled(pj.EnforceAdmins)
	p.AllowForcePushes = enabled(pj.AllowForcePushes)
	p.AllowDeletions = enabled(pj.AllowDeletions)
	p.LinearHistory = enabled(pj.RequiredLinearHistory)
	p.MergeQueue = unknown(at, "GitHub's REST API does not say whether classic protection requires a merge queue")
	var allowances []Actor
	if r := pj.RequiredPullRequestReviews; r != nil {
		p.PullRequest = known(On, at)
		p.RequiredApprovals = countOf(r.RequiredApprovingReviewCount, at)
		p.DismissStaleReviews = flagOf(r.DismissStaleReviews, at)
		p.RequireCodeOwnerReview = flagOf(r.RequireCodeOwnerReviews, at)
		p.RequireLastPushApproval = flagOf(r.RequireLastPushApproval, at)
		if b := r.BypassPullRequestAllowances; b != nil {
			add := func(typ string, accounts []accountJSON) {
				for _, a := range accounts {
					allowances = append(allowances, Actor{Type: typ, ID: a.ID, Name: a.name(), Mode: "always",
						Scope: "required pull request reviews", Origin: at})
				}
			}
			add("User", b.Users)
			add("Team", b.Teams)
			add("Integration", b.Apps)
		}
	}
	if sc := pj.RequiredStatusChecks; sc != nil {
		p.Strict = flagOf(sc.Strict, at)
		var list []Check
		for _, c := range sc.Checks {
			var app int64
			if c.AppID != nil {
				app = anyApp(*c.AppID)
			}
			list = append(list, Check{Context: c.Context, AppID: app, Origin: at})
		}
		if len(sc.Checks) == 0 {
			for _, ctx := range sc.Contexts {
				list = append(list, Check{Context: ctx, Origin: at})
			}
		}
		if list = dedupeChecks(list); len(list) > 0 {
			p.StatusChecks = Checks{State: On, List: list, Origin: at}
		}
	}
	p.Bypass = classicBypass(p.EnforceAdmins, allowances)
	return p
}
