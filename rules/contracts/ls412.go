package contracts

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"golang.org/x/exp/apidiff"
	"golang.org/x/tools/go/packages"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/gomod"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

//go:embed ls412.md
var ls412Doc string

// BreakingGoAPIChange reports changes that break the exported API of a Go
// module other modules of the repository build against.
type BreakingGoAPIChange struct{}

var ls412 = &rules.Meta{
	ID:       "LS412",
	Name:     "breaking-go-api-change",
	Category: rules.CategoryCoupling,
	// As LS410: an error when a consumer in the repository breaks.
	Severity: rules.Error,
	Title:    "the change breaks the exported API of a shared Go module",
	Since:    "v0.1.0",
	Remediation: "Change a shared module's API in compatible steps: add the new function, type or field " +
		"beside the old one, move the consumers over in their own changes, then remove the old one; or " +
		"release the module with a new major version (module path /v2) and let each consumer upgrade on its own.",
	Doc:      ls412Doc,
	Settings: defaultSettings(),
}

// Meta describes LS412.
func (BreakingGoAPIChange) Meta() *rules.Meta { return ls412 }

// goLoadTimeout bounds the two package loads of one module.
const goLoadTimeout = 2 * time.Minute

// Check type-checks every shared module the change touches twice, as it is
// and as it was at the merge base, and reports apidiff's incompatible
// changes; it runs only in diff mode.
func (BreakingGoAPIChange) Check(p *rules.Pass) {
	for _, c := range goContracts(p) {
		report(p, c.contractChange, c.consumers, "Go API")
	}
}

type goContract struct {
	*contractChange
	consumers []consumerRef
}

// goContracts compares the shared modules with changed Go files.
func goContracts(p *rules.Pass) []*goContract {
	if p.Diff == nil || p.Diff.ReadBase == nil {
		return nil
	}
	return p.Repo.Derived("contracts.go", func() any {
		var out []*goContract
		for _, m := range p.Repo.GoModules {
			refs := moduleConsumers(p.Repo, m)
			// A library nobody in the repository replaces is still
			// someone's contract: other repositories import it.
			if len(refs) == 0 && !isLibrary(p.Repo, m) || !goFilesChanged(p, m) {
				continue
			}
			c := &goContract{contractChange: &contractChange{Path: m.Path, Provider: owner(p.Repo, m.Dir)}, consumers: refs}
			c.Breaking, c.Problem = compareModule(p, m)
			out = append(out, c)
		}
		return out
	}).([]*goContract)
}

// moduleConsumers are the other modules of the repository that build
// against m: they replace its path with its directory.
func moduleConsumers(r *repo.Repo, m *gomod.Module) []consumerRef {
	var out []consumerRef
	for _, other := range r.GoModules {
		if other == m {
			continue
		}
		for _, rep := range other.Replaces {
			if rep.Old.Value == m.Module.Value && rep.Local && rep.Target == m.Dir {
				ref := consumerRef{Consumer: other.Dir, Dir: other.Dir, Pos: rep.Pos, Kind: "module"}
				if s := owner(r, other.Dir); s != nil && s.Dir != "." {
					ref.Consumer = s.Name
				}
				out = append(out, ref)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Consumer < out[j].Consumer })
	return out
}

// inModule tells whether the slash path p belongs to m (not to a module
// nested in it).
func inModule(r *repo.Repo, m *gomod.Module, p string) bool {
	if m.Dir != "." && !strings.HasPrefix(p, m.Dir+"/") {
		return false
	}
	for _, other := range r.GoModules {
		if other != m && len(other.Dir) > len(m.Dir) && (m.Dir == "." || strings.HasPrefix(other.Dir, m.Dir+"/")) && strings.HasPrefix(p, other.Dir+"/") {
			return false
		}
	}
	return true
}

// isLibrary reports a module without commands: what it exports is all it
// is for.
func isLibrary(r *repo.Repo, m *gomod.Module) bool {
	has := false
	for _, pkg := range r.GoPackages {
		if !inModule(r, m, pkg.Dir+"/x.go") {
			continue
		}
		if pkg.IsMain {
			return false
		}
		has = true
	}
	return has
}

func isAPIFile(p string) bool {
	return strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go")
}

func goFilesChanged(p *rules.Pass, m *gomod.Module) bool {
	for _, fc := range p.Diff.Files {
		for _, f := range []string{fc.Path, fc.OldPath} {
			if f != "" && isAPIFile(f) && inModule(p.Repo, m, f) {
				return true
			}
		}
	}
	return false
}

// compareModule loads the module's packages as they are and, through an
// overlay of merge-base contents on the same paths (so replace directives
// and the build cache still apply), as they were.
func compareModule(p *rules.Pass, m *gomod.Module) ([]breaking, *breaking) {
	problem := func(err error) *breaking {
		return &breaking{At: m.Module.Pos, Message: fmt.Sprintf("cannot compare the Go API of %s with its merge-base version: %v", m.Module.Value, err)}
	}
	root, err := filepath.Abs(p.Repo.Root)
	if err != nil {
		return nil, problem(err)
	}
	dir := filepath.Join(root, filepath.FromSlash(m.Dir))
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		return nil, problem(errors.New("the repository is not on disk, and the go command needs it there"))
	}
	overlay := map[string][]byte{}
	for _, fc := range p.Diff.Files {
		if fc.Path != "" && isAPIFile(fc.Path) && inModule(p.Repo, m, fc.Path) && fc.Status != 'D' {
			abs := filepath.Join(root, filepath.FromSlash(fc.Path))
			if fc.Status == 'A' || fc.Status == 'R' {
				// Not there at the merge base: hide it from the build.
				overlay[abs] = []byte("//go:build ignore\n\npackage ignored\n")
			} else if data, err := p.Diff.ReadBase(fc.Path); err == nil {
				overlay[abs] = data
			} else {
				return nil, problem(err)
			}
		}
		old := fc.OldPath
		if fc.Status == 'D' {
			old = fc.Path
		}
		if old != "" && isAPIFile(old) && inModule(p.Repo, m, old) {
			data, err := p.Diff.ReadBase(old)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, problem(err)
			}
			if err == nil {
				overlay[filepath.Join(root, filepath.FromSlash(old))] = data
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), goLoadTimeout)
	defer cancel()
	newPkgs, err := loadAPI(ctx, dir, nil)
	if err != nil {
		return nil, problem(err)
	}
	oldPkgs, err := loadAPI(ctx, dir, overlay)
	if err != nil {
		return nil, problem(fmt.Errorf("merge base: %w", err))
	}
	rep := apidiff.ModuleChanges(
		&apidiff.Module{Path: m.Module.Value, Packages: typesOf(oldPkgs)},
		&apidiff.Module{Path: m.Module.Value, Packages: typesOf(newPkgs)})
	var out []breaking
	for _, c := range rep.Changes {
		if c.Compatible {
			continue
		}
		b := breaking{Message: c.Message, At: m.Module.Pos}
		if pos, ok := locate(root, c.Message, m.Module.Value, newPkgs); ok {
			b.At = pos
		}
		if pos, ok := locate(root, c.Message, m.Module.Value, oldPkgs); ok {
			b.Base = pos
			if b.At == m.Module.Pos {
				b.At = packageClause(root, c.Message, m.Module.Value, newPkgs, b.At)
			}
		}
		out = append(out, b)
	}
	return out, nil
}

