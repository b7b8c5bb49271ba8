package protection_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/registry"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

// The txtar fixtures cover settings declared in .github/settings.yml.
// These tests cover settings read from GitHub: recorded answers in
// testdata/*.json (the `lockstep settings dump` format) go through
// github.FromSnapshot, as the CLI's live and --settings-snapshot paths do,
// and the findings land at the repository's logical location with the
// deciding source named.

// snapshotSettings reads testdata/name as a recorded snapshot.
func snapshotSettings(t *testing.T, name string) *github.Settings {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var snap github.Snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		t.Fatal(err)
	}
	s, err := github.FromSnapshot(&snap)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// output runs every rule over files with settings in place of whatever
// the files declare, and returns the text lines of rule id's findings.
func output(t *testing.T, files fstest.MapFS, settings *github.Settings, id string) string {
	t.Helper()
	ctx := context.Background()
	r, err := repo.Load(ctx, files, ".", repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r.Settings = settings
	findings, err := rules.Run(ctx, r, registry.All(), rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := range findings {
		f := &findings[i]
		if f.Rule.ID != id {
			continue
		}
		b.WriteString(f.String() + "\n")
		for _, l := range f.RelatedLines() {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

func TestLiveSettings(t *testing.T) {
	deploy := fstest.MapFS{".github/workflows/deploy.yml": {Data: []byte(`on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: kubectl apply -k deploy/production
  staging:
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - run: kubectl apply -k deploy/staging
  preview:
    runs-on: ubuntu-latest
    environment: preview
    steps:
      - run: kubectl apply -k deploy/preview
`)}}
	for _, tc := range []struct {
		snapshot, rule string
		files          fstest.MapFS
		want           string
	}{
		{"unprotected.json", "LS201", nil,
			`github:acme/shop@main: error: the default branch "main" is not protected: no branch protection or active ruleset applies to it, so anyone with write access can push to it directly, force-push or delete it [LS201 default-branch-unprotected]` + "\n"},
		{"unprotected.json", "LS003", nil, ""},
		{"unprotected.json", "LS207", nil, ""}, // LS201 says it all
		{"bypassed.json", "LS202", nil,
			`github:acme/shop@main: error: everyone with write access and app #29110 (through pull requests only) may bypass ruleset "org-baseline" (organization acme) on "main" [LS202 protection-bypassable]` + "\n" +
				`github:acme/shop@main: warning: repository admins may bypass classic branch protection on "main" (enforce_admins is off) [LS202 protection-bypassable]` + "\n" +
				`github:acme/shop@main: warning: user "release-bot" may bypass required pull request reviews on "main" [LS202 protection-bypassable]` + "\n"},
		{"bypassed.json", "LS204", nil, ""},
		{"bypassed.json", "LS206", nil, ""},
		{"no-checks.json", "LS204", nil,
			`github:acme/shop@main: error: no status check is required before merging into "main": a change that fails its tests can merge and deploy (per classic branch protection) [LS204 no-required-checks]` + "\n"},
		{"no-checks.json", "LS203", nil, ""},
		// Without admin rights, classic protection is unknown: LS201 and
		// LS204 stay silent and LS003 says why.
		{"no-admin.json", "LS201", nil, ""},
		{"no-admin.json", "LS204", nil, ""},
		{"no-admin.json", "LS003", nil,
			`github:acme/shop@main: warning: classic branch protection of main could not be read: the token's user is not an administrator of the repository, and GitHub shows branch protection only to administrators (HTTP 404) (GitHub: "Not Found"); what only classic protection could require was not checked; reading it needs Administration: read (fine-grained token or GitHub App) / repo scope and the admin role on the repository (classic token) [LS003 settings-unreadable]` + "\n"},
		{"environments.json", "LS209", deploy,
			`.github/workflows/deploy.yml:7:5: error: job "deploy" deploys to environment "production", which requires no reviewer and has no deployment branch policy: any branch can deploy to it without approval [LS209 unprotected-production-environment]` + "\n" +
				`    github:acme/shop@main: environment "production" has no protection rules` + "\n" +
				`.github/workflows/deploy.yml:12:5: warning: job "staging" deploys to environment "staging", which is not defined in the repository settings, so GitHub creates it unprotected when the job first runs [LS209 unprotected-production-environment]` + "\n" +
				`    github:acme/shop@main: the repository has no environment "staging"` + "\n"},
	} {
		t.Run(strings.TrimSuffix(tc.snapshot, ".json")+"/"+tc.rule, func(t *testing.T) {
			files := tc.files
			if files == nil {
				files = fstest.MapFS{}
			}
			got := output(t, files, snapshotSettings(t, tc.snapshot), tc.rule)
			if got != tc.want {
				t.Errorf("findings differ\n--- got\n%s--- want\n%s", got, tc.want)
			}
		})
	}
}

// TestEnvironmentsNotAsked: an audit that did not ask for the
// environments (github.FetchOptions) must not take their absence for
// "the environment does not exist", nor report a gap.
func TestEnvironmentsNotAsked(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "environments.json"))
	if err != nil {
		t.Fatal(err)
	}
	var snap github.Snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		t.Fatal(err)
	}
	snap.Environments = nil
	snap.NotAsked = []string{github.NotAskedEnvironments}
	s, err := github.FromSnapshot(&snap)
	if err != nil {
		t.Fatal(err)
	}
	files := fstest.MapFS{".github/workflows/deploy.yml": {Data: []byte(`on: push
jobs:
  staging:
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - run: kubectl apply -k deploy/staging
`)}}
	for _, id := range []string{"LS209", "LS003"} {
		if got := output(t, files, s, id); got != "" {
			t.Errorf("%s with environments not asked:\n%s", id, got)
		}
	}
	// The same snapshot with an empty list that was read: staging is missing.
	snap.NotAsked = nil
	snap.Environments = []*github.Exchange{{Path: "repos/acme/shop/environments?per_page=100", Status: 200,
		Body: json.RawMessage(`{"total_count": 0, "environments": []}`)}}
	s, err = github.FromSnapshot(&snap)
	if err != nil {
		t.Fatal(err)
	}
	if got := output(t, files, s, "LS209"); !strings.Contains(got, `which is not defined in the repository settings`) {
		t.Errorf("LS209 with an empty list read:\n%s", got)
	}
}
