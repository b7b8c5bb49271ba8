package bigbang

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

//go:embed ls106.md
var ls106Doc string

// ManualOrFrozenDeploy reports deploys that only a person can start, and
// deploys blocked by freeze windows.
type ManualOrFrozenDeploy struct{}

var ls106 = &rules.Meta{
	ID:       "LS106",
	Name:     "manual-or-frozen-deploy",
	Category: rules.CategoryBigBang,
	// A warning: a manual gate or a freeze is a process choice, but it
	// batches merged changes into bigger, riskier releases.
	Severity: rules.Warning,
	Title:    "deploys can only be started by hand or are blocked by freeze windows",
	Since:    "v0.1.0",
	Remediation: "Deploy each service automatically on merge to the default branch and keep workflow_dispatch " +
		"only as an escape hatch; replace freeze windows and shared deploy locks with per-service " +
		"progressive delivery (canaries, automated rollback) and feature flags for risky changes.",
	Settings: &minServicesSettings{MinServices: defaultMinServices},
	Doc:      ls106Doc,
}

// Meta describes LS106.
func (ManualOrFrozenDeploy) Meta() *rules.Meta { return ls106 }

// Check reports manual-only pipelines, freeze conditions, deny-all sync
// windows and deploy locks shared by every service.
func (ManualOrFrozenDeploy) Check(p *rules.Pass) {
	pipelines := ci.FromRepo(p.Repo)
	reportManualOnly(p, pipelines)
	reportFreezes(p, pipelines)
	f := fleetOf(p.Repo)
	reportSharedDeployLock(p, f, pipelines, minServices(p.Settings))
	reportSyncWindows(p, f)
}

// reportSharedDeployLock reports one concurrency group (GitLab
// resource_group) taken by the deploy jobs of min services or more: each
// service's deploy queues behind every other's, as in a freeze.
func reportSharedDeployLock(p *rules.Pass, f *fleet, pipelines []*ci.Pipeline, min int) {
	groups := map[string][]*ci.Job{}
	var order []string
	for _, j := range deployJobs(pipelines) {
		g := j.Concurrency.Value
		if g == "" || strings.Contains(g, "$") { // an expression: one group per ref, service or run
			continue
		}
		key := string(j.Pipeline.Platform) + "\x00" + g // GitHub and GitLab locks are separate
		if _, seen := groups[key]; !seen {
			order = append(order, key)
		}
		groups[key] = append(groups[key], j)
	}
	for _, key := range order {
		jobs := groups[key]
		g := jobs[0].Concurrency.Value
		if len(jobs) < 2 {
			continue // one job deploying everything is LS101's finding
		}
		var services []string
		var related []rules.Related
		for _, j := range jobs {
			s := f.jobServices(j)
			services = append(services, s...)
			related = append(related, rules.RelatedAt(j.Concurrency.Pos, fmt.Sprintf("%s deploys %s", jobRef(j), nameList(s))))
		}
		services = sortedSet(services)
		if len(services) < min {
			continue
		}
		p.Report(rules.Finding{
			Location: rules.At(jobs[0].Concurrency.Pos),
			Message: fmt.Sprintf("the deploys of %s share one lock, concurrency group %q: each waits for every other service's deploy (%s)",
				plural(len(services), "service"), g, nameList(services)),
			Related: related[1:],
		})
	}
}

// reportManualOnly reports each pipeline whose every deploy job waits for
// a person: workflow_dispatch as the only trigger, or when: manual.
func reportManualOnly(p *rules.Pass, pipelines []*ci.Pipeline) {
	for _, pl := range pipelines {
		jobs := deployJobs([]*ci.Pipeline{pl})
		if len(jobs) == 0 {
			continue
		}
		var at source.Pos
		how := ""
		var names []string
		var related []rules.Related
		for _, j := range jobs {
			pos, why := manualOnly(j)
			if why == "" {
				at = source.Pos{}
				break
			}
			if at.Line == 0 {
				at, how = pos, why
			}
			names = append(names, strconv.Quote(j.Name.Value))
			related = append(related, rules.RelatedAt(j.Pos, jobRef(j)+" deploys"))
		}
		if at.Line == 0 {
			continue
		}
		subject := "job " + names[0] + " deploys only when someone starts it"
		if len(names) > 1 {
			subject = "jobs " + nameList(names) + " deploy only when someone starts them"
		}
		p.Report(rules.Finding{
			Location: rules.At(at),
			Message:  subject + " (" + how + "): merged changes wait until someone ships them",
			Related:  related,
		})
	}
}

