package protection

import (
	_ "embed"
	"fmt"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

//go:embed ls203.md
var ls203Doc string

// ReviewNotRequired reports each property of pull-request review the
// default branch does not require.
type ReviewNotRequired struct{}

// reviewSettings are what LS203 requires of reviews.
type reviewSettings struct {
	MinApprovals        int  `yaml:"min-approvals"`
	DismissStaleReviews bool `yaml:"dismiss-stale-reviews"`
	CodeOwnerReview     bool `yaml:"code-owner-review"`
	LastPushApproval    bool `yaml:"last-push-approval"`
}

var defaultReviewSettings = reviewSettings{
	MinApprovals: 1, DismissStaleReviews: true, CodeOwnerReview: true, LastPushApproval: true,
}

var ls203 = &rules.Meta{
	ID:       "LS203",
	Name:     "review-not-required",
	Category: rules.CategoryProtection,
	// An error when nothing is reviewed; each weaker gap is reported at a
	// lower severity of its own (see the doc).
	Severity: rules.Error,
	Title:    "pull requests into the default branch need no review, or a weak one",
	Since:    "v0.1.0",
	Remediation: "Require pull requests with at least min-approvals approving reviews, dismiss stale approvals " +
		"on push, require code owners' review when there is a CODEOWNERS file, and require approval of the " +
		"most recent push.",
	Settings: func() *reviewSettings { s := defaultReviewSettings; return &s }(),
	Doc:      ls203Doc,
}

// Meta describes LS203.
func (ReviewNotRequired) Meta() *rules.Meta { return ls203 }

// Check reports one finding per missing property, at the key that decides
// it. The properties of an approval are checked only when approvals are
// required: with none, LS203 has already said so.
func (ReviewNotRequired) Check(p *rules.Pass) {
	s, prot := protectedBranch(p)
	if prot == nil {
		return
	}
	cfg := settingsOf(p, &defaultReviewSettings)
	branch := strconv.Quote(branchName(s))
	if prot.PullRequest.IsOff() {
		report(p, s, prot.PullRequest.Origin, rules.SeverityDefault,
			"changes to "+branch+" need no pull request review: what reaches it may have been seen by nobody but its author")
		return
	}
	if !prot.PullRequest.IsOn() {
		return
	}
	// An Unknown count is a lower bound: at least N approvals are needed,
	// whatever the unreadable source adds.
	approvals := prot.RequiredApprovals
	known := approvals.State != github.Unknown
	switch {
	case known && approvals.N == 0:
		report(p, s, approvals.Origin, rules.SeverityDefault,
			"pull requests into "+branch+" need no approving review")
		return
	case known && approvals.N < cfg.MinApprovals:
		report(p, s, approvals.Origin, rules.Warning, fmt.Sprintf(
			"pull requests into %s need %d approving %s, fewer than min-approvals (%d)",
			branch, approvals.N, plural(approvals.N, "review", "reviews"), cfg.MinApprovals))
	case approvals.N == 0:
		return // unknown whether anything is approved, so its details do not matter
	}
	if cfg.DismissStaleReviews && prot.DismissStaleReviews.IsOff() {
		report(p, s, prot.DismissStaleReviews.Origin, rules.Warning,
			"approvals of pull requests into "+branch+" are not dismissed when new commits are pushed: "+
				"commits nobody approved can merge under an earlier approval")
	}
	if owners := codeowners(p.Repo); cfg.CodeOwnerReview && owners != "" && prot.RequireCodeOwnerReview.IsOff() {
		report(p, s, prot.RequireCodeOwnerReview.Origin, rules.Warning,
			"pull requests into "+branch+" do not require code owners' review, although "+owners+" names owners",
			relatedAt(source.Pos{File: owners, Line: 1, Col: 1}, "code owners are declared here")...)
	}
	if cfg.LastPushApproval && prot.RequireLastPushApproval.IsOff() {
		report(p, s, prot.RequireLastPushApproval.Origin, rules.Note,
			"the most recent push to a pull request into "+branch+" need not be approved by someone else: "+
				"an approver can push more commits and merge them unreviewed")
	}
}

// codeowners returns the CODEOWNERS file GitHub uses, or "": the first of
// .github/CODEOWNERS, CODEOWNERS and docs/CODEOWNERS.
func codeowners(r *repo.Repo) string {
	for _, path := range []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"} {
		if f := r.File(path); f != nil && f.Kind == repo.KindCodeowners {
			return path
		}
	}
	return ""
}
