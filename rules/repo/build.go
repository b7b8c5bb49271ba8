package repo

import (
	"github.com/lockstep-lint/lockstep/rules/repo/actions"
	"github.com/lockstep-lint/lockstep/rules/repo/gitlab"
	"io/fs"
	"sort"

	"github.com/lockstep-lint/lockstep/rules/repo/directive"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// parsed is one file's parse result, produced on a worker.
type parsed struct {
	file       *File
	problems   []source.Problem
	directives []directive.Directive
	settings   *github.Settings
	workflow   *actions.Workflow
	gitlab     *gitlab.Pipeline
}

// builder assembles the model from per-file results, in path order, so
// that the model is deterministic whatever the worker scheduling.
type builder struct {
	r    *Repo
	fsys fs.FS
	lim  source.Limits
}

func newBuilder(r *Repo, fsys fs.FS, lim source.Limits) *builder {
	return &builder{r: r, fsys: fsys, lim: lim}
}

func (b *builder) add(p *parsed) {
	b.r.Files = append(b.r.Files, p.file)
	b.r.Problems = append(b.r.Problems, p.problems...)
	b.r.Directives = append(b.r.Directives, p.directives...)
	if p.workflow != nil {
		b.r.Workflows = append(b.r.Workflows, p.workflow)
	}
	if p.gitlab != nil {
		b.r.GitLab = append(b.r.GitLab, p.gitlab)
	}
	if p.settings != nil {
		b.r.Settings = p.settings
	}
}

func (b *builder) finish(opts Options) {
	r := b.r
	r.index()
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].Pos.Before(r.Problems[j].Pos) })
}
