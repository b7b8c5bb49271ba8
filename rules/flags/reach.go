package flags

import (
	goversion "go/version"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/gomod"
)

// MayEvaluate returns a test of whether the Go code of a module of r can
// call a flag SDK or an in-house flag package, answered from go.mod files
// and import specs alone, without type-checking. It answers false only
// when sure, so that `lockstep check` may skip type-checking a module for
// the rules that report nothing but flag calls:
//
//   - A call's callee is declared in a package of the module itself or of
//     its build. From go 1.17 on, go.mod lists every module that provides
//     a package to the build, indirect ones included (module graph
//     pruning; the go command refuses to build when it does not). An
//     older or missing go directive, or a go.mod that did not parse, is
//     not trusted.
//   - A module's requirement on another module of the repository is
//     followed into that module's go.mod: in a workspace its requirements
//     join the build even when the first go.mod forgot them.
//   - An import that neither the module nor its requirements provide
//     means a go.mod that is not tidy, or a workspace at work: trusted
//     neither. Paths without a dot in the first element are taken for the
//     standard library's, which is why an in-house flag package of such a
//     path turns the test off.
func MayEvaluate(r *repo.Repo) func(m *gomod.Module) bool {
	inHouse := InHouse(r.FlagPackages)
	for _, sdk := range inHouse {
		for _, p := range sdk.Prefixes {
			if !strings.Contains(firstElem(p), ".") {
				return func(*gomod.Module) bool { return true }
			}
		}
	}
	broken := map[string]bool{}
	for _, p := range r.Problems {
		broken[p.Pos.File] = true
	}
	byPath := map[string][]*gomod.Module{}
	for _, m := range r.GoModules {
		byPath[m.Module.Value] = append(byPath[m.Module.Value], m)
	}
	imports := map[*gomod.Module][]string{}
	for _, pkg := range r.GoPackages {
		m := r.ModuleOf(pkg.Dir)
		if m == nil {
			continue
		}
		for _, f := range pkg.Files {
			for _, imp := range f.Imports {
				imports[m] = append(imports[m], imp.Path.Value)
			}
		}
	}
	return func(m *gomod.Module) bool {
		v := "go" + m.Go.Value
		if broken[m.Path] || m.Module.Value == "" || !goversion.IsValid(v) || goversion.Compare(v, "go1.17") < 0 {
			return true
		}
		provided := build(byPath, m)
		for p := range provided {
			if flagModule(p, inHouse) {
				return true
			}
		}
		for _, imp := range imports[m] {
			if flagModule(imp, inHouse) || !providedBy(imp, provided) && strings.Contains(firstElem(imp), ".") {
				return true
			}
		}
		return false
	}
}

// build is the set of the paths of m and of every module it requires,
// with the requirements of those that are modules of the repository,
// transitively.
func build(byPath map[string][]*gomod.Module, m *gomod.Module) map[string]bool {
	seen := map[string]bool{m.Module.Value: true}
	todo := []*gomod.Module{m}
	for len(todo) > 0 {
		cur := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, req := range cur.Requires {
			if p := req.Path.Value; !seen[p] {
				seen[p] = true
				todo = append(todo, byPath[p]...)
			}
		}
	}
	return seen
}

// flagModule reports whether a module (or package) of path p may hold a
// package of the SDK table or an in-house flag package: one of the two
// paths starts with the other. Plain string prefixes, ignoring case, are
// wider than Match's element boundaries, on purpose.
func flagModule(p string, inHouse []SDK) bool {
	for _, table := range [][]SDK{SDKs, inHouse} {
		for _, sdk := range table {
			for _, prefix := range sdk.Prefixes {
				if hasFoldPrefix(p, prefix) || hasFoldPrefix(prefix, p) {
					return true
				}
			}
		}
	}
	return false
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// providedBy reports whether the package imp lies in one of the modules.
func providedBy(imp string, modules map[string]bool) bool {
	for p := imp; ; {
		if modules[p] {
			return true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

func firstElem(p string) string {
	first, _, _ := strings.Cut(p, "/")
	return first
}
