// Package gitlab reads a GitLab CI configuration (.gitlab-ci.yml and the
// local files it includes) into a typed model in which every value a rule
// may point at carries its position.
//
// The configuration is expanded the way GitLab expands it before running
// it: local includes are merged in, then each job's extends, then !reference
// tags, then the default section. Merging works on YAML nodes, so a value
// keeps the position of the file and line that defined it, whichever file
// that is. Remote, template, project and component includes are recorded
// but not fetched; jobs defined only there are unknown to the model.
//
// Positions: a struct introduced by a key (Environment, Trigger, Parallel,
// Filter, WorkflowRules) is at that key; a job is at its name; a list
// entry (Need, Rule, Include) is at its own node; a scalar is where its
// value starts.
package gitlab

import "github.com/lockstep-lint/lockstep/rules/repo/source"

// Pipeline is the expanded configuration of one repository.
type Pipeline struct {
	Path      string   // the root file, usually .gitlab-ci.yml
	Files     []string // Path, then every local file included, in load order
	Stages    []source.String
	Variables []EnvVar
	Workflow  *WorkflowRules
	Includes  []*Include // of every file, in load order
	Jobs      []*Job     // visible jobs in definition order; hidden (.name) jobs are left out
}

// Job returns the visible job with the given name, or nil.
func (p *Pipeline) Job(name string) *Job {
	for _, j := range p.Jobs {
		if j.Name.Value == name {
			return j
		}
	}
	return nil
}

// WorkflowRules is the top-level "workflow" section.
type WorkflowRules struct {
	Name  source.String
	Rules []*Rule
	Pos   source.Pos
}

// Include is one entry of an "include" section. Exactly one of Local,
// Remote, Template, Project and Component is set; Files and Ref go with
// Project.
type Include struct {
	Local     source.String
	Remote    source.String
	Template  source.String
	Project   source.String
	Files     []source.String
	Ref       source.String
	Component source.String
	Pos       source.Pos
}

// Job is a job after extends, !reference and default are applied.
type Job struct {
	Name          source.String   // the key, in the file that first defines the job
	Stage         source.String   // "test" at the job's name when absent, as GitLab defaults it
	Extends       []source.String // as written in the job itself
	Needs         []*Need
	NeedsSet      bool // "needs" is present: needs: [] starts the job at once, no needs waits for earlier stages
	Script        []source.String
	BeforeScript  []source.String
	AfterScript   []source.String
	Rules         []*Rule
	Only          *Filter
	Except        *Filter
	When          source.String
	Environment   *Environment
	Trigger       *Trigger
	Image         source.String
	Variables     []EnvVar
	Parallel      *Parallel
	ResourceGroup source.String
	Tags          []source.String
	Pos           source.Pos
}

// Need is one entry of "needs": a job of this pipeline, of the parent
// pipeline (Pipeline set) or of another project (Project set).
type Need struct {
	Job      source.String
	Pipeline source.String
	Project  source.String
	Ref      source.String
	Optional bool
	Pos      source.Pos
}

// Rule is one entry of "rules".
type Rule struct {
	If      source.String
	Changes []source.String
	Exists  []source.String
	When    source.String
	Pos     source.Pos
}

// Filter is "only" or "except", from the list form (refs only) or the
// mapping form. Refs include keywords such as "branches", "tags",
// "schedules" and "merge_requests" as written.
type Filter struct {
	Refs      []source.String
	Variables []source.String
	Changes   []source.String
	Pos       source.Pos
}

// Environment is "environment: name" or its mapping form.
type Environment struct {
	Name           source.String
	Action         source.String
	URL            source.String
	DeploymentTier source.String
	Pos            source.Pos
}

// Trigger starts a downstream pipeline: another project's (Project) or a
// child pipeline from files (Include).
type Trigger struct {
	Include  []source.String // local, template, artifact or project file of each include entry
	Project  source.String
	Branch   source.String
	Strategy source.String
	Pos      source.Pos
}

// Parallel is "parallel: N" (Count) or "parallel: {matrix: [...]}".
type Parallel struct {
	Matrix [][]MatrixVar // one list of variables per matrix entry
	Count  int           // 0 for the matrix form
	Pos    source.Pos
}

// MatrixVar is one variable of a parallel matrix entry with its values
// (one for a scalar, several for a list).
type MatrixVar struct {
	Name   source.String
	Values []source.String
}

// EnvVar is one CI/CD variable. For the {value, description} form, Value
// is the value entry.
type EnvVar struct {
	Name, Value source.String
}
