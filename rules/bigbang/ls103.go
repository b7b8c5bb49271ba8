package bigbang

import (
	_ "embed"
	"fmt"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
)

//go:embed ls103.md
var ls103Doc string

// DeployWaitsForAllBuilds reports deploy jobs that wait for the jobs of
// many services, so that one failing service blocks every release.
type DeployWaitsForAllBuilds struct{}

var ls103 = &rules.Meta{
	ID:       "LS103",
	Name:     "deploy-waits-for-all-builds",
	Category: rules.CategoryBigBang,
	// A warning: the fan-in is cheap to undo but makes every release as
	// slow and as fragile as the worst service.
	Severity: rules.Warning,
	Title:    "a deploy job waits for the builds or tests of many services",
	Since:    "v0.1.0",
	Remediation: "Give each service its own deploy job that needs only that service's build and tests " +
		"(GitLab: list them in needs instead of relying on stages), ideally in a pipeline " +
		"triggered by changes to that service.",
	Settings: &minServicesSettings{MinServices: defaultMinServices},
	Doc:      ls103Doc,
}

// Meta describes LS103.
func (DeployWaitsForAllBuilds) Meta() *rules.Meta { return ls103 }

// Check follows each deploy job's needs, transitively, and counts the
// services of the jobs it waits for.
func (DeployWaitsForAllBuilds) Check(p *rules.Pass) {
	min := minServices(p.Settings)
	f := fleetOf(p.Repo)
	for _, j := range deployJobs(ci.FromRepo(p.Repo)) {
		waits := waitsFor(j)
		var services []string
		var related []rules.Related
		builds, tests := true, true
		for _, w := range waits {
			s := f.jobServices(w)
			if len(s) == 0 {
				continue
			}
			services = append(services, s...)
			related = append(related, rules.RelatedAt(w.Pos, fmt.Sprintf("%s (%s)", jobRef(w), nameList(s))))
			builds = builds && (w.Is(ci.Build) || w.Is(ci.Push))
			tests = tests && w.Is(ci.Test)
		}
		services = sortedSet(services)
		if len(services) < min {
			continue
		}
		what := "the jobs"
		switch {
		case builds && tests:
			what = "the builds and tests"
		case builds:
			what = "the builds"
		case tests:
			what = "the tests"
		}
		how := "waits for"
		if j.NeedsImplicit {
			how = "waits, through the stages before its own, for"
		}
		p.Report(rules.Finding{
			Location: rules.At(j.NeedsPos),
			Message: fmt.Sprintf("%s %s %s of %s (%s): one red service blocks every release",
				jobRef(j), how, what, plural(len(services), "service"), nameList(services)),
			Related: related,
		})
	}
}

// waitsFor lists the jobs j waits for, directly or through other needs,
// in the order they are first reached.
func waitsFor(j *ci.Job) []*ci.Job {
	seen := map[*ci.Job]bool{j: true}
	var out []*ci.Job
	var visit func(*ci.Job)
	visit = func(x *ci.Job) {
		for _, n := range x.Needs {
			dep := x.Pipeline.Job(n.Value)
			if dep == nil || seen[dep] {
				continue
			}
			seen[dep] = true
			out = append(out, dep)
			visit(dep)
		}
	}
	visit(j)
	return out
}
