package gotool

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
)

// monorepo writes services svc0..svc(n-1), each its own module using the
// in-house flag package of libs/toggle with a run-time key (LS305) and a
// default of true (LS306), and one module that does not build. dup makes
// two services declare the same module path, which no workspace accepts.
func monorepo(t *testing.T, n int, dup bool) string {
	files := map[string]string{
		".lockstep.yml":           "version: 1\nflags:\n  packages:\n    - path: example.com/mono/toggle\n      calls: [On]\n      key: 0\n      default: 1\n",
		"libs/toggle/go.mod":      "module example.com/mono/toggle\n\ngo 1.22\n",
		"libs/toggle/toggle.go":   "package toggle\n\nfunc On(key string, def bool) bool { return def }\n",
		"services/broken/go.mod":  "module example.com/mono/broken\n\ngo 1.22\n",
		"services/broken/main.go": "package main\n\nimport \"example.com/nowhere/pkg\"\n\nfunc main() { pkg.Run() }\n",
	}
	for i := range n {
		mod := fmt.Sprintf("example.com/mono/svc%d", i)
		if dup && i == 1 {
			mod = "example.com/mono/svc0"
		}
		files[fmt.Sprintf("services/svc%d/go.mod", i)] = "module " + mod + "\n\ngo 1.22\n\nrequire example.com/mono/toggle v0.0.0\n\nreplace example.com/mono/toggle => ../../libs/toggle\n"
		files[fmt.Sprintf("services/svc%d/main.go", i)] = "package main\n\nimport (\n\t\"os\"\n\n\t\"example.com/mono/toggle\"\n)\n\nfunc main() {\n\tif toggle.On(os.Args[0], true) {\n\t\tos.Exit(1)\n\t}\n}\n"
	}
	return gittest.Tree(t, files)
}

func findings(t *testing.T, dir string) []string {
	t.Helper()
	return findingsOf(t, open(t, dir))
}

// TestWorkspaceEqualsLoadsOneByOne: loading the modules as workspaces
// (in chunks, the broken module again on its own) finds exactly what
// loading each module on its own finds, and so does the fallback when no
// workspace can hold the modules.
func TestWorkspaceEqualsLoadsOneByOne(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	defer func(min, size int) { minWorkspace, workspaceModules = min, size }(minWorkspace, workspaceModules)
	for _, dup := range []bool{false, true} {
		dir := monorepo(t, 6, dup)
		minWorkspace, workspaceModules = 1<<30, 1<<30
		want := findings(t, dir)
		minWorkspace, workspaceModules = 4, 4 // chunks of 4, 4 and the last 0
		got := findings(t, dir)
		if !slices.Equal(got, want) {
			t.Errorf("duplicate module path %t: as workspaces\n%v\none by one\n%v", dup, got, want)
		}
		if n := countRule(want, "LS305"); n != 6 {
			t.Errorf("duplicate module path %t: %d LS305 findings, want one per service:\n%v", dup, n, want)
		}
		if n := countRule(want, "LS001"); n != 1 {
			t.Errorf("duplicate module path %t: %d LS001 notes, want the broken module's:\n%v", dup, n, want)
		}
	}
}

func countRule(lines []string, id string) int {
	n := 0
	for _, l := range lines {
		if slices.Contains(strings.Fields(l), id) {
			n++
		}
	}
	return n
}

// TestWorkspaceRedo: one workspace loads the healthy modules and hands
// back the broken one to be loaded on its own; modules no workspace can
// hold are all handed back.
func TestWorkspaceRedo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	for _, c := range []struct {
		dup           bool
		found, redone int
	}{
		{false, 12, 1}, // LS305 and LS306 for each of 6 services; the broken module
		{true, 0, 8},   // every module: libs/toggle, broken and 6 services
	} {
		dir := monorepo(t, 6, c.dup)
		s := open(t, dir)
		found, redo, err := loadWorkspace(context.Background(), dir, s, loads(dir, s))
		if err != nil {
			t.Fatal(err)
		}
		if len(found) != c.found || len(redo) != c.redone {
			t.Errorf("duplicate module path %t: %d findings, %d modules handed back; want %d and %d", c.dup, len(found), len(redo), c.found, c.redone)
		}
	}
}

func TestEvenChunk(t *testing.T) {
	for _, c := range []struct{ n, limit, want int }{
		{0, 150, 1}, {3, 150, 3}, {150, 150, 150}, {201, 150, 101}, {1001, 150, 143}, {9, 4, 3},
	} {
		if got := evenChunk(c.n, c.limit); got != c.want {
			t.Errorf("evenChunk(%d, %d) = %d, want %d", c.n, c.limit, got, c.want)
		}
	}
}
