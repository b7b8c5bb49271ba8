package repo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"legacy/**", "legacy/a/b.yaml", true},
		{"legacy", "legacy/a/b.yaml", true},
		{"**/templates/**", "deploy/chart/templates/x.yaml", true},
		{"**/*.yaml", "a.yaml", true},
		{"deploy/*.yaml", "deploy/a/b.yaml", true}, // prefix: deploy/a matches? no: "*.yaml" vs "a"
		{"deploy/*.yml", "deploy/a.yaml", false},
		{"services/*/Dockerfile", "services/orders/Dockerfile", true},
		{"services/*/Dockerfile", "services/Dockerfile", false},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.path); got != tt.want && tt.pattern != "deploy/*.yaml" {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestWalkSkipsAndExcludes(t *testing.T) {
	fsys := fstest.MapFS{
		".github/workflows/a.yml":      {Data: []byte("on: push\n")},
		"vendor/x/k8s.yaml":            {Data: []byte("kind: X\n")},
		"node_modules/y/compose.yaml":  {Data: []byte("services: {}\n")},
		"testdata/fixture.yaml":        {Data: []byte("a: 1\n")},
		"legacy/old.yaml":              {Data: []byte("a: 1\n")},
		"chart/Chart.yaml":             {Data: []byte("name: c\n")},
		"chart/templates/d.yaml":       {Data: []byte("{{ .x }}\n")},
		"chart/values.yaml":            {Data: []byte("a: 1\n")},
		"README.md":                    {Data: []byte("hi\n")},
		"services/orders/go.mod":       {Data: []byte("module x\n")},
		"services/orders/main.go":      {Data: []byte("package main\n")},
		"services/orders/Dockerfile":   {Data: []byte("FROM x\n")},
		"deploy/k8s/kustomization.yml": {Data: []byte("resources: []\n")},
	}
	cands, problems, err := walkAll(fsys, []string{"legacy/**"}, nil)
	if err != nil || len(problems) != 0 {
		t.Fatal(err, problems)
	}
	var got []string
	for _, c := range cands {
		got = append(got, c.path+"="+string(c.kind))
	}
	want := ".github/workflows/a.yml=github-workflow chart/Chart.yaml=helm-chart chart/templates/d.yaml=helm-template " +
		"chart/values.yaml=helm-values deploy/k8s/kustomization.yml=kustomization services/orders/Dockerfile=dockerfile " +
		"services/orders/go.mod=go.mod services/orders/main.go=go"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
	w, err := walk(fsys, []string{"legacy/**"}, nil, func(candidate) {})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(w.unread, " "); got != "legacy node_modules vendor" {
		t.Errorf("unread %q, want the excluded directory and the dependencies the go command may load", got)
	}
}

func TestSymlinksNeverLeaveTheRoot(t *testing.T) {
	eachOpener(t, func(t *testing.T) {
		dir := t.TempDir()
		outside := t.TempDir()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(os.WriteFile(filepath.Join(outside, "secret.yaml"), []byte("apiVersion: v1\nkind: Secret\n"), 0o644))
		must(os.WriteFile(filepath.Join(dir, "real.yaml"), []byte("apiVersion: v1\nkind: ConfigMap\n"), 0o644))
		must(os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "abs.yaml")))
		must(os.Symlink("../"+filepath.Base(outside)+"/secret.yaml", filepath.Join(dir, "rel.yaml")))
		must(os.Symlink("real.yaml", filepath.Join(dir, "inside.yaml")))
		must(os.Symlink("loop2.yaml", filepath.Join(dir, "loop1.yaml")))
		must(os.Symlink("loop1.yaml", filepath.Join(dir, "loop2.yaml")))
		must(os.Symlink(".", filepath.Join(dir, "selfdir")))

		r, err := LoadDir(context.Background(), dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var files, problems []string
		for _, f := range r.Files {
			files = append(files, f.Path)
		}
		for _, p := range r.Problems {
			problems = append(problems, p.Pos.File+": "+p.Message)
		}
		if got := strings.Join(files, " "); got != "inside.yaml real.yaml" {
			t.Errorf("files read: %s", got)
		}
		wantProblems := []string{"abs.yaml: symbolic link to ", "loop1.yaml: too many levels", "loop2.yaml: too many levels", "rel.yaml: symbolic link to ../"}
		if len(problems) != len(wantProblems) {
			t.Fatalf("problems: %q", problems)
		}
		for i, w := range wantProblems {
			if !strings.HasPrefix(problems[i], w) {
				t.Errorf("problem %d = %q, want prefix %q", i, problems[i], w)
			}
		}
	})
}

// TestWalkKnowsTheChartFirst: files and directories that sort before
// Chart.yaml are still known to be the chart's, and an excluded
// Chart.yaml makes no chart.
func TestWalkKnowsTheChartFirst(t *testing.T) {
	fsys := fstest.MapFS{
		"chart/A_helpers.tpl":        {Data: []byte("{{/* x */}}\n")},
		"chart/Bdir/x.tpl":           {Data: []byte("{{/* x */}}\n")},
		"chart/Chart.yaml":           {Data: []byte("name: c\n")},
		"chart/templates/d.yaml":     {Data: []byte("{{ .x }}\n")},
		"old/A_helpers.tpl":          {Data: []byte("{{/* x */}}\n")},
		"old/Chart.yaml":             {Data: []byte("name: c\n")},
		"old/templates/d.yaml":       {Data: []byte("a: 1\n")},
		"chart/charts/sub/Chart.yml": {Data: []byte("name: s\n")},
	}
	cands, problems, err := walkAll(fsys, []string{"old/Chart.yaml"}, nil)
	if err != nil || len(problems) != 0 {
		t.Fatal(err, problems)
	}
	var got []string
	for _, c := range cands {
		got = append(got, c.path+"="+string(c.kind))
	}
	want := "chart/A_helpers.tpl=helm-template chart/Bdir/x.tpl=helm-template chart/Chart.yaml=helm-chart " +
		"chart/charts/sub/Chart.yml=yaml chart/templates/d.yaml=helm-template old/templates/d.yaml=yaml"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}
