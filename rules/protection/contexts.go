package protection

import (
	"regexp"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/ci"
)

// GitHub Actions reports a job's check run under the job's name, or its ID
// when it has none; "${{ }}" in a name is evaluated at run time; a matrix
// job without an expression in its name gets " (value, …)" appended; a job
// of a reusable workflow is reported as "caller / callee". The matching
// below follows those rules and errs towards matching: a check wrongly
// taken for produced costs a missed LS208 finding, a check wrongly taken
// for phantom a false alarm on every run.

// actionsAppID is the GitHub App id of GitHub Actions: a required check
// with this app id can only come from a workflow.
const actionsAppID = 15368

// maxCallDepth is how deep GitHub nests reusable workflows.
const maxCallDepth = 4

// producer is one workflow job seen as the check contexts it reports.
type producer struct {
	job     *ci.Job // the job that runs: for a reusable workflow, the called job
	context *regexp.Regexp
}

// producers lists the check producers of the repository's GitHub Actions
// workflows.
func producers(pipelines []*ci.Pipeline) []producer {
	var out []producer
	for _, pl := range pipelines {
		if pl.Platform != ci.GitHub {
			continue
		}
		for _, j := range pl.Jobs {
			out = appendProducers(out, j, "", 0)
		}
	}
	return out
}

// appendProducers adds the contexts of job j, whose check names start with
// prefix (the callers' names and " / ").
func appendProducers(out []producer, j *ci.Job, prefix string, depth int) []producer {
	name := prefix + namePattern(checkName(j)) + `(?: \(.*\))?`
	switch {
	case j.Uses.Value == "":
		return append(out, producer{job: j, context: compile(name)})
	case j.Calls != nil && depth < maxCallDepth:
		for _, called := range j.Calls.Jobs {
			out = appendProducers(out, called, name+" / ", depth+1)
		}
		return out
	}
	// A workflow of another repository: its job names are unknown.
	return append(out, producer{job: j, context: compile(name + " / .+")})
}

// checkName is the name a job's check run carries before expansion.
func checkName(j *ci.Job) string {
	if j.Title.Value != "" {
		return j.Title.Value
	}
	return j.Name.Value
}

var expression = regexp.MustCompile(`\$\{\{.*?\}\}`)

// namePattern turns a job name into a regular expression in which every
// ${{ }} expression matches anything.
func namePattern(name string) string {
	var b strings.Builder
	rest := name
	for {
		loc := expression.FindStringIndex(rest)
		if loc == nil {
			b.WriteString(regexp.QuoteMeta(rest))
			return b.String()
		}
		b.WriteString(regexp.QuoteMeta(rest[:loc[0]]))
		b.WriteString(".*")
		rest = rest[loc[1]:]
	}
}

// compile anchors a context pattern; GitHub compares check names exactly,
// but people type them by hand, so case is ignored.
func compile(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?is)^` + pattern + `$`)
}

// jobsReporting returns the jobs whose check runs are named context.
func jobsReporting(prods []producer, context string) []*ci.Job {
	var out []*ci.Job
	for _, pr := range prods {
		if pr.context.MatchString(context) {
			out = append(out, pr.job)
		}
	}
	return out
}