// manualOnly says where and why a deploy job runs only by hand, or ""
// when something else starts it. A schedule or a tag starts it too: that
// is a release train (LS102), not a manual deploy.
func manualOnly(j *ci.Job) (source.Pos, string) {
	if j.Manual {
		return j.ManualPos, "when: manual"
	}
	t := j.Triggers
	if t == nil || !t.Manual || t.Any || len(t.Push) > 0 || len(t.PushTags) > 0 || len(t.PullRequest) > 0 ||
		len(t.Schedules) > 0 || len(t.Other) > 0 || t.Release {
		return source.Pos{}, ""
	}
	if j.Pipeline.Platform == ci.GitLab {
		return t.ManualPos, "only in pipelines run from the web UI"
	}
	return t.ManualPos, "workflow_dispatch is its only trigger"
}

var (
	gitlabFreeze = regexp.MustCompile(`\$CI_DEPLOY_FREEZE\b`)
	freezeWord   = regexp.MustCompile(`(?i)\bfreeze|[-_]freeze|freeze[-_]|frozen`)
	dayOfWeek    = regexp.MustCompile(`\bdate\b[^|;&]*\+['"]?%[uwaA]|(?i)\bday[-_ ]?of[-_ ]?week\b|\bweekday\b`)
)

// The three regexps start with \b, so the engine tries them from every
// position of every deploy command: a twentieth of a workflow-only check
// (pprof). Each match contains a literal these look for first.
func isGitLabFreeze(s string) bool {
	return strings.Contains(s, "$CI_DEPLOY_FREEZE") && gitlabFreeze.MatchString(s)
}

func isFreezeWord(s, lower string) bool {
	return (strings.Contains(lower, "freeze") || strings.Contains(lower, "frozen")) && freezeWord.MatchString(s)
}

func isDayOfWeek(s, lower string) bool {
	return (strings.Contains(s, "date") || strings.Contains(lower, "day")) && dayOfWeek.MatchString(s)
}

// reportFreezes reports the conditions and commands of deploy jobs that
// hold deploys back during freeze windows, once per position.
func reportFreezes(p *rules.Pass, pipelines []*ci.Pipeline) {
	type freeze struct {
		message string
		jobs    []*ci.Job
	}
	found := map[source.Pos]*freeze{}
	var order []source.Pos
	note := func(at source.Pos, message string, j *ci.Job) {
		f := found[at]
		if f == nil {
			f = &freeze{message: message}
			found[at] = f
			order = append(order, at)
		}
		f.jobs = append(f.jobs, j)
	}
	for _, j := range deployJobs(pipelines) {
		if at, msg := freezeOf(j); msg != "" {
			note(at, msg, j)
		}
	}
	for _, at := range order {
		f := found[at]
		names := make([]string, len(f.jobs))
		var related []rules.Related
		for i, j := range f.jobs {
			names[i] = strconv.Quote(j.Name.Value)
			related = append(related, rules.RelatedAt(j.Pos, jobRef(j)+" deploys"))
		}
		subject := "job " + names[0]
		if len(names) > 1 {
			subject = "jobs " + nameList(names)
		}
		p.Report(rules.Finding{
			Location: rules.At(at),
			Message:  subject + " " + f.message + ": merged changes pile up until the window opens",
			Related:  related,
		})
	}
}

// freezeOf finds the first freeze window gating a deploy job: a condition
// on GitLab's $CI_DEPLOY_FREEZE, on the day of the week, or named for a
// freeze, then a command that checks the same.
func freezeOf(j *ci.Job) (source.Pos, string) {
	for _, c := range j.Conditions {
		lower := strings.ToLower(c.Value)
		switch {
		case isGitLabFreeze(c.Value):
			return c.Pos, "skips deploys during GitLab deploy freeze periods ($CI_DEPLOY_FREEZE)"
		case isDayOfWeek(c.Value, lower):
			return c.Pos, "deploys only on some days of the week (" + excerpt(c.Value) + ")"
		case isFreezeWord(c.Value, lower):
			return c.Pos, "is held back by a deploy freeze (" + excerpt(c.Value) + ")"
		}
	}
	for _, c := range j.Commands {
		lower := strings.ToLower(c.Text.Value)
		switch {
		case isDayOfWeek(c.Text.Value, lower):
			return c.Text.Pos, "checks the day of the week before it deploys (" + excerpt(c.Text.Value) + ")"
		case isFreezeWord(c.Text.Value, lower):
			return c.Text.Pos, "checks a deploy freeze before it deploys (" + excerpt(c.Text.Value) + ")"
		}
	}
	return source.Pos{}, ""
}
