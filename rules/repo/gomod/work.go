package gomod

import (
	"path"

	"golang.org/x/mod/modfile"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Work is one go.work file. Pos is the start of the file.
type Work struct {
	Path     string
	Dir      string
	Go       source.String
	Uses     []source.String // directories as written; see ResolveDir
	Replaces []*Replace
	Pos      source.Pos
}

// ParseWork reads the go.work file named file, recovering from bad lines as
// Parse does.
func ParseWork(file string, data []byte) (*Work, []source.Problem) {
	w := &Work{Path: file, Dir: path.Dir(file), Pos: source.Pos{File: file, Line: 1, Col: 1}}
	if p := source.CheckText(file, data, limits()); p != nil {
		return w, []source.Problem{*p}
	}
	f, problems := parseRecovering(file, data, func(data []byte) (*modfile.WorkFile, error) {
		return modfile.ParseWork(file, data, nil)
	})
	if f == nil {
		return w, problems
	}
	lex := lexer{file: file, data: data}
	if f.Go != nil {
		w.Go = lex.arg(f.Go.Syntax, 0, f.Go.Version)
	}
	for _, u := range f.Use {
		w.Uses = append(w.Uses, lex.arg(u.Syntax, 0, u.Path))
	}
	w.Replaces = replaces(lex, w.Dir, f.Replace)
	return w, problems
}
