// Package repomodel is the analyzer every lockstep analyzer requires: it
// finds the repository a package belongs to and loads lockstep's model of
// it, once per process and repository root, however many packages ask.
package repomodel

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/lockstep-lint/lockstep/rules/repo"
)

// Model is the repository a package belongs to.
type Model struct {
	Root string // absolute path of the repository root
	Repo *repo.Repo
}

// Analyzer loads the Model; it reports nothing itself.
var Analyzer = &analysis.Analyzer{
	Name:       "lockstep",
	Doc:        "load lockstep's model of the repository that holds the package",
	Run:        run,
	ResultType: reflect.TypeOf((*Model)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	dir := PackageDir(pass)
	if dir == "" {
		return nil, errors.New("lockstep: cannot tell the package's directory")
	}
	return Load(context.Background(), RootOf(dir))
}

// PackageDir is the directory of the pass's package files.
func PackageDir(pass *analysis.Pass) string {
	for _, f := range pass.Files {
		name := pass.Fset.File(f.FileStart).Name()
		if filepath.Ext(name) == ".go" && !inBuildCache(name) {
			return filepath.Dir(name)
		}
	}
	return ""
}

func inBuildCache(name string) bool {
	cache, err := os.UserCacheDir()
	return err == nil && len(name) > len(cache) && name[:len(cache)] == cache
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
}

var cache sync.Map // root -> *entry

// Load returns the model of the repository at root, loading it at most once
// per process.
func Load(ctx context.Context, root string) (*Model, error) {
	v, _ := cache.LoadOrStore(root, new(entry))
	e := v.(*entry)
	e.once.Do(func() {
		r, err := repo.LoadDir(ctx, root, repo.Options{})
		e.model, e.err = &Model{Root: root, Repo: r}, err
	})
	return e.model, e.err
}
