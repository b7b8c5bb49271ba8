package protection

import (
	"regexp"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/actions"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// target is one job's use of a deployment environment.
type target struct {
	job  *ci.Job       // the job that runs in the environment
	name source.String // the environment, as written where it is decided
	// at is where the finding goes: the job's environment key, or for a
	// reusable workflow the caller's input that names the environment.
	at source.Pos
	// caller is the job that calls the reusable workflow of job, when the
	// environment name is the caller's input; declared is the called job's
	// environment key then.
	caller   *ci.Job
	declared source.Pos
}

// inputRef matches an environment name that is one input of a reusable
// workflow: "${{ inputs.environment }}".
var inputRef = regexp.MustCompile(`^\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}$`)

// targets lists the environments the repository's jobs run in. A name
// given by an input of a reusable workflow is resolved through each local
// caller that passes a literal; other expressions are skipped, since
// lockstep does not evaluate them.
func targets(r *repo.Repo, pipelines []*ci.Pipeline) []target {
	jobs := map[string]*ci.Job{}
	for _, pl := range pipelines {
		for _, j := range pl.Jobs {
			jobs[pl.Path+"\x00"+j.Name.Value] = j
		}
	}
	byPath := map[string]*actions.Workflow{}
	for _, w := range r.Workflows {
		byPath[w.Path] = w
	}
	var out []target
	for _, w := range r.Workflows {
		for _, aj := range w.Jobs {
			env := aj.Environment
			cj := jobs[w.Path+"\x00"+aj.ID.Value]
			if env == nil || cj == nil || env.Name.Value == "" {
				continue
			}
			if !strings.Contains(env.Name.Value, "${{") {
				out = append(out, target{job: cj, name: env.Name, at: env.Pos})
				continue
			}
			m := inputRef.FindStringSubmatch(env.Name.Value)
			if m == nil {
				continue
			}
			for _, in := range callerInputs(pipelines, byPath, cj.Pipeline, m[1]) {
				out = append(out, target{job: cj, name: in.value, at: in.value.Pos, caller: in.caller, declared: env.Pos})
			}
		}
	}
	return out
}

// callerInput is the literal value a caller passes to an input.
type callerInput struct {
	caller *ci.Job
	value  source.String
}

// callerInputs returns the literal values that local callers of called
// pass as its input named input.
func callerInputs(pipelines []*ci.Pipeline, byPath map[string]*actions.Workflow, called *ci.Pipeline, input string) []callerInput {
	var out []callerInput
	for _, pl := range pipelines {
		for _, j := range pl.Jobs {
			if j.Calls != called {
				continue
			}
			w := byPath[pl.Path]
			if w == nil || w.Job(j.Name.Value) == nil {
				continue
			}
			for _, kv := range w.Job(j.Name.Value).With {
				if kv.Key.Value == input && kv.Value.Value != "" && !strings.Contains(kv.Value.Value, "${{") {
					out = append(out, callerInput{caller: j, value: kv.Value})
				}
			}
		}
	}
	return out
}

// findEnvironment returns the environment named name (GitHub compares
// environment names case-insensitively), or nil.
func findEnvironment(s *github.Settings, name string) *github.Environment {
	for _, e := range s.Environments {
		if strings.EqualFold(e.Name.Value, name) {
			return e
		}
	}
	return nil
}

// environmentsComplete reports settings that list every environment, so
// that one missing from them does not exist yet: a live or recorded list
// that was read, or a settings file with an environments key and nothing
// inherited. Environments not asked for are not listed at all.
func environmentsComplete(r *repo.Repo, s *github.Settings) bool {
	if !s.Asked(github.AreaEnvironments) {
		return false
	}
	for _, g := range s.Gaps {
		switch {
		case g.Area == github.AreaEnvironments, g.Area == github.AreaInherited:
			return false
		case g.Area == github.AreaRepository && s.Source != github.SourceSettingsFile:
			return false
		}
	}
	if s.Source != github.SourceSettingsFile {
		return true
	}
	_, found := environmentsKey(r)
	return found
}

// environmentsKey finds the top-level environments key of the settings
// file, which the settings model does not keep.
func environmentsKey(r *repo.Repo) (source.Pos, bool) {
	for _, f := range r.Files {
		if f.Kind != repo.KindGitHubSettings {
			continue
		}
		docs, _ := source.ParseYAML(f.Path, f.Data, source.DefaultLimits)
		if len(docs) == 0 || docs[0].Root == nil {
			return source.Pos{}, false
		}
		k, _ := source.Lookup(docs[0].Root, "environments")
		if k == nil {
			return source.Pos{}, false
		}
		return source.PosOf(f.Path, k), true
	}
	return source.Pos{}, false
}

// unprotectedEnvironment reports an environment that anyone who can run the
// workflow may deploy to: no required reviewer and no deployment branch
// policy.
func unprotectedEnvironment(e *github.Environment) bool {
	return len(e.Reviewers) == 0 && e.BranchPolicy.Kind == github.AnyBranch
}
