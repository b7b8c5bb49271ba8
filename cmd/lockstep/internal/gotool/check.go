package gotool

import (
	"context"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/lockstep-lint/lockstep/analyzers"
	"github.com/lockstep-lint/lockstep/analyzers/repomodel"
	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/flags"
	"github.com/lockstep-lint/lockstep/rules/lint"
	"github.com/lockstep-lint/lockstep/rules/registry"
	"github.com/lockstep-lint/lockstep/rules/repo/gomod"
)

// Findings runs the Go-source analyzers over the Go packages of the
// session's repository for `lockstep check`. Packages that do not build
// are skipped with an LS001 note, so YAML rules are never held back by Go
// code; a repository without Go costs nothing.
func Findings(ctx context.Context, s *lint.GoSession) ([]rules.Finding, error) {
	if len(s.Go.GoModules) == 0 || len(enabledGoRules(s)) == 0 {
		return nil, nil
	}
	root, err := filepath.Abs(s.Dir)
	if err != nil {
		return nil, err
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		return []rules.Finding{note(root, "", token.Position{}, "Go source was not analyzed: the go command is not installed")}, nil
	}
	all := loads(root, s)
	if len(all) == 0 {
		return nil, nil
	}
	c := openCache()
	key, cacheOK := "", false
	if c != nil {
		key, cacheOK = cacheKey(root, gocmd, s, all)
	}
	// The flag definitions' digest waits for the whole repository: it is
	// taken once, and only when an entry is there or one is written.
	var rest string
	restOf := func() (string, bool) {
		if rest == "" {
			whole := s.Repo()
			if whole == nil {
				return "", false
			}
			rest = restDigest(whole)
		}
		return rest, true
	}
	if cacheOK {
		if found, ok := c.get(key, restOf); ok {
			return inDiff(s, found), nil
		}
	}
	out, err := analyzeModules(ctx, root, s, all)
	if err != nil {
		return nil, err
	}
	if cacheOK && !slices.ContainsFunc(out, func(f rules.Finding) bool { return f.Rule.ID == "LS001" }) {
		if r, ok := restOf(); ok {
			c.put(key, r, out)
		}
	}
	return inDiff(s, out), nil
}

