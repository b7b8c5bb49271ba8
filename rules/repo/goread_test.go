package repo

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

// TestGoReadGetsTheGoFilesAlone: the hook is called once, before Load
// returns, with the Go files only; a repository without Go gets it too.
func TestGoReadGetsTheGoFilesAlone(t *testing.T) {
	fsys := fstest.MapFS{
		".github/workflows/ci.yml":  {Data: []byte(goodWorkflow)},
		"go.work":                   {Data: []byte("go 1.22\n\nuse ./services/orders\n")},
		"services/orders/go.mod":    {Data: []byte("module example.com/orders\n\ngo 1.22\n")},
		"services/orders/main.go":   {Data: []byte("package main\n\nimport \"example.com/flags\"\n\nfunc main() { flags.On() }\n")},
		"services/orders/broken.go": {Data: []byte("package main\n\nimport (\n")},
		"deploy/cm.yaml":            {Data: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")},
		"libs/bad/go.mod":           {Data: []byte("module\n")},
	}
	var calls int
	var got *Repo
	r, err := Load(context.Background(), fsys, "repo", Options{
		Flags:  FlagOptions{Packages: []FlagPackage{{Path: "example.com/flags"}}},
		GoRead: func(g *Repo) { calls++; got = g },
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Fatalf("GoRead called %d times", calls)
	}
	var files []string
	for _, f := range got.Files {
		files = append(files, f.Path)
	}
	if want := "go.work libs/bad/go.mod services/orders/broken.go services/orders/go.mod services/orders/main.go"; strings.Join(files, " ") != want {
		t.Errorf("files %q, want %q", files, want)
	}
	if len(got.GoModules) != 2 || len(got.GoWorks) != 1 || len(got.GoPackages) != 1 || got.GoPackages[0].Imports[0] != "example.com/flags" {
		t.Errorf("modules %d, workspaces %d, packages %v", len(got.GoModules), len(got.GoWorks), got.GoPackages)
	}
	if got.ModuleOf("services/orders").Module.Value != "example.com/orders" || len(got.FlagPackages) != 1 {
		t.Errorf("module index or flag packages missing")
	}
	if len(got.Workflows) != 0 || len(got.Objects) != 0 || len(got.Services) != 0 {
		t.Errorf("the Go model holds more than Go: %d workflows, %d objects, %d services", len(got.Workflows), len(got.Objects), len(got.Services))
	}
	var problems []string
	for _, p := range got.Problems {
		problems = append(problems, p.Pos.File)
	}
	if strings.Join(problems, " ") != "libs/bad/go.mod services/orders/broken.go" {
		t.Errorf("problems of the Go files: %q", problems)
	}
	if len(r.Workflows) != 1 || len(r.Objects) != 1 || len(r.GoModules) != 2 {
		t.Errorf("the whole model lost files: %d workflows, %d objects, %d modules", len(r.Workflows), len(r.Objects), len(r.GoModules))
	}

	calls = 0
	if _, err := Load(context.Background(), fstest.MapFS{"deploy/cm.yaml": fsys["deploy/cm.yaml"]}, "repo", Options{
		GoRead: func(g *Repo) { calls++; got = g },
	}); err != nil {
		t.Fatal(err)
	}
	if calls != 1 || len(got.Files) != 0 {
		t.Errorf("without Go: %d calls, %d files", calls, len(got.Files))
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls = 0
	if _, err := Load(ctx, fsys, "repo", Options{GoRead: func(*Repo) { calls++ }}); err == nil || calls != 0 {
		t.Errorf("a cancelled load: err %v, %d calls", err, calls)
	}
}
