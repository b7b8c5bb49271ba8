package gotool

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lockstep-lint/lockstep/rules/lint"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

// flagRepo is four services calling an in-house flag package with the
// key k1 (and svc3 with a key it computes), and a flagd file defining the
// given keys.
func flagRepo(t *testing.T, defined ...string) string {
	t.Helper()
	return gittest.Tree(t, flagFiles(defined...))
}

func flagFiles(defined ...string) map[string]string {
	var defs []string
	for _, k := range defined {
		defs = append(defs, fmt.Sprintf("%q: {\"state\": \"ENABLED\", \"variants\": {\"on\": true, \"off\": false}, \"defaultVariant\": \"off\"}", k))
	}
	files := map[string]string{
		".lockstep.yml":          "version: 1\nflags:\n  packages:\n    - path: example.com/mono/toggle\n      calls: [On]\n      key: 0\n      default: 1\n",
		"flags/flags.flagd.json": "{\"$schema\": \"https://flagd.dev/schema/v0/flags.json\", \"flags\": {" + strings.Join(defs, ", ") + "}}\n",
		"libs/toggle/go.mod":     "module example.com/mono/toggle\n\ngo 1.22\n",
		"libs/toggle/toggle.go":  "package toggle\n\nfunc On(key string, def bool) bool { return def }\n",
	}
	for i := range 4 {
		files[fmt.Sprintf("services/svc%d/go.mod", i)] = fmt.Sprintf("module example.com/mono/svc%d\n\ngo 1.22\n\nrequire example.com/mono/toggle v0.0.0\n\nreplace example.com/mono/toggle => ../../libs/toggle\n", i)
		files[fmt.Sprintf("services/svc%d/main.go", i)] = "package main\n\nimport (\n\t\"os\"\n\n\t\"example.com/mono/toggle\"\n)\n\nfunc main() {\n\tif toggle.On(\"k1\", false) {\n\t\tos.Exit(1)\n\t}\n}\n"
	}
	files["services/svc3/main.go"] = strings.Replace(files["services/svc3/main.go"], "os.Exit(1)", "os.Exit(1)\n\t}\n\tif toggle.On(os.Args[0], false) {\n\t\tos.Exit(2)", 1)
	return files
}

// countingGo puts first on PATH a go command that counts its runs in the
// file it returns, and runs the real one.
func countingGo(t *testing.T) string {
	t.Helper()
	real, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := t.TempDir()
	count := filepath.Join(bin, "runs")
	script := fmt.Sprintf("#!/bin/sh\necho run >> %q\nexec %q \"$@\"\n", count, real)
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return count
}

func runs(t *testing.T, count string) int {
	t.Helper()
	data, err := os.ReadFile(count)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(data), "run\n")
}

// TestCacheAnswersUnchangedGo: a second check of unchanged Go code runs no
// go command and finds the same; a changed Go file, or changed flag
// definitions, are analyzed again; LOCKSTEP_CACHE=off never uses it.
func TestCacheAnswersUnchangedGo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	count := countingGo(t)
	t.Setenv(cacheEnv, "")
	t.Setenv(cacheDirEnv, t.TempDir())
	dir := flagRepo(t, "k1")

	first := findings(t, dir)
	if len(withRule(first, "LS305")) != 1 {
		t.Fatalf("findings %q, want svc3's LS305", first)
	}
	n := runs(t, count)
	if n == 0 {
		t.Fatal("the first check ran no go command")
	}
	if again := findings(t, dir); !slices.Equal(again, first) || runs(t, count) != n {
		t.Errorf("unchanged: %d go commands after %d, findings\n%q\nwant\n%q", runs(t, count), n, again, first)
	}

	// A flag definition file changes what LS303 finds, with no Go change.
	undefined := flagRepo(t, "k2")
	want := findings(t, undefined) // analyzed: another path, another key
	if err := os.WriteFile(filepath.Join(dir, "flags/flags.flagd.json"), mustRead(t, filepath.Join(undefined, "flags/flags.flagd.json")), 0o644); err != nil {
		t.Fatal(err)
	}
	n = runs(t, count)
	got := findings(t, dir)
	if runs(t, count) == n || len(withRule(got, "LS303")) != 4 || len(withRule(want, "LS303")) != 4 {
		t.Errorf("after the definitions changed: %d go commands after %d; LS303 %q", runs(t, count), n, withRule(got, "LS303"))
	}

	// A Go change: svc0 no longer calls the flag package.
	main := filepath.Join(dir, "services/svc0/main.go")
	if err := os.WriteFile(main, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	n = runs(t, count)
	got = findings(t, dir)
	if runs(t, count) == n || len(withRule(got, "LS303")) != 3 {
		t.Errorf("after a Go change: %d go commands after %d; LS303 %q", runs(t, count), n, withRule(got, "LS303"))
	}

	t.Setenv(cacheEnv, "off")
	n = runs(t, count)
	findings(t, dir)
	if runs(t, count) == n {
		t.Error("LOCKSTEP_CACHE=off answered from the cache")
	}
}

