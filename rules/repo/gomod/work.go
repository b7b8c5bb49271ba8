package gomod

import (
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

// ParseWork reads the go.work file at path, recovering from bad lines as
// Parse does.
func ParseWork(path string, data []byte) (*Work, []source.Problem) {
	w := &Work{Path: path, Dir: dirOf(path), Pos: source.Pos{File: path, Line: 1, Col: 1}}
	if p := source.CheckText(path, data, source.DefaultLimits); p != nil {
		return w, []source.Problem{*p}
	}
	f, problems := parseRecovering(path, data, func(data []byte) (*modfile.WorkFile, error) {
		return modfile.ParseWork(path, data, nil)
	})
	if f == nil {
		return w, problems
	}
	lex := lexer{file: path, data: data}
	if f.Go != nil {
		w.Go = lex.arg(f.Go.Syntax, 0, f.Go.Version)
	}
	for _, u := range f.Use {
		w.Uses = append(w.Uses, lex.arg(u.Syntax, 0, u.Path))
	}
	w.Replaces = replaces(lex, w.Dir, f.Replace)
	return w, problems
}
