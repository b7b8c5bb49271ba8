// Package repomodel is the analyzer every lockstep analyzer requires: it
// finds the repository a package belongs to and runs lockstep over it,
// once per process and repository, however many packages ask. It also
// decides which package reports which repository finding, so that each
// one appears exactly once per `go vet ./...` or `golangci-lint run ./...`
// even though go vet starts one process per package.
package repomodel

import (
	"context"
	"fmt"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/config"
	"github.com/lockstep-lint/lockstep/rules/lint"
	"github.com/lockstep-lint/lockstep/rules/registry"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
	"github.com/lockstep-lint/lockstep/rules/repo/gosrc"
)

// Options configure the analyzers; the golangci-lint plugin decodes them
// from its settings, go vet and the standalone checker from flags.
type Options struct {
	Config   string   // .lockstep.yml to use; "" finds it from the repository
	Enable   []string // rule IDs or names
	Disable  []string
	Baseline string // baseline file; "" uses the configuration's
	// MinSeverity hides findings below it; the zero value means warning,
	// as `lockstep check --fail-on` defaults to.
	MinSeverity rules.Severity
	// Settings reads the repository's GitHub settings; nil keeps
	// .github/settings.yml, so analyzers never use the network unless
	// asked.
	Settings func(ctx context.Context, dir string) (*github.Settings, error)
	// Rules holds per-rule settings in the shape of .lockstep.yml's rules:
	// section; they override the file's.
	Rules map[string]any
}

// Model is the checked repository a package belongs to.
type Model struct {
	Root   string // absolute path of the repository root
	Repo   *repo.Repo
	Result *lint.Result

	modules     []*module
	primary     *module
	minSeverity rules.Severity
}

type module struct {
	dir    string // relative to Root, slash-separated
	gomod  string // absolute path of go.mod
	anchor string // the package directory that reports for the module
}

// Analyzer loads the Model with default options; New makes one with others.
var Analyzer = New(Options{})

// New returns a loader analyzer with the given options. Its flags (used by
// go vet and the standalone checker) start from them.
func New(o Options) *analysis.Analyzer {
	l := &loader{opts: o, enable: strings.Join(o.Enable, ","), disable: strings.Join(o.Disable, ",")}
	a := &analysis.Analyzer{
		Name:       "lockstep",
		Doc:        "load lockstep's model of the repository that holds the package and check it\n\nThe other lockstep analyzers require it; it reports nothing itself.",
		URL:        rules.DocsURL,
		Run:        l.run,
		ResultType: reflect.TypeOf((*Model)(nil)),
	}
	a.Flags.StringVar(&l.opts.Config, "config", o.Config, "lockstep configuration `file` (default: .lockstep.yml of the repository)")
	a.Flags.StringVar(&l.enable, "enable", l.enable, "comma-separated rule IDs or names to enable")
	a.Flags.StringVar(&l.disable, "disable", l.disable, "comma-separated rule IDs or names to disable")
	a.Flags.StringVar(&l.opts.Baseline, "baseline", o.Baseline, "hide findings recorded in this baseline `file`")
	a.Flags.Func("severity", "report findings at least this severe: note, warning or error (default warning)", func(s string) error {
		sev, err := rules.ParseSeverity(s)
		if err != nil {
			return err
		}
		l.opts.MinSeverity = sev
		return nil
	})
	return a
}

type loader struct {
	opts            Options
	enable, disable string
}

