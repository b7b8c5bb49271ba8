package ruletest

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
)

var update = flag.Bool("update", false, "rewrite the want sections of rule fixtures")

// Fixture is one txtar case.
type Fixture struct {
	Path    string
	Comment string
	Files   map[string]string
	Want    string
}

// Firing reports whether the fixture expects findings.
func (f *Fixture) Firing() bool { return strings.TrimSpace(f.Want) != "" }

// ReadFixtures reads every *.txtar under dir.
func ReadFixtures(dir string) ([]*Fixture, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []*Fixture
	for _, name := range names {
		a, err := txtar.ParseFile(name)
		if err != nil {
			return nil, err
		}
		fx := &Fixture{Path: name, Comment: string(a.Comment), Files: map[string]string{}}
		for _, f := range a.Files {
			if f.Name == "want" {
				fx.Want = string(f.Data)
				continue
			}
			fx.Files[f.Name] = string(f.Data)
		}
		out = append(out, fx)
	}
	return out, nil
}

// Run checks every fixture of one rule, rewriting want sections with
// -update.
func Run(t *testing.T, dir, ruleID string) {
	t.Helper()
	fixtures, err := ReadFixtures(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, fx := range fixtures {
		t.Run(strings.TrimSuffix(filepath.Base(fx.Path), ".txtar"), func(t *testing.T) {
			got, err := Output(fx.Files, ruleID)
			if errors.Is(err, gittest.ErrNoGit) {
				t.Skip("git is not installed; diff-mode fixtures need it")
			}
			if err != nil {
				t.Fatalf("%s: %v", fx.Path, err)
			}
			if *update {
				if err := rewriteWant(fx.Path, got); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != fx.Want {
				t.Errorf("%s: findings differ\n--- got\n%s--- want\n%s", fx.Path, got, fx.Want)
			}
		})
	}
}

func rewriteWant(name, want string) error {
	a, err := txtar.ParseFile(name)
	if err != nil {
		return err
	}
	var files []txtar.File
	for _, f := range a.Files {
		if f.Name != "want" {
			files = append(files, f)
		}
	}
	files = append(files, txtar.File{Name: "want", Data: []byte(want)})
	a.Files = files
	return os.WriteFile(name, txtar.Format(a), 0o644)
}
