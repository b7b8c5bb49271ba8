package ci

import (
	"path"
	"regexp"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/actions"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// fromWorkflow normalizes one GitHub Actions workflow; data is its file,
// read to position the "needs:" keys the model does not keep.
func (c *Classifier) fromWorkflow(w *actions.Workflow, data []byte) *Pipeline {
	p := &Pipeline{Platform: GitHub, Path: w.Path, Name: w.Name, Pos: w.Pos}
	p.Triggers = githubTriggers(w.On)
	p.Env = githubEnv(w.Env)
	for _, aj := range w.Jobs {
		j := &Job{
			Pipeline: p, Name: aj.ID, Title: aj.Name, Needs: aj.Needs, If: aj.If,
			Uses: aj.Uses, Pos: aj.Pos,
			Env: append(append([]Var(nil), p.Env...), githubEnv(aj.Env)...),
		}
		if len(aj.Needs) > 0 {
			j.NeedsPos = keyAbove(data, aj.Needs[0].Pos, "needs")
		}
		if aj.Environment != nil {
			j.Environment = aj.Environment.Name
		}
		if cc := aj.Concurrency; cc != nil {
			j.Concurrency = cc.Group
		} else if w.Concurrency != nil {
			j.Concurrency = w.Concurrency.Group
		}
		if aj.Strategy != nil {
			j.Matrix = githubMatrix(aj.Strategy.Matrix)
		}
		if aj.If.Value != "" {
			j.Conditions = append(j.Conditions, aj.If)
		}
		for _, s := range aj.Steps {
			if s.If.Value != "" {
				j.Conditions = append(j.Conditions, s.If)
			}
			if s.Uses.Value != "" {
				with := kvMap(s.With)
				j.Actions = append(j.Actions, Action{Uses: s.Uses, With: with, Activities: c.Uses(s.Uses.Value, with)})
			}
			j.Commands = append(j.Commands, c.script(s.Script, s.WorkingDirectory.Value)...)
		}
		j.Triggers = narrowByEventName(p.Triggers, aj.If.Value)
		finishJob(j)
		p.Jobs = append(p.Jobs, j)
	}
	return p
}

// githubTriggers reads "on".
func githubTriggers(on *actions.Triggers) *Triggers {
	t := &Triggers{}
	if on == nil {
		return t
	}
	t.Pos = on.Pos
	all := func(e *actions.Event) []source.String {
		return []source.String{{Value: AllRefs, Pos: e.Pos}}
	}
	for _, e := range on.Events {
		switch e.Name.Value {
		case "push":
			branches := e.Branches
			if len(branches) == 0 && (len(e.BranchesIgnore) > 0 || len(e.Tags) == 0 && len(e.TagsIgnore) == 0) {
				branches = all(e)
			}
			tags := e.Tags
			if len(tags) == 0 && (len(e.TagsIgnore) > 0 || len(e.Branches) == 0 && len(e.BranchesIgnore) == 0) {
				tags = all(e)
			}
			t.Push = append(t.Push, branches...)
			t.PushTags = append(t.PushTags, tags...)
			t.PushPaths = append(t.PushPaths, e.Paths...)
		case "pull_request", "pull_request_target":
			if len(e.Branches) > 0 {
				t.PullRequest = append(t.PullRequest, e.Branches...)
			} else {
				t.PullRequest = append(t.PullRequest, all(e)...)
			}
		case "schedule":
			t.Schedules = append(t.Schedules, e.Crons...)
		case "workflow_dispatch":
			t.Manual, t.ManualPos = true, e.Pos
		case "release":
			t.Release, t.ReleasePos = true, e.Pos
		case "workflow_call":
			t.WorkflowCall, t.WorkflowCallPos = true, e.Pos
		default:
			t.Other = append(t.Other, e.Name)
		}
	}
	return t
}

var (
	eventIs    = regexp.MustCompile(`github\.event_name\s*==\s*['"](\w+)['"]`)
	eventIsNot = regexp.MustCompile(`github\.event_name\s*!=\s*['"](\w+)['"]`)
)

// narrowByEventName applies a job's "if" on github.event_name: "==" keeps
// only the named events, "!=" drops them. Other conditions leave the
// workflow's triggers as they are; lockstep does not evaluate expressions.
func narrowByEventName(t *Triggers, cond string) *Triggers {
	is := eventIs.FindAllStringSubmatch(cond, -1)
	isNot := eventIsNot.FindAllStringSubmatch(cond, -1)
	if len(is) == 0 && len(isNot) == 0 {
		return t
	}
	keep := map[string]bool{}
	for _, m := range is {
		keep[m[1]] = true
	}
	for _, m := range isNot {
		keep[m[1]] = false
	}
	allowed := func(events ...string) bool {
		for _, e := range events {
			if on, set := keep[e]; set {
				return on
			}
		}
		return len(is) == 0 // only "!=" conditions: everything else stays
	}
	out := t.clone()
	if !allowed("push") {
		out.Push, out.PushTags, out.PushPaths = nil, nil, nil
	}
	if !allowed("pull_request", "pull_request_target") {
		out.PullRequest = nil
	}
	if !allowed("schedule") {
		out.Schedules = nil
	}
	if !allowed("workflow_dispatch") {
		out.Manual = false
	}
	if !allowed("release") {
		out.Release = false
	}
	var other []source.String
	for _, o := range out.Other {
		if allowed(o.Value) {
			other = append(other, o)
		}
	}
	out.Other = other
	return out
}

func githubEnv(env []actions.EnvVar) []Var {
	out := make([]Var, 0, len(env))
	for _, e := range env {
		out = append(out, Var{Name: e.Name, Value: e.Value})
	}
	return out
}

func githubMatrix(m *actions.Matrix) []MatrixDim {
	if m == nil {
		return nil
	}
	var dims []MatrixDim
	index := map[string]int{}
	for _, d := range m.Dims {
		index[d.Name.Value] = len(dims)
		dims = append(dims, MatrixDim{Name: d.Name, Values: d.Values})
	}
	for _, row := range m.Include {
		for _, kv := range row {
			i, ok := index[kv.Key.Value]
			if !ok {
				i = len(dims)
				index[kv.Key.Value] = i
				dims = append(dims, MatrixDim{Name: kv.Key})
			}
			dims[i].Values = append(dims[i].Values, kv.Value)
		}
	}
	return dims
}

func kvMap(kvs []actions.KV) map[string]string {
	if len(kvs) == 0 {
		return nil
	}
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		m[kv.Key.Value] = kv.Value.Value
	}
	return m
}

// localWorkflow is the path of a reusable workflow of this repository a
// job calls, or "".
func localWorkflow(uses string) string {
	if !strings.HasPrefix(uses, "./") {
		return ""
	}
	p, _, _ := strings.Cut(strings.TrimPrefix(uses, "./"), "@")
	return path.Clean(p)
}

// keyAbove finds "key:" on the line of at (before it) or, past blank and
// comment lines, on the line above, where a block sequence's key sits; at
// itself when the key is not there.
func keyAbove(data []byte, at source.Pos, key string) source.Pos {
	for line := at.Line; line > 0 && line > at.Line-50; line-- {
		text := source.LineText(data, line)
		if line == at.Line {
			text = text[:min(len(text), max(at.Col-1, 0))]
		} else if t := strings.TrimSpace(text); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if i := strings.Index(text, key+":"); i >= 0 {
			return source.Pos{File: at.File, Line: line, Col: i + 1}
		}
		if line < at.Line {
			break
		}
	}
	return at
}
