package ci

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/corpus"
)

// pairwiseServiceJobs is ServiceJobs's definition, each job against each
// service's directories: the index by directory must give the same links.
func pairwiseServiceJobs(r *repo.Repo) map[string][]*Job {
	dirs := serviceDirs(r)
	out := map[string][]*Job{}
	for _, p := range FromRepo(r) {
		for _, j := range p.Jobs {
			for _, s := range r.Services {
				if touchesPairwise(j, dirs[s.Name]) {
					out[s.Name] = append(out[s.Name], j)
				}
			}
		}
	}
	return out
}

func touchesPairwise(j *Job, dirs []string) bool {
	for _, p := range jobPaths(j) {
		for _, d := range dirs {
			if p == d || strings.HasPrefix(p, d+"/") {
				return true
			}
		}
	}
	return false
}

func TestServiceJobsIndexMatchesPairwise(t *testing.T) {
	gen := t.TempDir()
	if _, err := corpus.Write(gen, corpus.Options{Services: 40, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{gen, filepath.Join("..", "..", "..", "testdata", "examples", "ivory-jenga")} {
		r, err := repo.LoadDir(context.Background(), dir, repo.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, want := serviceJobs(r), pairwiseServiceJobs(r)
		if len(want) == 0 {
			t.Fatalf("%s: no service is linked to a job", dir)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: indexed links differ from pairwise ones", dir)
		}
	}
}

func TestMarkWithin(t *testing.T) {
	byDir := map[string][]string{"deploy": {"all"}, "deploy/a": {"a"}, "deploy/ab": {"ab"}, ".": {"root"}, "": {"empty"}}
	for p, want := range map[string][]string{
		"deploy/a/x.yaml": {"a", "all"},
		"deploy/a":        {"a", "all"},
		"deploy/abc":      {"all"},
		"deploy":          {"all"},
		"./x":             {"root"},
		"/deploy/a":       {"empty"},
		"other/deploy/a":  nil,
	} {
		touched := map[string]bool{}
		markWithin(p, byDir, touched)
		var names []string
		for n := range touched {
			names = append(names, n)
		}
		if len(names) != len(want) {
			t.Errorf("%q: marked %v, want %v", p, names, want)
			continue
		}
		for _, n := range want {
			if !touched[n] {
				t.Errorf("%q: marked %v, want %v", p, names, want)
			}
		}
	}
}
