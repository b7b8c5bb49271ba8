package ci

import "github.com/lockstep-lint/lockstep/rules/repo/source"

// AllRefs is the pattern of a branch or tag filter that matches every
// ref: an event without a filter.
const AllRefs = "**"

// Triggers are the events that start a pipeline or run a job. Each entry
// is positioned where the configuration declares it.
type Triggers struct {
	// Push are the branch patterns whose pushes (merges) run the pipeline;
	// AllRefs at the event when it has no branch filter.
	Push      []source.String
	PushTags  []source.String // tag patterns; AllRefs when unfiltered
	PushPaths []source.String // path filters of push
	// PullRequest are the target branch patterns of pull or merge
	// requests; AllRefs when unfiltered.
	PullRequest []source.String
	// Schedules are the cron expressions of scheduled runs. A GitLab
	// schedule is defined in GitLab, not in the file: its Value is empty
	// and it sits at the condition that selects it.
	Schedules []source.String
	// Manual: workflow_dispatch, GitLab's "web" source.
	Manual    bool
	ManualPos source.Pos
	// Release: GitHub's release event.
	Release    bool
	ReleasePos source.Pos
	// WorkflowCall: the workflow is reusable; its callers' triggers apply.
	WorkflowCall    bool
	WorkflowCallPos source.Pos
	// Other are events that run the pipeline after something else
	// happened (workflow_run, repository_dispatch, merge_group, GitLab
	// api and trigger sources) or conditions lockstep cannot read.
	Other []source.String
	// Any is set when the conditions could not be narrowed to events (no
	// GitLab workflow:rules, or a rule without a readable if): the
	// pipeline may run on any event, merges included.
	Any bool
	Pos source.Pos
}

// OnMerge reports whether the triggers include pushes to branches, merges
// to the default branch among them, or something lockstep could not
// narrow down.
func (t *Triggers) OnMerge() bool {
	return t != nil && (t.Any || len(t.Push) > 0 || len(t.Other) > 0)
}

// Scheduled reports whether a schedule runs the pipeline or job.
func (t *Triggers) Scheduled() bool { return t != nil && len(t.Schedules) > 0 }

// clone returns a copy whose slices can be narrowed without touching t.
func (t *Triggers) clone() *Triggers {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

// add merges o into t (both sets of events run).
func (t *Triggers) add(o *Triggers) {
	t.Push = append(t.Push, o.Push...)
	t.PushTags = append(t.PushTags, o.PushTags...)
	t.PushPaths = append(t.PushPaths, o.PushPaths...)
	t.PullRequest = append(t.PullRequest, o.PullRequest...)
	t.Schedules = append(t.Schedules, o.Schedules...)
	t.Other = append(t.Other, o.Other...)
	if o.Manual && !t.Manual {
		t.Manual, t.ManualPos = true, o.ManualPos
	}
	if o.Release && !t.Release {
		t.Release, t.ReleasePos = true, o.ReleasePos
	}
	if o.WorkflowCall && !t.WorkflowCall {
		t.WorkflowCall, t.WorkflowCallPos = true, o.WorkflowCallPos
	}
	t.Any = t.Any || o.Any
}

// within narrows job triggers t to what the pipeline triggers p allow:
// a kind of event the pipeline never runs on cannot run the job. A job
// that runs whenever the pipeline does (Any) takes the pipeline's events.
func (t *Triggers) within(p *Triggers) *Triggers {
	if p == nil || p.Any {
		return t
	}
	if t.Any {
		return p.clone()
	}
	out := &Triggers{Pos: t.Pos}
	if len(p.Push) > 0 {
		out.Push = narrowRefs(t.Push, p.Push)
		out.PushPaths = t.PushPaths
	}
	if len(p.PushTags) > 0 {
		out.PushTags = narrowRefs(t.PushTags, p.PushTags)
	}
	if len(p.PullRequest) > 0 {
		out.PullRequest = narrowRefs(t.PullRequest, p.PullRequest)
	}
	if len(p.Schedules) > 0 {
		out.Schedules = t.Schedules
	}
	if len(p.Other) > 0 {
		out.Other = t.Other
	}
	if p.Manual {
		out.Manual, out.ManualPos = t.Manual, t.ManualPos
	}
	return out
}

// narrowRefs keeps the job's ref patterns, or the pipeline's when the
// job accepts every ref.
func narrowRefs(job, pipeline []source.String) []source.String {
	if len(job) == 1 && job[0].Value == AllRefs {
		return pipeline
	}
	return job
}
