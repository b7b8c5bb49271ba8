// Package flagtest runs the flag analyzers' tests: analysistest over a
// temporary GOPATH holding the stub SDKs and routers of this package's
// testdata (one copy for every analyzer) plus the analyzer's own
// testdata/src, and the runnable example of each rule's documentation.
package flagtest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/ruletest"
)

// stubs is this package's testdata directory.
func stubs() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata")
}

// gopath builds a GOPATH with the stubs and the trees under extra.
func gopath(t *testing.T, extra ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, src := range append([]string{stubs()}, extra...) {
		if err := copyTree(src, dir); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Run checks the "// want" comments of the packages of ./testdata/src.
func Run(t *testing.T, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	return analysistest.Run(t, gopath(t, "testdata"), a, pkgs...)
}

// RunDoc runs the example of the rule's documentation through the
// analyzer: the findings must be the doc's output lines exactly, and the
// doc's fix must leave none.
func RunDoc(t *testing.T, a *analysis.Analyzer, m *rules.Meta) {
	t.Helper()
	ex, err := ruletest.ParseDoc(m.Doc)
	if err != nil {
		t.Fatalf("%s: %v", m.ID, err)
	}
	if got := docOutput(t, a, m, ex.Files); got != ex.Output {
		t.Errorf("%s: the doc's example output is stale\n--- got\n%s--- doc shows\n%s", m.ID, got, ex.Output)
	}
	if len(ex.Fix) == 0 {
		t.Fatalf("%s: the doc's Fix section shows no file", m.ID)
	}
	fixed := map[string]string{}
	for k, v := range ex.Files {
		fixed[k] = v
	}
	for k, v := range ex.Fix {
		fixed[k] = v
	}
	if got := docOutput(t, a, m, fixed); got != "" {
		t.Errorf("%s: the doc's fix does not fix the example; still reported:\n%s", m.ID, got)
	}
}

// docPkg is where a doc example's files go; the empty .lockstep.yml
// makes the package directory the repository root.
const docPkg = "example.com/doc"

func docOutput(t *testing.T, a *analysis.Analyzer, m *rules.Meta, files map[string]string) string {
	t.Helper()
	dir := gopath(t)
	pkgDir := filepath.Join(dir, "src", filepath.FromSlash(docPkg))
	files[".lockstep.yml"] = ""
	for name, data := range files {
		p := filepath.Join(pkgDir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	delete(files, ".lockstep.yml")
	c := &collector{t: t}
	var lines []string
	for _, res := range analysistest.Run(c, dir, a, docPkg) {
		for _, d := range res.Diagnostics {
			pos := res.Pass.Fset.Position(d.Pos)
			rel, _ := filepath.Rel(pkgDir, pos.Filename)
			lines = append(lines, fmt.Sprintf("%s:%d:%d: %s: %s [%s %s]", filepath.ToSlash(rel), pos.Line, pos.Column, m.Severity, d.Message, m.ID, m.Name))
		}
	}
	sort.Strings(lines)
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// collector receives analysistest's complaints: a doc example has no
// "// want" comments, so its diagnostics are all "unexpected"; anything
// else (the example does not load or type-check) fails the test.
type collector struct{ t *testing.T }

func (c *collector) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !strings.Contains(msg, "unexpected diagnostic") {
		c.t.Errorf("%s", msg)
	}
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