func (l *loader) run(pass *analysis.Pass) (any, error) {
	dir := PackageDir(pass)
	if dir == "" {
		// A package made by the build, such as a test main: nothing of
		// the repository to report there.
		return (*Model)(nil), nil
	}
	o := l.opts
	o.Enable, o.Disable = split(l.enable), split(l.disable)
	return Load(context.Background(), RootOf(dir), o)
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// PackageDir is the absolute directory of the pass's Go files.
func PackageDir(pass *analysis.Pass) string {
	cache := os.Getenv("GOCACHE")
	for _, f := range pass.Files {
		name := pass.Fset.File(f.FileStart).Name()
		// With cgo some files live in the build cache.
		if filepath.Ext(name) != ".go" || (cache != "" && strings.HasPrefix(name, cache)) || strings.Contains(name, "go-build") {
			continue
		}
		if abs, err := filepath.Abs(filepath.Dir(name)); err == nil {
			return abs
		}
	}
	return ""
}

// RootOf finds the repository root above dir: the nearest directory that
// holds a lockstep configuration, a go.work or .git; failing those, the
// nearest holding go.mod; failing that, dir itself.
func RootOf(dir string) string {
	gomod := ""
	for d := dir; ; {
		for _, marker := range []string{".lockstep.yml", ".lockstep.yaml", "go.work", ".git"} {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d
			}
		}
		if gomod == "" {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				gomod = d
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if gomod != "" {
		return gomod
	}
	return dir
}

type entry struct {
	once  sync.Once
	model *Model
	err   error

	whole func() *repo.Repo // set by Preload
}

var (
	cache sync.Map // cacheKey -> *entry

	loadsMu sync.Mutex
	loads   = map[string]int{} // how often each root was loaded; for tests
)

type cacheKey struct {
	root string
	opts string
}

// Load returns the checked model of the repository at root, computing it
// at most once per process for the same root and options.
func Load(ctx context.Context, root string, o Options) (*Model, error) {
	key := cacheKey{root, optionsKey(o)}
	v, _ := cache.LoadOrStore(key, new(entry))
	e := v.(*entry)
	e.once.Do(func() {
		whole := e.whole
		if whole == nil {
			e.model, e.err = load(ctx, root, o)
			return
		}
		if r := whole(); r != nil {
			e.model = &Model{Root: root, Repo: r}
		} else {
			e.err = fmt.Errorf("lockstep: the repository at %s did not load", root)
		}
	})
	return e.model, e.err
}

func optionsKey(o Options) string {
	return fmt.Sprintf("%q %q %q %q %d %p %v", o.Config, o.Enable, o.Disable, o.Baseline, o.MinSeverity, o.Settings, o.Rules)
}

// Loads reports how many times the repository at root was loaded in this
// process.
func Loads(root string) int {
	loadsMu.Lock()
	defer loadsMu.Unlock()
	return loads[root]
}

func load(ctx context.Context, root string, o Options) (*Model, error) {
	loadsMu.Lock()
	loads[root]++
	loadsMu.Unlock()

	lo := lint.Options{Dir: root, Config: o.Config, Enable: o.Enable, Disable: o.Disable, Baseline: o.Baseline, Rules: o.Rules, Settings: o.Settings, GoSourceElsewhere: true}
	res, err := lint.Run(ctx, lo)
	if err != nil {
		return nil, fmt.Errorf("lockstep: %w", err)
	}
	min := o.MinSeverity
	if min == rules.SeverityDefault {
		min = rules.Warning
	}
	kept := res.Findings[:0:0]
	for _, f := range res.Findings {
		if f.Severity >= min {
			kept = append(kept, f)
		}
	}
	res.Findings = kept
	m := &Model{Root: root, Repo: res.Repo, Result: res, minSeverity: min}
	m.assign()
	return m, nil
}

// assign picks, for every Go module of the repository, the package that
// reports the module's findings: the first directory, in lexical order, of
// a package that every build includes. Findings outside every module go
// to the primary module, the shallowest one.
func (m *Model) assign() {
	r := m.Result.Repo
	for _, gm := range r.GoModules {
		m.modules = append(m.modules, &module{dir: gm.Dir, gomod: filepath.Join(m.Root, filepath.FromSlash(gm.Path))})
	}
	sort.Slice(m.modules, func(i, j int) bool { return m.modules[i].dir < m.modules[j].dir })
	for _, p := range r.GoPackages {
		if !reported(p) {
			continue
		}
		if mod := m.enclosing(p.Dir, false); mod != nil && (mod.anchor == "" || p.Dir < mod.anchor) {
			mod.anchor = p.Dir
		}
	}
	for _, mod := range m.modules {
		if mod.anchor == "" {
			continue
		}
		if m.primary == nil || depth(mod.dir) < depth(m.primary.dir) {
			m.primary = mod
		}
	}
}

// reported tells whether go vet ./... and golangci-lint run ./... analyze
// the package: not an external test package, not only tests or ignored
// files, and not under a directory the go command skips.
func reported(p *gosrc.Package) bool {
	if strings.HasSuffix(p.Name, "_test") {
		return false
	}
	for _, el := range strings.Split(p.Dir, "/") {
		if el != "." && (strings.HasPrefix(el, ".") || strings.HasPrefix(el, "_")) {
			return false
		}
	}
	for _, f := range p.Files {
		if !f.Test && !f.BuildIgnored {
			return true
		}
	}
	return false
}

func depth(dir string) int {
	if dir == "." {
		return 0
	}
	return strings.Count(dir, "/") + 1
}

// enclosing is the innermost module holding the slash path p; with
// anchored, only modules that have a reporting package count.
func (m *Model) enclosing(p string, anchored bool) *module {
	var best *module
	for _, mod := range m.modules {
		if anchored && mod.anchor == "" {
			continue
		}
		if mod.dir == "." || p == mod.dir || strings.HasPrefix(p, mod.dir+"/") {
			if best == nil || len(mod.dir) > len(best.dir) {
				best = mod
			}
		}
	}
	return best
}

// owner is the module whose reporting package reports a finding.
func (m *Model) owner(f *rules.Finding) *module {
	if f.Path != "" {
		if mod := m.enclosing(path.Clean(f.Path), true); mod != nil {
			return mod
		}
	}
	return m.primary
}

// Reporter is the share of the repository's findings one package reports.
type Reporter struct {
	Model *Model
	mod   *module
}

var claimed sync.Map // root, module and analyzer name -> struct{}

// ReporterFor returns the reporter of the pass's package for the analyzer
// named name, or nil when the package reports nothing: it does not anchor
// a module, or another pass of this process (a test variant of the same
// package) already reported.
func (m *Model) ReporterFor(pass *analysis.Pass, name string) *Reporter {
	if m == nil || m.Result == nil {
		return nil
	}
	dir := PackageDir(pass)
	rel, err := filepath.Rel(m.Root, dir)
	if err != nil || pass.Pkg == nil || strings.HasSuffix(pass.Pkg.Name(), "_test") {
		return nil
	}
	rel = filepath.ToSlash(rel)
	mod := m.enclosing(rel, true)
	if mod == nil || mod.anchor != rel {
		return nil
	}
	if _, dup := claimed.LoadOrStore(m.Root+"\x00"+mod.dir+"\x00"+name, struct{}{}); dup {
		return nil
	}
	return &Reporter{Model: m, mod: mod}
}

// Findings returns the findings of the category this reporter reports.
func (r *Reporter) Findings(cat rules.Category) []rules.Finding {
	var out []rules.Finding
	for _, f := range r.Model.Result.Findings {
		if f.Rule.Category == cat && r.Model.owner(&f) == r.mod {
			out = append(out, f)
		}
	}
	return out
}

// GoMod is the absolute path of the go.mod of the reporter's module.
func (r *Reporter) GoMod() string { return r.mod.gomod }

// Keep reports whether a Go-source analyzer's diagnostic survives the
// repository's configuration, as in `lockstep check`: its rule is enabled,
// no lockstep:ignore directive silences it, the baseline does not hold it
// and it is at least as severe as asked.
func (m *Model) Keep(pass *analysis.Pass, d analysis.Diagnostic) bool {
	if m == nil || m.Result == nil {
		return true
	}
	meta := registry.Lookup(d.Category)
	if meta == nil {
		return true
	}
	if !m.Result.Enabled[meta.ID] {
		return false
	}
	f, ok := Finding(m.Root, pass.Fset, d)
	if !ok {
		return true
	}
	kept, _, _ := config.Suppress(m.Repo, []rules.Finding{f}, registry.Lookup, m.Result.Enabled)
	if len(kept) == 0 {
		return false
	}
	rules.Finish(m.Repo, kept, m.Result.RuleOptions.Severity)
	if b := m.Result.Baseline; b != nil {
		if kept, _ = b.Filter(kept); len(kept) == 0 {
			return false
		}
	}
	return kept[0].Severity >= m.minSeverity
}

// Preload hands the analyzers the repository `lockstep check` loads, so
// that running them there does not load it again. The analyzers start
// before the load ends; whole waits for it, and returns nil when it
// failed. Each check's repository replaces the one before: a process
// may check a tree, change it and check it again.
func Preload(root string, whole func() *repo.Repo) {
	cache.Store(cacheKey{root, optionsKey(Options{})}, &entry{whole: whole})
}

// Finding is a diagnostic of a lockstep rule as a finding, with paths
// relative to root; ok is false for diagnostics of other analyzers and
// for positions outside root (a dependency's files).
func Finding(root string, fset *token.FileSet, d analysis.Diagnostic) (f rules.Finding, ok bool) {
	m := registry.Lookup(d.Category)
	if m == nil {
		return f, false
	}
	loc, ok := location(root, fset.Position(d.Pos))
	if !ok {
		return f, false
	}
	f = rules.Finding{Rule: m, Message: d.Message, Location: loc}
	for _, r := range d.Related {
		if rl, ok := location(root, fset.Position(r.Pos)); ok {
			f.Related = append(f.Related, rules.Related{Location: rl, Message: r.Message})
		}
	}
	return f, true
}

func location(root string, p token.Position) (rules.Location, bool) {
	rel, err := filepath.Rel(root, p.Filename)
	if err != nil || strings.HasPrefix(rel, "..") {
		return rules.Location{}, false
	}
	return rules.Location{Path: filepath.ToSlash(rel), Line: p.Line, Column: p.Column}, true
}
