package gosrc

import (
	"cmp"
	"path"
	"slices"
)

// Package is the files of one directory that share a package name, as the
// go command sees them (an external test package foo_test is its own
// Package).
type Package struct {
	Dir, Name string
	Files     []*File // ordered by path
	// IsMain reports a command: package main with a func main in a file
	// that is built (neither a test nor build-ignored).
	IsMain bool
	// Imports are the sorted, distinct import paths of the files that are
	// built; what only tests or ignored files import is left out, since
	// it does not ship. Files keeps every file's imports.
	Imports []string
}

// Group gathers files into packages, ordered by directory and name. Files
// without a package clause are left out (their parse reported why).
func Group(files []*File) []*Package {
	type key struct{ dir, name string }
	byKey := map[key]*Package{}
	var out []*Package
	for _, f := range files {
		if f == nil || f.Package.Value == "" {
			continue
		}
		k := key{path.Dir(f.Path), f.Package.Value}
		p := byKey[k]
		if p == nil {
			p = &Package{Dir: k.dir, Name: k.name}
			byKey[k] = p
			out = append(out, p)
		}
		p.Files = append(p.Files, f)
	}
	for _, p := range out {
		slices.SortFunc(p.Files, func(a, b *File) int { return cmp.Compare(a.Path, b.Path) })
		for _, f := range p.Files {
			if f.Test || f.BuildIgnored {
				continue
			}
			p.IsMain = p.IsMain || f.HasMain
			for _, imp := range f.Imports {
				p.Imports = append(p.Imports, imp.Path.Value)
			}
		}
		slices.Sort(p.Imports)
		p.Imports = slices.Compact(p.Imports)
	}
	slices.SortFunc(out, func(a, b *Package) int {
		return cmp.Or(cmp.Compare(a.Dir, b.Dir), cmp.Compare(a.Name, b.Name))
	})
	return out
}
