package fakegithub

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/lint"
)

// ruleIDs runs lockstep on the repository's files and returns the IDs of
// what it found.
func ruleIDs(t *testing.T, r *Repo) []string {
	t.Helper()
	dir := t.TempDir()
	for p, content := range r.Files() {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := lint.Run(context.Background(), lint.Options{Dir: dir})
	if err != nil {
		t.Fatalf("%s: %v", r.Name, err)
	}
	var ids []string
	for _, f := range res.Findings {
		ids = append(ids, f.Rule.ID)
	}
	return ids
}

func family(ids []string, prefix string) []string {
	var out []string
	for _, id := range ids {
		if strings.HasPrefix(id, prefix) {
			out = append(out, id)
		}
	}
	return out
}

// TestLockstepTellsTheKindsApart: the contents are what lockstep's rules
// react to, so an audit of the organization has something to find.
func TestLockstepTellsTheKindsApart(t *testing.T) {
	org := Generate(OrgOptions{Repos: 100, Seed: 12})
	for _, kind := range []Kind{BigBang, Independent, InvalidYAML, Coupled, SettingsFile, Library} {
		repo := firstOf(t, org, func(r *Repo) bool { return r.Kind == kind && r.DefaultBranch == "main" })
		ids := ruleIDs(t, repo)
		t.Logf("%s (%s): %v", repo.Name, kind, ids)
		bigbang := family(ids, "LS1")
		switch kind {
		case BigBang:
			if len(bigbang) == 0 {
				t.Errorf("%s: no big-bang finding in a release-train monorepo", repo.Name)
			}
		case InvalidYAML:
			if !slices.Contains(ids, "LS001") {
				t.Errorf("%s: the damaged YAML went unnoticed", repo.Name)
			}
		case Coupled:
			if !slices.Contains(ids, "LS402") {
				t.Errorf("%s: no shared-module finding", repo.Name)
			}
		case SettingsFile:
			if slices.Contains(ids, "LS201") || len(bigbang) > 0 {
				t.Errorf("%s: a protected independent service has findings %v", repo.Name, ids)
			}
		default:
			if len(bigbang) > 0 || slices.Contains(ids, "LS001") {
				t.Errorf("%s: an independent repository has findings %v", repo.Name, ids)
			}
		}
	}
}
