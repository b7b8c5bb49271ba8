package gotool

import (
	"context"
	goversion "go/version"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/lint"
)

// Modules are loaded as workspaces of minWorkspace to workspaceModules
// modules. Each load runs the go command, which reads the module graph
// and the build cache anew: a tenth of a second per module, two minutes
// for a monorepo of a thousand loaded one by one. A workspace holds all
// its packages in memory at once, hence the upper bound: each go command
// costs 0.05 s plus ~1 ms per module even when the build cache has
// everything, while 100 modules of the benchmark corpus hold ~13 MB. The
// benchmark's 201 modules that may call a flag package fit in one
// workspace; with LS302 on, its 1,001 modules load in four, in 2.5 s at
// a peak of 179 MB (3.6 s and 186 MB in workspaces of 100).
// Variables for the tests, which compare workspaces with loads one by one.
var (
	minWorkspace     = 4
	workspaceModules = 250
)

// loadWorkspace analyzes the modules of each in one load, through a
// go.work written outside the repository that uses them all, as a
// developer of the monorepo would with `go work`. It returns the findings
// and the loads still to run one by one: the modules whose packages did
// not all load (so that their LS001 notes read as a load of their own
// would give them), or every one when the workspace itself does not load
// (two modules of one path, conflicting replacements, a GOFLAGS the
// workspace refuses). Dependencies required at several versions are
// analyzed at the highest, as in the workspace.
func loadWorkspace(ctx context.Context, root string, s *lint.GoSession, each []load) ([]rules.Finding, []load, error) {
	if len(each) < minWorkspace || each[0].pattern == "work" {
		return nil, each, nil
	}
	dir, err := os.MkdirTemp("", "lockstep-work-")
	if err != nil {
		return nil, each, nil
	}
	defer func() { _ = os.RemoveAll(dir) }()
	goVersion := "1.21"
	var b strings.Builder
	for _, m := range s.Go.GoModules {
		if v := m.Go.Value; goversion.IsValid("go"+v) && goversion.Compare("go"+v, "go"+goVersion) > 0 {
			goVersion = v
		}
	}
	b.WriteString("go " + goVersion + "\n\nuse (\n")
	listed := map[string]bool{}
	for _, l := range each {
		listed[l.dir] = true
		b.WriteString("\t" + strconv.Quote(l.dir) + "\n")
	}
	b.WriteString(")\n")
	work := filepath.Join(dir, "go.work")
	if err := os.WriteFile(work, []byte(b.String()), 0o600); err != nil {
		return nil, each, nil
	}
	cfg := &packages.Config{
		Context: ctx, Mode: packages.LoadSyntax | packages.NeedModule, Dir: root,
		Env: append(os.Environ(), "GOWORK="+work),
	}
	pkgs, err := packages.Load(cfg, "work")
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, each, nil
	}
	broken := map[string]bool{}
	for _, p := range pkgs {
		if p.Module == nil {
			return nil, each, nil // a package of no module: not what was asked
		}
		if !listed[p.Module.Dir] {
			return nil, each, nil // a module the repository does not list
		}
		if len(p.Errors) > 0 {
			broken[p.Module.Dir] = true
		}
	}
	var ok []*packages.Package
	for _, p := range pkgs {
		if !broken[p.Module.Dir] {
			ok = append(ok, p)
		}
	}
	var redo []load
	for _, l := range each {
		if broken[l.dir] {
			redo = append(redo, l)
		}
	}
	found, err := analyze(root, ok)
	if err != nil {
		return nil, nil, err
	}
	return found, redo, nil
}
