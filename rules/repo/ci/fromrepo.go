package ci

import "github.com/lockstep-lint/lockstep/rules/repo"

// FromRepo normalizes every pipeline of the repository, classified with
// the built-in table plus the project's own patterns (.lockstep.yml ci:,
// validated by the configuration). The pipelines are computed once per
// model and shared, read-only, by every rule.
func FromRepo(r *repo.Repo) []*Pipeline {
	return r.Derived(pipelinesKey{}, func() any {
		c, err := ClassifierFor(r.CICommands)
		if err != nil {
			c = Default
		}
		return c.Pipelines(r)
	}).([]*Pipeline)
}

type pipelinesKey struct{}

// Pipelines normalizes every pipeline of the repository: its GitHub
// Actions workflows in path order, then its GitLab configuration. Jobs
// that call a reusable workflow of the repository are linked to it.
func (c *Classifier) Pipelines(r *repo.Repo) []*Pipeline {
	var out []*Pipeline
	byPath := map[string]*Pipeline{}
	for _, w := range r.Workflows {
		p := c.fromWorkflow(w, r.Data(w.Path))
		byPath[p.Path] = p
		out = append(out, p)
	}
	for _, p := range out {
		for _, j := range p.Jobs {
			if called := byPath[localWorkflow(j.Uses.Value)]; called != nil && called != p {
				j.Calls = called
			}
		}
	}
	for _, gp := range r.GitLab {
		out = append(out, c.fromGitLab(gp, r.Data))
	}
	return out
}
