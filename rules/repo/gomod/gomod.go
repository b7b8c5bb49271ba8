// Package gomod reads go.mod and go.work files into the repository model,
// with the position of every module path and version, so that rules about
// shared modules and pinned versions can point at the exact token.
package gomod

import (
	"path"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Module is one go.mod file. Pos is the module directive, or the file's
// first line when it has none.
type Module struct {
	Path     string // the go.mod file, relative to the repository root
	Dir      string // its directory ("." at the root)
	Module   source.String
	Go       source.String
	Requires []*Require
	Replaces []*Replace
	Pos      source.Pos
}

// Require is one required module. Pos is the start of its line.
type Require struct {
	Path, Version source.String
	Indirect      bool // marked "// indirect"
	Pos           source.Pos
}

// Replace is one replace directive. OldVersion and NewVersion are empty
// when not written.
type Replace struct {
	Old, OldVersion, New, NewVersion source.String
	// Local reports that New is a directory (./x, ../x, /x, C:\x) rather
	// than a module path.
	Local bool
	// Target is, for a local replacement, the directory it names relative
	// to the repository root, or "" when that lies outside the repository.
	Target string
	Pos    source.Pos
}

// Require returns the requirement of module path, or nil.
func (m *Module) Require(modpath string) *Require {
	for _, r := range m.Requires {
		if r.Path.Value == modpath {
			return r
		}
	}
	return nil
}

// limits refuse go.mod and go.work files over 1 MiB: the largest public
// ones are under 100 KB, and x/mod spends superlinear time and memory on
// a huge file full of errors.
func limits() source.Limits {
	lim := source.DefaultLimits
	lim.MaxBytes = 1 << 20
	return lim
}

// Parse reads the go.mod file named file. A line that cannot be parsed is
// reported and the rest of the file is still read.
func Parse(file string, data []byte) (*Module, []source.Problem) {
	m := &Module{Path: file, Dir: path.Dir(file), Pos: source.Pos{File: file, Line: 1, Col: 1}}
	if p := source.CheckText(file, data, limits()); p != nil {
		return m, []source.Problem{*p}
	}
	f, problems := parseRecovering(file, data, func(data []byte) (*modfile.File, error) {
		return modfile.Parse(file, data, nil)
	})
	if f == nil {
		return m, problems
	}
	lex := lexer{file: file, data: data}
	if f.Module != nil {
		m.Module = lex.arg(f.Module.Syntax, 0, f.Module.Mod.Path)
		m.Pos = lex.start(f.Module.Syntax)
	}
	if f.Go != nil {
		m.Go = lex.arg(f.Go.Syntax, 0, f.Go.Version)
	}
	for _, r := range f.Require {
		m.Requires = append(m.Requires, &Require{
			Path:     lex.arg(r.Syntax, 0, r.Mod.Path),
			Version:  lex.arg(r.Syntax, 1, r.Mod.Version),
			Indirect: r.Indirect,
			Pos:      lex.start(r.Syntax),
		})
	}
	m.Replaces = replaces(lex, m.Dir, f.Replace)
	return m, problems
}

func replaces(lex lexer, dir string, rs []*modfile.Replace) []*Replace {
	var out []*Replace
	for _, r := range rs {
		// The arguments are "old [version] => new [version]".
		arrow := 1
		if r.Old.Version != "" {
			arrow = 2
		}
		rep := &Replace{
			Old:   lex.arg(r.Syntax, 0, r.Old.Path),
			New:   lex.arg(r.Syntax, arrow+1, r.New.Path),
			Local: modfile.IsDirectoryPath(r.New.Path),
			Pos:   lex.start(r.Syntax),
		}
		if r.Old.Version != "" {
			rep.OldVersion = lex.arg(r.Syntax, 1, r.Old.Version)
		}
		if r.New.Version != "" {
			rep.NewVersion = lex.arg(r.Syntax, arrow+2, r.New.Version)
		}
		if rep.Local {
			rep.Target = ResolveDir(dir, r.New.Path)
		}
		out = append(out, rep)
	}
	return out
}

// ResolveDir is the repository-relative directory that p, a directory
// written in a file of directory dir (as in replace or use), names; "" when
// p is absolute or leads out of the repository. Backslashes are read as
// separators, since go.mod files move between systems.
func ResolveDir(dir, p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	if p == "" || strings.HasPrefix(p, "/") || len(p) >= 2 && p[1] == ':' {
		return ""
	}
	target := path.Join(dir, p)
	if target == ".." || strings.HasPrefix(target, "../") {
		return ""
	}
	return target
}