// analyzeModules loads the modules of all, as workspaces where it can,
// and runs the analyzers over them.
func analyzeModules(ctx context.Context, root string, s *lint.GoSession, all []load) ([]rules.Finding, error) {
	repomodel.Preload(root, s.Repo)
	var out []rules.Finding
	var each []load
	// Workspaces of a bounded number of modules: one go command per
	// workspace, and only its packages in memory at a time.
	size := evenChunk(len(all), workspaceModules)
	for first := 0; first < len(all); first += size {
		chunk := all[first:min(first+size, len(all))]
		found, redo, err := loadWorkspace(ctx, root, s, chunk)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
		each = append(each, redo...)
		if first+size < len(all) {
			// The workspace's syntax trees and types are garbage now:
			// collect them before the next one loads, rather than let the
			// heap grow to twice the repository model plus both. After the
			// last one, the collector decides.
			runtime.GC()
		}
	}
	for _, load := range each {
		cfg := &packages.Config{Context: ctx, Mode: packages.LoadSyntax, Dir: load.dir}
		pkgs, err := packages.Load(cfg, load.pattern)
		if err != nil {
			out = append(out, note(root, load.gomod, token.Position{}, "Go packages of "+load.name+" were not analyzed: "+firstLine(err.Error())))
			continue
		}
		// One note per module, at the first error: a missing dependency
		// breaks every package that imports it, and one line says so.
		var ok []*packages.Package
		var broken []*packages.Package
		for _, p := range pkgs {
			if len(p.Errors) > 0 {
				broken = append(broken, p)
				continue
			}
			ok = append(ok, p)
		}
		if len(broken) > 0 {
			e := firstError(broken[0].Errors)
			what := "Go package " + broken[0].PkgPath + " was"
			if len(broken) > 1 {
				what = fmt.Sprintf("%d Go packages of %s (first %s) were", len(broken), load.name, broken[0].PkgPath)
			}
			out = append(out, note(root, load.gomod, position(e.Pos), fmt.Sprintf("%s not analyzed by the Go-source rules, since they do not build here: %s", what, firstLine(e.Msg))))
		}
		found, err := analyze(root, ok)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

// inDiff keeps, in diff mode, the findings of diff-only rules on lines the
// change adds.
func inDiff(s *lint.GoSession, out []rules.Finding) []rules.Finding {
	if s.Diff == nil {
		return out
	}
	kept := out[:0:0]
	for _, f := range out {
		if !f.Rule.DiffOnly || s.Diff.Adds(f.Path, f.Line) {
			kept = append(kept, f)
		}
	}
	return kept
}

// analyze runs the Go-source analyzers over pkgs.
func analyze(root string, pkgs []*packages.Package) ([]rules.Finding, error) {
	if len(pkgs) == 0 {
		return nil, nil
	}
	graph, err := checker.Analyze(analyzers.GoSource, pkgs, nil)
	if err != nil {
		return nil, err
	}
	var out []rules.Finding
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			if f, ok := repomodel.Finding(root, act.Package.Fset, d); ok {
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// enabledGoRules are the Go-source rules the session runs.
func enabledGoRules(s *lint.GoSession) []*rules.Meta {
	var out []*rules.Meta
	for _, m := range registry.Metas() {
		if m.Analyzer != "" && s.Enabled[m.ID] {
			out = append(out, m)
		}
	}
	return out
}

type load struct{ dir, pattern, name, gomod string }

// evenChunk is the size of the fewest chunks of at most limit that hold n
// items, spread evenly: 201 modules go in workspaces of 101 and 100, not
// 150 and 51, since the peak memory is that of the largest workspace, and
// a last chunk of fewer than minWorkspace is loaded module by module.
func evenChunk(n, limit int) int {
	if n <= limit {
		return max(n, 1)
	}
	chunks := (n + limit - 1) / limit
	return (n + chunks - 1) / chunks
}

// flagCallRules report only at calls of a flag SDK or in-house flag
// package (analyzers/flagcalls).
var flagCallRules = []*rules.Meta{flags.UndefinedFlag.Meta(), flags.DynamicFlagKey.Meta(), flags.RiskyFlagDefault.Meta()}

// onlyFlagCallRules reports whether every enabled Go-source rule is one of
// flagCallRules: then a module that cannot call a flag package need not be
// loaded. LS302 reports route registrations, which need no flag package.
func onlyFlagCallRules(s *lint.GoSession) bool {
	for _, m := range enabledGoRules(s) {
		if !slices.ContainsFunc(flagCallRules, func(f *rules.Meta) bool { return f.ID == m.ID }) {
			return false
		}
	}
	return true
}

// modMod reports GOFLAGS=-mod=mod, with which the go command completes a
// go.mod that lacks requirements instead of refusing it: go.mod files then
// do not list the whole build.
func modMod() bool {
	return slices.Contains(strings.Fields(os.Getenv("GOFLAGS")), "-mod=mod")
}

// loads is one package load per Go module, or one for a whole go.work
// workspace at the root (the work pattern matches all its modules). When
// only the rules about flag calls run, a module that cannot call a flag
// package (flags.MayEvaluate) is not loaded: it would only cost time, and
// its LS001 note when it does not build would be about rules with nothing
// to look at.
func loads(root string, s *lint.GoSession) []load {
	for _, w := range s.Go.GoWorks {
		if w.Dir == "." {
			return []load{{dir: root, pattern: "work", name: "the go.work workspace", gomod: w.Path}}
		}
	}
	mayEvaluate := func(*gomod.Module) bool { return true }
	if onlyFlagCallRules(s) && !modMod() {
		mayEvaluate = flags.MayEvaluate(s.Go)
	}
	var out []load
	for _, m := range s.Go.GoModules {
		if !mayEvaluate(m) {
			continue // nothing to find, and type-checking is most of a check's time
		}
		out = append(out, load{dir: filepath.Join(root, filepath.FromSlash(m.Dir)), pattern: "./...", name: "module " + m.Module.Value, gomod: m.Path})
	}
	return out
}

// note is an LS001 finding about Go code that could not be analyzed, at
// the error's position when it is in the repository, else on go.mod.
func note(root, gomod string, pos token.Position, msg string) rules.Finding {
	f := rules.Finding{Rule: registry.Lookup("LS001"), Severity: rules.Note, Message: msg}
	if pos.Filename != "" {
		if rel, err := filepath.Rel(root, pos.Filename); err == nil && !strings.HasPrefix(rel, "..") {
			f.Location = rules.Location{Path: filepath.ToSlash(rel), Line: pos.Line, Column: pos.Column}
			return f
		}
	}
	if gomod != "" {
		f.Location = rules.Location{Path: path.Clean(gomod), Line: 1, Column: 1}
	} else {
		f.Location = rules.Logical("go")
	}
	return f
}

// position parses a packages.Error position, "file:line:col".
func position(s string) token.Position {
	parts := strings.Split(s, ":")
	if len(parts) < 2 {
		return token.Position{}
	}
	var p token.Position
	n := len(parts)
	if c, err := strconv.Atoi(parts[n-1]); err == nil && n >= 3 {
		if l, err := strconv.Atoi(parts[n-2]); err == nil {
			return token.Position{Filename: strings.Join(parts[:n-2], ":"), Line: l, Column: c}
		}
	}
	if l, err := strconv.Atoi(parts[n-1]); err == nil {
		p = token.Position{Filename: strings.Join(parts[:n-1], ":"), Line: l}
	}
	return p
}

// firstError prefers an error with a position (a type error) to the
// build's summary, which has none.
func firstError(errs []packages.Error) packages.Error {
	for _, e := range errs {
		if e.Pos != "" && e.Pos != "-" {
			return e
		}
	}
	return errs[0]
}

// firstLine is the first line of a message that says something, skipping
// the go command's "# package" headers.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return strings.TrimSpace(s)
}
