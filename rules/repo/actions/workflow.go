// Package actions reads GitHub Actions workflow files into a typed model in
// which every value a rule may point at carries its position.
//
// The model keeps what the lockstep rules look at (triggers, the job graph,
// environments, concurrency, matrices, the commands of run steps) and
// ignores the rest; it checks types, not semantics: actionlint validates
// workflows far better, and lockstep does not repeat it.
//
// Positions: a struct introduced by a key (Triggers, Concurrency, Strategy,
// Environment, Permissions, Matrix) is at that key; a job is at its ID; a
// step or event is at its own node; a scalar is where its value starts.
package actions

import "github.com/lockstep-lint/lockstep/rules/repo/source"

// Workflow is one file of .github/workflows.
type Workflow struct {
	Path        string // slash-separated, relative to the repository root
	Name        source.String
	RunName     source.String
	On          *Triggers // nil when "on" is missing or unusable
	Env         []EnvVar
	Concurrency *Concurrency
	Permissions *Permissions
	Jobs        []*Job // in file order
	Pos         source.Pos
}

// Job returns the job with the given ID, or nil.
func (w *Workflow) Job(id string) *Job {
	for _, j := range w.Jobs {
		if j.ID.Value == id {
			return j
		}
	}
	return nil
}

// Triggers is the "on" section.
type Triggers struct {
	Events []*Event // in file order
	Pos    source.Pos
}

// Event returns the trigger for the named event, or nil.
func (t *Triggers) Event(name string) *Event {
	if t == nil {
		return nil
	}
	for _, e := range t.Events {
		if e.Name.Value == name {
			return e
		}
	}
	return nil
}

// Event is one triggering event and its filters. Which filters exist
// depends on the event; the others stay empty.
type Event struct {
	Name           source.String
	Branches       []source.String
	BranchesIgnore []source.String
	Tags           []source.String
	TagsIgnore     []source.String
	Paths          []source.String
	PathsIgnore    []source.String
	Types          []source.String
	Crons          []source.String // schedule
	Inputs         []source.String // input names of workflow_dispatch and workflow_call
	Workflows      []source.String // workflow_run
	Pos            source.Pos
}

// Job is one entry of "jobs": either steps run on a runner, or a call of a
// reusable workflow (Uses set).
type Job struct {
	ID          source.String // the key under "jobs"
	Name        source.String
	Needs       []source.String
	If          source.String
	RunsOn      []source.String // labels, from a string, a list or {labels}
	RunnerGroup source.String   // runs-on: {group}
	Environment *Environment
	Concurrency *Concurrency
	Permissions *Permissions
	Strategy    *Strategy
	Uses        source.String // reusable workflow, "owner/repo/.github/workflows/x.yml@ref" or "./.github/workflows/x.yml"
	With        []KV
	Secrets     []KV          // secrets passed to a reusable workflow
	SecretsMode source.String // "inherit" when secrets: inherit
	Env         []EnvVar
	Steps       []*Step
	Outputs     []KV
	Pos         source.Pos
}

// Environment is a deployment target, from "environment: name" or
// "environment: {name, url}".
type Environment struct {
	Name source.String
	URL  source.String
	Pos  source.Pos
}

// Concurrency is "concurrency: group" or "concurrency: {group, cancel-in-progress}".
type Concurrency struct {
	Group            source.String
	CancelInProgress source.String // "true", "false" or an expression; empty when absent
	Pos              source.Pos
}

// Permissions is "permissions: read-all|write-all" (All) or a map of
// scopes to levels (Scopes); "permissions: {}" has neither.
type Permissions struct {
	All    source.String
	Scopes []KV
	Pos    source.Pos
}

// Strategy is a job's "strategy".
type Strategy struct {
	Matrix      *Matrix
	FailFast    source.String
	MaxParallel source.String
	Pos         source.Pos
}

// Matrix is "strategy.matrix": literal dimensions, or one expression that
// produces the whole matrix at run time (Expr).
type Matrix struct {
	Dims    []*MatrixDim
	Include [][]KV
	Exclude [][]KV
	Expr    source.String
	Pos     source.Pos
}

// Dim returns the named dimension, or nil.
func (m *Matrix) Dim(name string) *MatrixDim {
	if m == nil {
		return nil
	}
	for _, d := range m.Dims {
		if d.Name.Value == name {
			return d
		}
	}
	return nil
}

// MatrixDim is one dimension: literal values, or an expression (Expr).
// A value that is a mapping or a list has an empty Value and its position.
type MatrixDim struct {
	Name   source.String
	Values []source.String
	Expr   source.String
}

// Step is one entry of a job's "steps".
type Step struct {
	ID               source.String
	Name             source.String
	If               source.String
	Uses             source.String
	Run              source.String   // the whole script, at its start
	Script           []source.String // each non-empty line of Run, at its first non-blank character
	Shell            source.String
	WorkingDirectory source.String
	With             []KV
	Env              []EnvVar
	Pos              source.Pos
}

// EnvVar is one entry of an "env" mapping.
type EnvVar struct {
	Name, Value source.String
}

// KV is one entry of a mapping. A value that is itself a mapping or a list
// has an empty Value and its position.
type KV struct {
	Key, Value source.String
}
