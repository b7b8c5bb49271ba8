package flags

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lockstep-lint/lockstep/rules/repo"
)

// evaluating loads files and returns the directories of the modules that
// MayEvaluate keeps, in model order.
func evaluating(t *testing.T, files map[string]string, inHouse ...string) []string {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, data := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(data)}
	}
	var opts repo.Options
	for _, p := range inHouse {
		opts.Flags.Packages = append(opts.Flags.Packages, repo.FlagPackage{Path: p, Calls: []string{"Bool"}})
	}
	r, err := repo.Load(context.Background(), fsys, "mono", opts)
	if err != nil {
		t.Fatal(err)
	}
	may := MayEvaluate(r)
	var out []string
	for _, m := range r.GoModules {
		if may(m) {
			out = append(out, m.Dir)
		}
	}
	return out
}

func mod(path, goVersion string, requires ...string) string {
	s := "module " + path + "\n\ngo " + goVersion + "\n"
	for _, r := range requires {
		version := "v1.0.0"
		if strings.HasSuffix(r, "/v5") {
			version = "v5.0.0"
		}
		s += "\nrequire " + r + " " + version + "\n"
	}
	return s
}

func goFile(imports ...string) string {
	s := "package p\n\nimport (\n"
	for _, i := range imports {
		s += "\t\"" + i + "\"\n"
	}
	return s + ")\n"
}

func TestMayEvaluate(t *testing.T) {
	files := map[string]string{
		// Skipped: nothing but the standard library and a router.
		"plain/go.mod": mod("example.com/plain", "1.22", "github.com/go-chi/chi/v5"),
		"plain/p.go":   goFile("net/http", "github.com/go-chi/chi/v5/middleware"),
		// Skipped: requires a repository module that requires nothing.
		"lib/go.mod":  mod("example.com/lib", "1.22"),
		"uses/go.mod": mod("example.com/uses", "1.22", "example.com/lib"),
		"uses/p.go":   goFile("example.com/lib", "example.com/uses/internal/x"),
		// An SDK, at a major version below the table's prefix, even
		// marked indirect and never imported.
		"ld/go.mod": "module example.com/ld\n\ngo 1.21\n\nrequire github.com/launchdarkly/go-server-sdk/v7 v7.1.0 // indirect\n",
		// A prefix of an SDK's path is a module that may hold it.
		"wide/go.mod": mod("example.com/wide", "1.22", "github.com/open-feature"),
		// Through a repository module's requirements.
		"wraps/go.mod": mod("example.com/wraps", "1.22", "github.com/open-feature/go-sdk"),
		"user/go.mod":  mod("example.com/user", "1.22", "example.com/wraps"),
		// The in-house flag package, the module holding it, and a user.
		"flags/go.mod":     mod("example.com/flags", "1.22"),
		"inner/go.mod":     mod("example.com/inner", "1.22"),
		"inner/flags/f.go": "package flags\n",
		"svc/go.mod":       mod("example.com/svc", "1.22", "example.com/flags"),
		// Trusted neither: an old go directive, none, a go.mod that does
		// not parse, an import no requirement provides.
		"old/go.mod":    mod("example.com/old", "1.16"),
		"nogo/go.mod":   "module example.com/nogo\n",
		"bad/go.mod":    mod("example.com/bad", "1.22") + "require (\n",
		"untidy/go.mod": mod("example.com/untidy", "1.22"),
		"untidy/p.go":   goFile("example.com/elsewhere/pkg"),
	}
	got := evaluating(t, files, "example.com/flags", "example.com/inner/flags")
	want := []string{"bad", "flags", "inner", "ld", "nogo", "old", "svc", "untidy", "user", "wide", "wraps"}
	if !slices.Equal(got, want) {
		t.Errorf("modules that may evaluate flags\ngot  %v\nwant %v", got, want)
	}
}

// TestMayEvaluateStdLikeInHouse: an in-house path without a dot in its
// first element might name a standard library package, which no go.mod
// lists; every module is kept.
func TestMayEvaluateStdLikeInHouse(t *testing.T) {
	files := map[string]string{
		"plain/go.mod": mod("example.com/plain", "1.22"),
		"plain/p.go":   goFile("flag"),
	}
	if got := evaluating(t, files, "flag"); !slices.Equal(got, []string{"plain"}) {
		t.Errorf("got %v", got)
	}
	if got := evaluating(t, files); len(got) != 0 {
		t.Errorf("without in-house packages: got %v", got)
	}
}
