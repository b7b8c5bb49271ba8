package repo

import (
	"io/fs"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// parseFile dispatches on the file's kind. It runs concurrently and only
// touches p.
func parseFile(p *parsed, fsys fs.FS, lim source.Limits) {
	f := p.file
	switch f.Kind {
	case KindYAML:
		_, problems := source.ParseYAML(f.Path, f.Data, lim)
		p.problems = append(p.problems, problems...)
	}
}
