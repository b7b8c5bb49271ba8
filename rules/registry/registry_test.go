package registry_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/registry"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
	"github.com/lockstep-lint/lockstep/rules/ruletest"
)

const fixtures = "../../testdata/rules"

func TestMetadata(t *testing.T) {
	ids := map[string]bool{}
	names := map[string]bool{}
	var order []string
	for _, m := range registry.Metas() {
		if err := m.Validate(); err != nil {
			t.Error(err)
		}
		if ids[m.ID] || names[m.Name] {
			t.Errorf("%s %s: duplicate ID or name", m.ID, m.Name)
		}
		ids[m.ID], names[m.Name] = true, true
		order = append(order, m.ID)
	}
	if !sort.StringsAreSorted(order) {
		t.Errorf("registry.All is not sorted by ID: %v", order)
	}
}

// TestFixtures runs every rule's fixtures and insists on at least one
// firing and one clean case per rule. A rule about Go source has no
// repository fixtures: its analyzer's analysistest packages take their
// place (TestGoSourceRules).
func TestFixtures(t *testing.T) {
	for _, m := range registry.Metas() {
		if m.Analyzer != "" {
			continue
		}
		t.Run(m.ID, func(t *testing.T) {
			dir := filepath.Join(fixtures, m.ID)
			fx, err := ruletest.ReadFixtures(dir)
			if err != nil {
				t.Fatal(err)
			}
			var firing, clean int
			for _, f := range fx {
				if f.Firing() {
					firing++
				} else {
					clean++
				}
			}
			if firing == 0 || clean == 0 {
				t.Errorf("%s needs at least one firing and one clean fixture in %s (has %d firing, %d clean)", m.ID, dir, firing, clean)
			}
			ruletest.Run(t, dir, m.ID)
		})
	}
}

// TestDocExamples runs the example of every rule's documentation and
// checks the output it shows, then applies the documented fix and checks
// that the rule no longer fires.
func TestDocExamples(t *testing.T) {
	for _, m := range registry.Metas() {
		if m.Analyzer != "" {
			continue // run by the analyzer's own test (flagtest.RunDoc)
		}
		t.Run(m.ID, func(t *testing.T) {
			ex, err := ruletest.ParseDoc(m.Doc)
			if err != nil {
				t.Fatalf("%s: %v", m.ID, err)
			}
			got, err := ruletest.Output(ex.Files, m.ID)
			if errors.Is(err, gittest.ErrNoGit) {
				t.Skip("git is not installed; diff-mode examples need it")
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != ex.Output {
				t.Errorf("%s: the doc's example output is stale\n--- got\n%s--- doc shows\n%s", m.ID, got, ex.Output)
			}
			if len(ex.Fix) == 0 {
				t.Fatalf("%s: the doc's Fix section shows no file (start a block with \"# path\")", m.ID)
			}
			fixed := map[string]string{}
			for k, v := range ex.Files {
				fixed[k] = v
			}
			for k, v := range ex.Fix {
				fixed[k] = v
			}
			got, err = ruletest.Output(fixed, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got != "" {
				t.Errorf("%s: the doc's fix does not fix the example; still reported:\n%s", m.ID, got)
			}
		})
	}
}

// TestGoSourceRules holds each rule about Go source to what fixtures and
// doc examples are for the other rules: its analyzer's package exists,
// its testdata has analysistest packages with expected diagnostics, and
// its test runs the doc example through the analyzer. rules/ cannot
// import analyzers/, so this checks the files.
func TestGoSourceRules(t *testing.T) {
	for _, m := range registry.Metas() {
		if m.Analyzer == "" {
			continue
		}
		t.Run(m.ID, func(t *testing.T) {
			dir := filepath.Join("..", "..", filepath.FromSlash(m.Analyzer))
			wants := 0
			_ = filepath.WalkDir(filepath.Join(dir, "testdata", "src"), func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
					data, _ := os.ReadFile(p)
					wants += strings.Count(string(data), "// want `")
				}
				return nil
			})
			if wants == 0 {
				t.Errorf("%s: %s/testdata/src has no analysistest package with a // want comment", m.ID, m.Analyzer)
			}
			tests, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
			var runsDoc bool
			for _, f := range tests {
				data, _ := os.ReadFile(f)
				runsDoc = runsDoc || strings.Contains(string(data), "RunDoc(")
			}
			if !runsDoc {
				t.Errorf("%s: no test in %s runs the doc example (flagtest.RunDoc)", m.ID, m.Analyzer)
			}
		})
	}
}
