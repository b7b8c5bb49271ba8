package ci

import "github.com/lockstep-lint/lockstep/rules/repo/source"

// Platform is the CI system a pipeline runs on.
type Platform string

// The platforms lockstep reads.
const (
	GitHub Platform = "github"
	GitLab Platform = "gitlab"
)

// Pipeline is one GitHub Actions workflow or one GitLab CI configuration.
type Pipeline struct {
	Platform Platform
	Path     string        // the workflow file, or .gitlab-ci.yml
	Name     source.String // the workflow's or workflow:name; empty when unnamed
	// Triggers are the events that start the pipeline. For GitLab they
	// come from workflow:rules and are Any when there are none; each job's
	// own rules narrow them further (Job.Triggers).
	Triggers *Triggers
	Jobs     []*Job // in file order
	Env      []Var  // workflow env, GitLab global variables
	Pos      source.Pos
}

// Job returns the job with the given name, or nil.
func (p *Pipeline) Job(name string) *Job {
	for _, j := range p.Jobs {
		if j.Name.Value == name {
			return j
		}
	}
	return nil
}

// Job is one job of a pipeline.
type Job struct {
	Pipeline *Pipeline
	Name     source.String // the job ID (GitHub) or job name (GitLab)
	Title    source.String // GitHub's display "name:"
	Stage    source.String // GitLab only
	// Needs are the jobs this job waits for. For a GitLab job without
	// "needs" they are every job of the earlier stages (NeedsImplicit).
	Needs         []source.String
	NeedsImplicit bool
	// NeedsPos is the "needs:" key, or for implicit needs the job's stage.
	NeedsPos    source.Pos
	Commands    []Command // shell lines of run steps and scripts, in order
	Actions     []Action  // "uses:" steps
	Environment source.String
	Concurrency source.String // GitHub concurrency group, GitLab resource_group
	Matrix      []MatrixDim
	// Manual is set when every way the job can run needs a person to start
	// it (GitLab when: manual).
	Manual    bool
	ManualPos source.Pos
	If        source.String // GitHub job "if"
	// Conditions are every expression gating the job or its steps: the
	// job's and steps' "if" (GitHub), rules:if and workflow:rules:if
	// (GitLab). Freeze windows hide here.
	Conditions []source.String
	// Triggers are the events that run this job: the pipeline's, narrowed
	// by the job's own rules, only/except, or event_name conditions.
	Triggers *Triggers
	Env      []Var
	// Calls is the local reusable workflow this job runs ("uses:
	// ./.github/workflows/x.yml"), resolved by FromRepo; Uses is the
	// reference as written, local or not.
	Calls *Pipeline
	Uses  source.String
	Pos   source.Pos
}

// Command is one shell line of a job (backslash continuations joined, at
// the first line's position) and what it does.
type Command struct {
	Text       source.String
	Activities Activities
	Dir        string // the step's working-directory, "" for the root
}

// Action is one "uses:" step and what it does.
type Action struct {
	Uses       source.String
	With       map[string]string
	Activities Activities
}

// MatrixDim is one dimension of a job's matrix (GitHub strategy.matrix,
// GitLab parallel:matrix), with the values of its include entries.
type MatrixDim struct {
	Name   source.String
	Values []source.String
}

// Var is one environment or CI/CD variable.
type Var struct {
	Name, Value source.String
}

// Activities is what the job does: the union over its commands, actions
// and the jobs of the workflow it calls.
func (j *Job) Activities() Activities {
	var s Activities
	j.each(func(x *Job) {
		for _, c := range x.Commands {
			s |= c.Activities
		}
		for _, a := range x.Actions {
			s |= a.Activities
		}
	})
	return s
}

// Is reports whether the job does a.
func (j *Job) Is(a Activity) bool { return j.Activities().Has(a) }

// nonDeploy are the activities of jobs that prepare or check a release
// but never release it.
var nonDeploy = Of(Build, Push, Test, Lint, SecurityScan, DryRun)

// Deploys reports whether the job deploys: a command or action deploys,
// or the job targets an environment and does nothing the classifier knows
// to be something else (an opaque script). A job that only builds, tests
// or lints is never a deploy, environment or not.
func (j *Job) Deploys() bool {
	a := j.Activities()
	if a.Has(Deploy) {
		return true
	}
	deploys := false
	j.each(func(x *Job) {
		deploys = deploys || x.Environment.Value != ""
	})
	return deploys && !a.Only(nonDeploy)
}

// DeployCommands are the commands that deploy, the called workflow's
// included.
func (j *Job) DeployCommands() []Command {
	var out []Command
	j.each(func(x *Job) {
		for _, c := range x.Commands {
			if c.Activities.Has(Deploy) {
				out = append(out, c)
			}
		}
	})
	return out
}

// each visits the job, then the jobs of the reusable workflow it calls,
// recursively; GitHub allows four levels of nesting, cycles are cut.
func (j *Job) each(fn func(*Job)) {
	var visit func(x *Job, depth int)
	visit = func(x *Job, depth int) {
		fn(x)
		if x.Calls == nil || depth >= 4 {
			return
		}
		for _, c := range x.Calls.Jobs {
			visit(c, depth+1)
		}
	}
	visit(j, 0)
}

// DisplayName is how messages name the job: its ID, or for a GitLab job
// its name.
func (j *Job) DisplayName() string { return j.Name.Value }
