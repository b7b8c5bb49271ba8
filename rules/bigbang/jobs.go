package bigbang

import "github.com/lockstep-lint/lockstep/rules/repo/ci"

// deployJobs are the jobs that deploy, in pipeline and file order. Jobs
// of reusable workflows (workflow_call) are left out: their callers run
// them, with their callers' triggers, and are listed instead.
func deployJobs(ps []*ci.Pipeline) []*ci.Job {
	var out []*ci.Job
	for _, p := range ps {
		if p.Triggers != nil && p.Triggers.WorkflowCall {
			continue
		}
		for _, j := range p.Jobs {
			if j.Deploys() {
				out = append(out, j)
			}
		}
	}
	return out
}

// jobRef names a job for messages: `job "deploy"`, and the file when the
// finding is not in it.
func jobRef(j *ci.Job) string { return `job "` + j.Name.Value + `"` }
