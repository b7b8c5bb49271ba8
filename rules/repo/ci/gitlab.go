package ci

import (
	"regexp"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/gitlab"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// defaultStages are GitLab's stages when the configuration names none.
var defaultStages = []string{".pre", "build", "test", "deploy", ".post"}

// fromGitLab normalizes a GitLab CI configuration; data reads the files
// it was merged from.
func (c *Classifier) fromGitLab(gp *gitlab.Pipeline, data func(string) []byte) *Pipeline {
	p := &Pipeline{Platform: GitLab, Path: gp.Path, Pos: source.Pos{File: gp.Path, Line: 1, Col: 1}}
	p.Env = gitlabVars(gp.Variables)
	p.Triggers = &Triggers{Any: true, Pos: p.Pos}
	var workflowConds []source.String
	if w := gp.Workflow; w != nil {
		p.Name = w.Name
		if len(w.Rules) > 0 {
			p.Triggers, _, _ = rulesTriggers(w.Rules, w.Pos)
		}
		for _, r := range w.Rules {
			if r.If.Value != "" {
				workflowConds = append(workflowConds, r.If)
			}
		}
	}
	stages := stageOrder(gp.Stages)
	for _, gj := range gp.Jobs {
		j := &Job{
			Pipeline: p, Name: gj.Name, Stage: gj.Stage, Pos: gj.Pos,
			Env:         append(append([]Var(nil), p.Env...), gitlabVars(gj.Variables)...),
			Concurrency: gj.ResourceGroup,
			Conditions:  append([]source.String(nil), workflowConds...),
		}
		if e := gj.Environment; e != nil && deploysTo(e) {
			j.Environment = e.Name
		}
		for _, n := range gj.Needs {
			if n.Project.Value == "" && n.Pipeline.Value == "" {
				j.Needs = append(j.Needs, n.Job)
			}
		}
		if len(gj.Needs) > 0 {
			j.NeedsPos = keyAbove(data(gj.Needs[0].Pos.File), gj.Needs[0].Pos, "needs")
		}
		if !gj.NeedsSet {
			j.NeedsImplicit, j.NeedsPos = true, gj.Stage.Pos
			for _, earlier := range gp.Jobs {
				if stages[earlier.Stage.Value] < stages[gj.Stage.Value] {
					j.Needs = append(j.Needs, earlier.Name)
				}
			}
		}
		if gj.Parallel != nil {
			j.Matrix = gitlabMatrix(gj.Parallel)
		}
		for _, r := range gj.Rules {
			if r.If.Value != "" {
				j.Conditions = append(j.Conditions, r.If)
			}
		}
		if gj.Only != nil {
			j.Conditions = append(j.Conditions, gj.Only.Variables...)
		}
		for _, lines := range [][]source.String{gj.BeforeScript, gj.Script, gj.AfterScript} {
			j.Commands = append(j.Commands, c.script(lines, "")...)
		}
		j.Triggers, j.Manual, j.ManualPos = jobTriggers(gj)
		j.Triggers = j.Triggers.within(p.Triggers)
		finishJob(j)
		p.Jobs = append(p.Jobs, j)
	}
	return p
}

// deploysTo reports whether an environment entry deploys to it: stopping,
// preparing, verifying or accessing an environment changes nothing.
func deploysTo(e *gitlab.Environment) bool {
	a := e.Action.Value
	return e.Name.Value != "" && (a == "" || a == "start")
}

func stageOrder(stages []source.String) map[string]int {
	names := defaultStages
	if len(stages) > 0 {
		names = []string{".pre"}
		for _, s := range stages {
			names = append(names, s.Value)
		}
		names = append(names, ".post")
	}
	order := make(map[string]int, len(names))
	for i, n := range names {
		if _, dup := order[n]; !dup {
			order[n] = i
		}
	}
	return order
}

// jobTriggers reads when a job runs: from its rules, else from only and
// except, else whenever the pipeline runs.
func jobTriggers(gj *gitlab.Job) (t *Triggers, manual bool, manualPos source.Pos) {
	if gj.When.Value == "manual" {
		manual, manualPos = true, gj.When.Pos
	}
	if len(gj.Rules) > 0 {
		t, allManual, pos := rulesTriggers(gj.Rules, gj.Pos)
		if allManual && !manual {
			manual, manualPos = true, pos
		}
		return t, manual, manualPos
	}
	if gj.Only != nil && len(gj.Only.Refs) > 0 {
		t = refsTriggers(gj.Only.Refs, gj.Only.Pos)
	} else {
		// GitLab's default, only: [branches, tags], matches pipelines of
		// every source: the job runs whenever the pipeline does.
		t = &Triggers{Any: true, Pos: gj.Pos}
	}
	if gj.Except != nil {
		exceptRefs(t, gj.Except.Refs)
	}
	return t, manual, manualPos
}

// rulesTriggers reads a rules list: the union of what each rule that does
// not say "when: never" runs on. allManual is set when every such rule
// says "when: manual"; manualPos is the first of them.
func rulesTriggers(rules []*gitlab.Rule, at source.Pos) (t *Triggers, allManual bool, manualPos source.Pos) {
	t = &Triggers{Pos: at}
	runs := 0
	allManual = true
	for _, r := range rules {
		if r.When.Value == "never" {
			continue
		}
		runs++
		if r.When.Value == "manual" {
			if manualPos.Line == 0 {
				manualPos = r.When.Pos
			}
		} else {
			allManual = false
		}
		if r.If.Value == "" {
			t.Any = true // no condition, or only changes/exists: runs on any event
			continue
		}
		t.add(ifTriggers(r.If))
	}
	return t, allManual && runs > 0, manualPos
}

var (
	sourceIs     = regexp.MustCompile(`\$CI_PIPELINE_SOURCE\s*==\s*["']?(\w+)["']?`)
	sourceOther  = regexp.MustCompile(`\$CI_PIPELINE_SOURCE\s*(?:!=|=~|!~)`)
	tagSet       = regexp.MustCompile(`\$CI_COMMIT_TAG\b(?:\s*(?:=~\s*(\S+)|!=\s*(?:null|""|'')))?`)
	tagUnset     = regexp.MustCompile(`\$CI_COMMIT_TAG\s*==\s*(?:null|""|'')|!\$CI_COMMIT_TAG\b`)
	branchIs     = regexp.MustCompile(`\$CI_COMMIT_(?:BRANCH|REF_NAME)\s*(?:==\s*(\$CI_DEFAULT_BRANCH|"[^"]*"|'[^']*')|=~\s*(\S+))`)
	branchSet    = regexp.MustCompile(`\$CI_COMMIT_BRANCH\b`)
	mergeRequest = regexp.MustCompile(`\$CI_MERGE_REQUEST_\w+`)
)

// ifTriggers reads one rules:if expression. Each "||" alternative is read
// on its own: a $CI_PIPELINE_SOURCE comparison decides the event, a
// $CI_COMMIT_TAG or branch comparison narrows pushes to tags or branches,
// and an alternative lockstep cannot read runs on any event.
func ifTriggers(cond source.String) *Triggers {
	t := &Triggers{Pos: cond.Pos}
	at := func(v string) []source.String { return []source.String{{Value: v, Pos: cond.Pos}} }
	for _, alt := range strings.Split(cond.Value, "||") {
		if m := sourceIs.FindStringSubmatch(alt); m != nil {
			switch m[1] {
			case "schedule":
				t.Schedules = append(t.Schedules, source.String{Pos: cond.Pos})
			case "web":
				if !t.Manual {
					t.Manual, t.ManualPos = true, cond.Pos
				}
			case "merge_request_event", "external_pull_request_event":
				t.PullRequest = append(t.PullRequest, at(AllRefs)...)
			case "push":
				pushRefs(t, alt, at)
			default: // api, trigger, pipeline, parent_pipeline, chat, webide, ...
				t.Other = append(t.Other, source.String{Value: m[1], Pos: cond.Pos})
			}
			continue
		}
		if sourceOther.MatchString(alt) {
			t.Any = true
			continue
		}
		if mergeRequest.MatchString(alt) {
			t.PullRequest = append(t.PullRequest, at(AllRefs)...)
			continue
		}
		pushRefs(t, alt, at)
	}
	return t
}

// pushRefs reads the tag and branch conditions of one alternative.
func pushRefs(t *Triggers, alt string, at func(string) []source.String) {
	switch {
	case tagSet.MatchString(alt) && !tagUnset.MatchString(alt):
		m := tagSet.FindStringSubmatch(alt)
		if m[1] != "" {
			t.PushTags = append(t.PushTags, at(m[1])...)
		} else {
			t.PushTags = append(t.PushTags, at(AllRefs)...)
		}
	case branchIs.MatchString(alt):
		m := branchIs.FindStringSubmatch(alt)
		ref := strings.Trim(m[1], `"'`)
		if ref == "" {
			ref = m[2]
		}
		t.Push = append(t.Push, at(ref)...)
	case branchSet.MatchString(alt):
		t.Push = append(t.Push, at(AllRefs)...)
	default:
		t.Any = true
	}
}

// refsTriggers reads "only" refs: keywords, branch names and /regexps/.
func refsTriggers(refs []source.String, at source.Pos) *Triggers {
	t := &Triggers{Pos: at}
	for _, r := range refs {
		all := []source.String{{Value: AllRefs, Pos: r.Pos}}
		switch r.Value {
		case "schedules":
			t.Schedules = append(t.Schedules, source.String{Pos: r.Pos})
		case "tags":
			t.PushTags = append(t.PushTags, all...)
		case "branches":
			t.Push = append(t.Push, all...)
		case "pushes":
			t.Push = append(t.Push, all...)
			t.PushTags = append(t.PushTags, all...)
		case "merge_requests", "external_pull_requests":
			t.PullRequest = append(t.PullRequest, all...)
		case "web":
			if !t.Manual {
				t.Manual, t.ManualPos = true, r.Pos
			}
		case "api", "triggers", "pipelines", "chat", "external":
			t.Other = append(t.Other, r)
		default: // a branch name or pattern
			t.Push = append(t.Push, r)
		}
	}
	return t
}

// exceptRefs removes the kinds of events "except" excludes.
func exceptRefs(t *Triggers, refs []source.String) {
	for _, r := range refs {
		switch r.Value {
		case "schedules":
			t.Schedules = nil
		case "tags":
			t.PushTags = nil
		case "branches":
			t.Push = nil
		case "merge_requests":
			t.PullRequest = nil
		case "web":
			t.Manual = false
		}
	}
}

func gitlabVars(vars []gitlab.EnvVar) []Var {
	out := make([]Var, 0, len(vars))
	for _, v := range vars {
		out = append(out, Var{Name: v.Name, Value: v.Value})
	}
	return out
}

// gitlabMatrix merges the entries of parallel:matrix into one dimension
// per variable.
func gitlabMatrix(par *gitlab.Parallel) []MatrixDim {
	var dims []MatrixDim
	index := map[string]int{}
	for _, entry := range par.Matrix {
		for _, v := range entry {
			i, ok := index[v.Name.Value]
			if !ok {
				i = len(dims)
				index[v.Name.Value] = i
				dims = append(dims, MatrixDim{Name: v.Name})
			}
			dims[i].Values = append(dims[i].Values, v.Values...)
		}
	}
	return dims
}
