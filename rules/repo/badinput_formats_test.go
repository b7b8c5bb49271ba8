package repo

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
	"github.com/lockstep-lint/lockstep/rules/repo/gomod"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// goodWorkflow is the file beside the bad ones in every case: it must
// still be read.
const goodWorkflow = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n"

// parsedPaths are one file of each format the loader parses.
var parsedPaths = []string{
	".github/workflows/w.yml", ".gitlab-ci.yml", ".github/settings.yml", "compose.yaml", "svc/.env",
	"skaffold.yaml", "svc/go.mod", "go.work", "svc/x.go", "api/x.proto", "svc/Dockerfile",
	"k/kustomization.yaml", "chart/Chart.yaml", "chart/values.yaml", "deploy/x.yaml", "api/openapi.json",
}

// yamlPaths are the files of parsedPaths read as YAML (JSON included).
var yamlPaths = []string{
	".github/workflows/w.yml", ".gitlab-ci.yml", ".github/settings.yml", "compose.yaml", "skaffold.yaml",
	"k/kustomization.yaml", "chart/Chart.yaml", "chart/values.yaml", "deploy/x.yaml", "api/openapi.json",
}

// problemsByFile loads dir and returns the problems of each file.
func problemsByFile(t *testing.T, dir string) (*Repo, map[string][]source.Problem) {
	t.Helper()
	r, err := LoadDir(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]source.Problem{}
	for _, p := range r.Problems {
		got[p.Pos.File] = append(got[p.Pos.File], p)
	}
	return r, got
}

// TestBadInputInEveryFormat puts the same hostile content in one file of
// every format: each file ends in a problem naming it, with the reason
// and line expected, and the good workflow beside them is still read.
func TestBadInputInEveryFormat(t *testing.T) {
	var bomb strings.Builder
	bomb.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		prev, name := "*a"+strconv.Itoa(i-1), "a"+strconv.Itoa(i)
		bomb.WriteString(name + ": &" + name + " [" + strings.Repeat(prev+", ", 9) + prev + "]\n")
	}
	const deep = 100000
	tests := []struct {
		name   string
		data   string
		paths  []string
		reason source.Reason
		line   int
	}{
		{"NUL byte", "a: 1\nb: \x00\x01\x02\n", parsedPaths, source.ReasonBinary, 2},
		{"invalid UTF-8", "a: 1\nname: caf\xe9\n", parsedPaths, source.ReasonNotUTF8, 2},
		{"alias bomb", bomb.String(), yamlPaths, source.ReasonAliasLimit, 0},
		{"100k-deep flow sequences", strings.Repeat("[", deep) + strings.Repeat("]", deep), yamlPaths, source.ReasonNestingLimit, 1},
		{"100k-deep flow mappings", strings.Repeat(`{"a": `, deep) + "1" + strings.Repeat("}", deep), yamlPaths, source.ReasonNestingLimit, 1},
		{"100k-deep messages", "syntax = \"proto3\";\n" + strings.Repeat("message a {\n", deep) + strings.Repeat("}\n", deep),
			[]string{"api/x.proto"}, source.ReasonNestingLimit, 0},
		{"tab indentation", "jobs:\n\tbuild:\n\t\truns-on: x\n", yamlPaths, source.ReasonSyntax, 2},
		{"duplicate key", "a: 1\nb: 2\na: 3\n", yamlPaths, source.ReasonDuplicateKey, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{".github/workflows/ok.yml": goodWorkflow}
			for _, p := range tt.paths {
				files[p] = tt.data
			}
			r, got := problemsByFile(t, gittest.Tree(t, files))
			for _, p := range tt.paths {
				want := tt.reason
				if p == "svc/x.go" {
					// Go files keep what parsed before a bad byte, which
					// go/scanner reports as a syntax error.
					want = source.ReasonSyntax
				}
				var found *source.Problem
				for i, pr := range got[p] {
					if pr.Reason == want && (tt.line == 0 || pr.Pos.Line == tt.line) {
						found = &got[p][i]
						break
					}
				}
				switch {
				case found == nil:
					t.Errorf("%s: no %q problem at line %d; got %v", p, want, tt.line, got[p])
				case found.Pos.Line < 1 || found.Pos.Col < 1:
					t.Errorf("%s: %v has no line and column", p, found)
				}
			}
			if len(got[".github/workflows/ok.yml"]) != 0 || !hasWorkflow(r, ".github/workflows/ok.yml") {
				t.Errorf("the good workflow was not read: %v", got[".github/workflows/ok.yml"])
			}
		})
	}
}

