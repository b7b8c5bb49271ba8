package repo

import (
	"io/fs"
	"sort"

	"github.com/lockstep-lint/lockstep/rules/repo/directive"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// parsed is one file's parse result, produced on a worker.
type parsed struct {
	file       *File
	problems   []source.Problem
	directives []directive.Directive
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
}

func (b *builder) finish(opts Options) {
	r := b.r
	r.index()
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].Pos.Before(r.Problems[j].Pos) })
}
