package bigbang

import (
	_ "embed"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

//go:embed ls102.md
var ls102Doc string

// ScheduledReleaseTrain reports deploys that run only on a schedule, on
// release tags or release branches: every merge waits for the train.
type ScheduledReleaseTrain struct{}

var ls102 = &rules.Meta{
	ID:       "LS102",
	Name:     "scheduled-release-train",
	Category: rules.CategoryBigBang,
	// A warning: trains are a deliberate process choice, but one that
	// batches every change into a big release.
	Severity: rules.Warning,
	Title:    "deploys happen only on a schedule or on release tags, not on merge",
	Since:    "v0.1.0",
	Remediation: "Deploy each service from the pipeline that runs on every merge to the default branch " +
		"(push with a path filter on the service), keep unfinished work behind feature flags, " +
		"and keep the schedule only for jobs that do not deploy (nightly tests, cleanups).",
	Doc: ls102Doc,
}

// Meta describes LS102.
func (ScheduledReleaseTrain) Meta() *rules.Meta { return ls102 }

// Check groups the deploy jobs that only a release train starts by the
// trigger that starts them, and reports each trigger once.
func (ScheduledReleaseTrain) Check(p *rules.Pass) {
	type train struct {
		at   source.Pos
		ways []string
		jobs []*ci.Job
	}
	trains := map[source.Pos]*train{}
	var order []source.Pos
	for _, j := range deployJobs(ci.FromRepo(p.Repo)) {
		at, ways := trainOf(j.Triggers)
		if len(ways) == 0 {
			continue
		}
		t := trains[at]
		if t == nil {
			t = &train{at: at, ways: ways}
			trains[at] = t
			order = append(order, at)
		}
		t.jobs = append(t.jobs, j)
	}
	for _, at := range order {
		t := trains[at]
		names := make([]string, len(t.jobs))
		var related []rules.Related
		for i, j := range t.jobs {
			names[i] = strconv.Quote(j.Name.Value)
			related = append(related, rules.RelatedAt(j.Pos, jobRef(j)+" deploys"))
		}
		subject := "job " + names[0] + " deploys"
		if len(names) > 1 {
			subject = "jobs " + nameList(names) + " deploy"
		}
		p.Report(rules.Finding{
			Location: rules.At(t.at),
			Message:  subject + " only " + orList(t.ways) + ": merged changes wait for the next release train",
			Related:  related,
		})
	}
}

// releaseBranch matches branch patterns of release branches.
var releaseBranch = regexp.MustCompile(`(?i)release|^/?\^?(?:rc|rel)[-/_]`)

// trainOf says how a release train starts the deploys of t: where the
// first train trigger is declared and each way deploys start, or no ways
// when a merge also deploys (or nothing but a person or a pull request
// does, which is not a train).
func trainOf(t *ci.Triggers) (at source.Pos, ways []string) {
	if t == nil || t.Any || len(t.Other) > 0 {
		return at, nil
	}
	var releaseRefs []source.String
	for _, b := range t.Push {
		if b.Value == ci.AllRefs || !releaseBranch.MatchString(b.Value) {
			return at, nil // every merge deploys
		}
		releaseRefs = append(releaseRefs, b)
	}
	mark := func(p source.Pos) {
		if at.Line == 0 {
			at = p
		}
	}
	for _, s := range t.Schedules {
		mark(s.Pos)
		ways = append(ways, cadence(s))
	}
	for _, b := range releaseRefs {
		mark(b.Pos)
		ways = append(ways, "on pushes to "+strconv.Quote(b.Value))
	}
	for _, tag := range t.PushTags {
		mark(tag.Pos)
		if tag.Value == ci.AllRefs {
			ways = append(ways, "when a tag is pushed")
		} else {
			ways = append(ways, "when a tag matching "+strconv.Quote(tag.Value)+" is pushed")
		}
	}
	if t.Release {
		mark(t.ReleasePos)
		ways = append(ways, "when a release is published")
	}
	if len(ways) > 0 && t.Manual {
		ways = append(ways, "by hand")
	}
	return at, ways
}

// cadence says when a schedule runs, as a person would.
func cadence(s source.String) string {
	if s.Value == "" {
		return "in scheduled pipelines"
	}
	if c, err := ci.Cadence(s.Value); err == nil {
		return c
	}
	return "on schedule " + strconv.Quote(s.Value)
}

// orList joins "a, b or c", deduplicated.
func orList(s []string) string {
	var u []string
	for _, x := range s {
		if !slices.Contains(u, x) {
			u = append(u, x)
		}
	}
	if len(u) == 1 {
		return u[0]
	}
	return strings.Join(u[:len(u)-1], ", ") + " or " + u[len(u)-1]
}