// TestHugeFilesAreNotRead: 200 MB files (sparse: nothing on disk) of every
// format are rejected by their size before a byte is read.
func TestHugeFilesAreNotRead(t *testing.T) {
	dir := gittest.Tree(t, map[string]string{".github/workflows/ok.yml": goodWorkflow})
	for _, p := range parsedPaths {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(full)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(200 << 20); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	r, got := problemsByFile(t, dir)
	for _, p := range parsedPaths {
		if len(got[p]) != 1 || got[p][0].Reason != source.ReasonTooLarge || got[p][0].Pos.Line != 1 {
			t.Errorf("%s: %v, want one %q problem at line 1", p, got[p], source.ReasonTooLarge)
		}
	}
	for _, f := range r.Files {
		if len(f.Data) > 0 && f.Path != ".github/workflows/ok.yml" {
			t.Errorf("%s: %d bytes read", f.Path, len(f.Data))
		}
	}
	if !hasWorkflow(r, ".github/workflows/ok.yml") {
		t.Error("the good workflow was not read")
	}
}

func hasWorkflow(r *Repo, path string) bool {
	for _, w := range r.Workflows {
		if w.Path == path {
			return true
		}
	}
	return false
}

// TestCRLFAndBOMKeepPositions: Windows line endings and a byte order mark
// change no line or column, in YAML values, in each line of a block
// scalar, and in the line-based formats.
func TestCRLFAndBOMKeepPositions(t *testing.T) {
	crlf := func(s string) string { return "\ufeff" + strings.ReplaceAll(s, "\n", "\r\n") }
	dir := gittest.Tree(t, map[string]string{
		".github/workflows/deploy.yml": crlf("on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n" +
			"      - run: |\n          kubectl apply -f k8s/\n            helm upgrade x ./chart\n"),
		"deploy/app.yaml": crlf("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  template:\n" +
			"    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/orders:1\n"),
		"deploy/dup.yaml": crlf("a: 1\nb: 2\na: 3\n"),
		"svc/Dockerfile":  crlf("FROM golang:1.22 AS build\nRUN go build\nFROM scratch\n"),
		// The go command rejects a byte order mark in go.mod, and so
		// does lockstep (below); line endings are another matter.
		"svc/go.mod":         strings.ReplaceAll("module example.com/orders\n\ngo 1.22\n", "\n", "\r\n"),
		"bom/go.mod":         crlf("module example.com/bom\n"),
		"svc/main.go":        crlf("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println() }\n"),
		"svc/.env":           crlf("A=1\nnot a variable\n"),
		"deploy/broken.yaml": crlf("a: 1\nb: [\n"),
	})
	r, got := problemsByFile(t, dir)
	pos := func(file string, line, col int) source.Pos { return source.Pos{File: file, Line: line, Col: col} }
	check := func(what string, got, want source.Pos) {
		t.Helper()
		if got != want {
			t.Errorf("%s at %v, want %v", what, got, want)
		}
	}
	if len(r.Workflows) != 1 || len(r.Workflows[0].Jobs) != 1 || len(r.Workflows[0].Jobs[0].Steps) != 1 {
		t.Fatalf("workflow not read: %v", got)
	}
	job := r.Workflows[0].Jobs[0]
	check("job", job.ID.Pos, pos(".github/workflows/deploy.yml", 3, 3))
	if script := job.Steps[0].Script; len(script) != 2 {
		t.Errorf("script lines %v", script)
	} else {
		check("first script line", script[0].Pos, pos(".github/workflows/deploy.yml", 7, 11))
		check("second script line", script[1].Pos, pos(".github/workflows/deploy.yml", 8, 13))
		if script[0].Value != "kubectl apply -f k8s/" {
			t.Errorf("script line %q keeps a carriage return", script[0].Value)
		}
	}
	if len(r.Objects) != 1 {
		t.Fatalf("objects %v, problems %v", r.Objects, got)
	}
	check("object", r.Objects[0].Pos, pos("deploy/app.yaml", 1, 1))
	check("object name", r.Objects[0].Name.Pos, pos("deploy/app.yaml", 4, 9))
	if p := got["deploy/dup.yaml"]; len(p) != 1 {
		t.Errorf("deploy/dup.yaml: %v", p)
	} else {
		check("duplicate key", p[0].Pos, pos("deploy/dup.yaml", 3, 1))
	}
	if p := got["deploy/broken.yaml"]; len(p) != 1 {
		t.Errorf("deploy/broken.yaml: %v", p)
	} else if p[0].Pos.Line != 3 {
		t.Errorf("syntax error at %v, want line 3 (end of input)", p[0].Pos)
	}
	if len(r.Dockerfiles) != 1 || len(r.Dockerfiles[0].Stages) != 2 {
		t.Fatalf("dockerfile: %v", got["svc/Dockerfile"])
	}
	check("first FROM", r.Dockerfiles[0].Stages[0].Pos, pos("svc/Dockerfile", 1, 1))
	check("base image", r.Dockerfiles[0].Stages[0].From.Pos, pos("svc/Dockerfile", 1, 6))
	check("second FROM", r.Dockerfiles[0].Stages[1].Pos, pos("svc/Dockerfile", 3, 1))
	if r.Dockerfiles[0].Stages[1].From.Value != "scratch" {
		t.Errorf("FROM %q keeps a carriage return", r.Dockerfiles[0].Stages[1].From.Value)
	}
	var mod *gomod.Module
	for _, m := range r.GoModules {
		if m.Path == "svc/go.mod" {
			mod = m
		}
	}
	if mod == nil {
		t.Fatalf("go.mod: %v", got["svc/go.mod"])
	}
	check("module path", mod.Module.Pos, pos("svc/go.mod", 1, 8))
	if mod.Go.Value != "1.22" {
		t.Errorf("go %q", mod.Go.Value)
	}
	if p := got["bom/go.mod"]; len(p) != 1 {
		t.Errorf("bom/go.mod: %v", p)
	} else {
		check("byte order mark in go.mod", p[0].Pos, pos("bom/go.mod", 1, 1))
	}
	if len(r.GoPackages) != 1 || !r.GoPackages[0].IsMain {
		t.Errorf("the Go command was not recognised: %v", got["svc/main.go"])
	}
	if p := got["svc/.env"]; len(p) != 1 {
		t.Errorf("svc/.env: %v", p)
	} else {
		check(".env problem", p[0].Pos, pos("svc/.env", 2, 1))
	}
	for file, ps := range got {
		if file != "svc/.env" && file != "deploy/dup.yaml" && file != "deploy/broken.yaml" && file != "bom/go.mod" {
			t.Errorf("%s: unexpected problems %v", file, ps)
		}
	}
}
