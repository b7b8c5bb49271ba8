package repo

import (
	"fmt"
	"io/fs"

	"github.com/lockstep-lint/lockstep/rules/repo/actions"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
	"github.com/lockstep-lint/lockstep/rules/repo/gitlab"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// parseFile dispatches on the file's kind. It runs concurrently and only
// touches p.
func parseFile(p *parsed, fsys fs.FS, lim source.Limits) {
	f := p.file
	var problems []source.Problem
	switch f.Kind {
	case KindWorkflow:
		var docs []*source.Doc
		docs, problems = source.ParseYAML(f.Path, f.Data, lim)
		var more []source.Problem
		p.workflow, more = actions.Parse(f.Path, f.Data, docs)
		problems = append(problems, more...)
	case KindGitLabCI:
		p.gitlab, problems = gitlab.Load(f.Path, includeReader(fsys, lim), lim)
	case KindGitHubSettings:
		p.settings, problems = github.ParseSettingsFile(f.Path, f.Data)
	case KindYAML:
		_, problems = source.ParseYAML(f.Path, f.Data, lim)
	}
	p.problems = append(p.problems, problems...)
}

// includeReader reads files a CI config includes, with the same limits as
// the walk and never outside the repository.
func includeReader(fsys fs.FS, lim source.Limits) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if !fs.ValidPath(name) {
			return nil, fmt.Errorf("%s is not a path inside the repository", name)
		}
		target, pr := resolveLink(fsys, name)
		if pr != nil {
			return nil, fmt.Errorf("%s", pr.Message)
		}
		return readLimited(fsys, target, lim.MaxBytes)
	}
}