type loaded struct {
	pkgs []*packages.Package
}

func loadAPI(ctx context.Context, dir string, overlay map[string][]byte) (*loaded, error) {
	cfg := &packages.Config{
		Context: ctx,
		Mode:    packages.NeedName | packages.NeedFiles | packages.NeedTypes | packages.NeedSyntax | packages.NeedImports,
		Dir:     dir,
		Overlay: overlay,
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, err
	}
	for _, pkg := range pkgs {
		if len(pkg.Errors) > 0 {
			return nil, fmt.Errorf("%s: %s", pkg.PkgPath, pkg.Errors[0].Msg)
		}
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].PkgPath < pkgs[j].PkgPath })
	return &loaded{pkgs: pkgs}, nil
}

func typesOf(l *loaded) []*types.Package {
	out := make([]*types.Package, 0, len(l.pkgs))
	for _, p := range l.pkgs {
		if p.Types != nil && p.Name != "main" && !strings.Contains(p.PkgPath, "/internal/") && !strings.HasSuffix(p.PkgPath, "/internal") {
			out = append(out, p.Types)
		}
	}
	return out
}

// changeSubject reads what an apidiff message is about: "pkg/sub.Name:",
// "Name:", "(*T).M:", "T.Field:"; the package part is relative to the
// module.
var changeSubject = regexp.MustCompile(`^(?:([\w./-]+)\.)?\(?\*?([A-Za-z_]\w*)\)?(?:\.([A-Za-z_]\w*))?: `)

// locate finds the declaration an incompatible change is about.
func locate(root, msg, modPath string, l *loaded) (source.Pos, bool) {
	m := changeSubject.FindStringSubmatch(msg)
	if m == nil {
		return source.Pos{}, false
	}
	for _, pkg := range l.pkgs {
		if m[1] != "" && !strings.HasSuffix(pkg.PkgPath, "/"+m[1]) && pkg.PkgPath != path.Join(modPath, m[1]) {
			continue
		}
		if m[1] == "" && pkg.PkgPath != modPath && len(l.pkgs) > 1 {
			continue
		}
		obj := pkg.Types.Scope().Lookup(m[2])
		if obj == nil {
			continue
		}
		pos := obj.Pos()
		if m[3] != "" {
			if sel := fieldOrMethod(obj, m[3]); sel.IsValid() {
				pos = sel
			}
		}
		return position(root, pkg.Fset, pos)
	}
	return source.Pos{}, false
}

// packageClause is where a package that lost something is declared, for
// removals: the place closest to what is gone.
func packageClause(root, msg, modPath string, l *loaded, fallback source.Pos) source.Pos {
	m := changeSubject.FindStringSubmatch(msg)
	for _, pkg := range l.pkgs {
		if m != nil && m[1] != "" && !strings.HasSuffix(pkg.PkgPath, "/"+m[1]) {
			continue
		}
		if m != nil && m[1] == "" && pkg.PkgPath != modPath && len(l.pkgs) > 1 {
			continue
		}
		if len(pkg.Syntax) > 0 {
			if pos, ok := position(root, pkg.Fset, pkg.Syntax[0].Name.Pos()); ok {
				return pos
			}
		}
	}
	return fallback
}

func position(root string, fset *token.FileSet, pos token.Pos) (source.Pos, bool) {
	if !pos.IsValid() {
		return source.Pos{}, false
	}
	p := fset.Position(pos)
	rel, err := filepath.Rel(root, p.Filename)
	if err != nil || strings.HasPrefix(rel, "..") {
		return source.Pos{}, false
	}
	return source.Pos{File: filepath.ToSlash(rel), Line: p.Line, Col: p.Column}, true
}

// fieldOrMethod is where a field or method of the named type obj is
// declared.
func fieldOrMethod(obj types.Object, name string) token.Pos {
	tn, ok := obj.(*types.TypeName)
	if !ok {
		return token.NoPos
	}
	if o, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, tn.Pkg(), name); o != nil {
		return o.Pos()
	}
	return token.NoPos
}