func withRule(fs []string, id string) []string {
	var out []string
	for _, f := range fs {
		if strings.Contains(f, ": "+id+" ") {
			out = append(out, f)
		}
	}
	return out
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestNotCacheableWhenGoReadsUnreadFiles: each tree makes the go command
// read a file the walk did not read (and so the key does not cover).
func TestNotCacheableWhenGoReadsUnreadFiles(t *testing.T) {
	cgo := "package main\n\n// int two() { return 2; }\nimport \"C\"\n\nfunc main() { _ = C.two() }\n"
	embed := "package main\n\nimport _ \"embed\"\n\n//go:embed version.txt\nvar version string\n\nfunc main() { println(version) }\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  bool
	}{
		{"plain", nil, true},
		{"dependencies outside every module", map[string]string{"node_modules/x/x.go": "package x\n"}, true},
		{"replacement outside the repository", map[string]string{
			"services/svc0/go.mod": "module example.com/mono/svc0\n\ngo 1.22\n\nrequire example.com/mono/toggle v0.0.0\n\nreplace example.com/mono/toggle => ../../../toggle\n",
		}, false},
		{"excluded directory in a module", map[string]string{
			".lockstep.yml":            "version: 1\nexclude: [services/svc0/gen/**]\nflags:\n  packages:\n    - path: example.com/mono/toggle\n      calls: [On]\n",
			"services/svc0/gen/gen.go": "package gen\n",
		}, false},
		{"node_modules in a module", map[string]string{"services/svc1/node_modules/x/x.go": "package x\n"}, false},
		{"vendor in a replaced module", map[string]string{"libs/toggle/vendor/modules.txt": "# nothing\n"}, false},
		{"cgo", map[string]string{"services/svc2/main.go": cgo}, false},
		{"embed", map[string]string{"services/svc2/main.go": embed, "services/svc2/version.txt": "1\n"}, false},
		{"workspace at the root, something excluded", map[string]string{
			"go.work":       "go 1.22\n\nuse (\n\t./libs/toggle\n\t./services/svc0\n)\n",
			".lockstep.yml": "version: 1\nexclude: [docs/**]\nflags:\n  packages:\n    - path: example.com/mono/toggle\n      calls: [On]\n",
			"docs/a.md":     "x\n",
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := flagFiles("k1")
			maps.Copy(files, tc.files)
			dir := gittest.Tree(t, files)
			s := open(t, dir)
			if got := cacheable(s.Go, loads(dir, s)); got != tc.want {
				t.Errorf("cacheable = %v, want %v (unread %q)", got, tc.want, s.Go.Unread)
			}
		})
	}
}

// TestCacheMissStartsBeforeTheLoadEnds: with the cache on and no entry,
// the go command runs while the rest of the repository is still loading;
// only an entry makes the check wait for the whole repository.
func TestCacheMissStartsBeforeTheLoadEnds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	count := countingGo(t)
	t.Setenv(cacheEnv, "")
	t.Setenv(cacheDirEnv, t.TempDir())
	dir := flagRepo(t, "k1")
	// The settings are read at the end of the load: they wait for a go
	// command to have run.
	settings := func(context.Context, string) (*github.Settings, error) {
		for deadline := time.Now().Add(20 * time.Second); runs(t, count) == 0; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				return nil, errors.New("no go command ran while the repository was loading")
			}
		}
		return nil, nil
	}
	res, err := lint.Run(context.Background(), lint.Options{Dir: dir, Settings: settings, Extra: Findings})
	if err != nil {
		t.Fatal(err)
	}
	var ls305 int
	for _, f := range res.Findings {
		if f.Rule.ID == "LS305" {
			ls305++
		}
	}
	if ls305 != 1 {
		t.Errorf("LS305 findings: %d, want 1", ls305)
	}
}
