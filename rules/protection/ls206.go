package protection

import (
	_ "embed"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

//go:embed ls206.md
var ls206Doc string

// BranchNotUpToDate reports required status checks that are not strict: a
// pull request can merge on checks that ran against an old base.
type BranchNotUpToDate struct{}

var ls206 = &rules.Meta{
	ID:       "LS206",
	Name:     "branch-not-up-to-date",
	Category: rules.CategoryProtection,
	// A warning: two changes that each pass alone can still break the
	// branch together, and the deploy that follows the merge ships that.
	Severity: rules.Warning,
	Title:    "pull requests can merge without being tested on top of the current default branch",
	Since:    "v0.1.0",
	Remediation: "Require branches to be up to date before merging (strict status checks), or require a merge " +
		"queue, which tests each change on top of the ones merged before it.",
	Doc: ls206Doc,
}

// Meta describes LS206.
func (BranchNotUpToDate) Meta() *rules.Meta { return ls206 }

// Check reports required checks that are not strict, unless a merge queue
// is required (it tests every change on the current branch, so strict is
// redundant). GitHub's API does not show a merge queue of classic
// protection; the message says so when that is all that is unknown.
func (BranchNotUpToDate) Check(p *rules.Pass) {
	s, prot := protectedBranch(p)
	if prot == nil || prot.StatusChecks.State != github.On || !prot.Strict.IsOff() || prot.MergeQueue.IsOn() {
		return
	}
	msg := "required status checks of " + strconv.Quote(branchName(s)) + " are not strict: " +
		"a pull request can merge on checks that ran against an older " + branchName(s) +
		", untested with the changes merged since"
	if prot.MergeQueue.State == github.Unknown {
		msg += "; a required merge queue would make this safe, but GitHub does not show one in classic protection"
	}
	report(p, s, prot.Strict.Origin, rules.SeverityDefault, msg)
}
