package gotool

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/lint"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
)

// flagMonorepo holds a service on a flag SDK (a local stand-in for
// LaunchDarkly's module, by replace), a service on the in-house package of
// libs/toggle, and plain services that register routes and use no flags.
func flagMonorepo(t *testing.T) string {
	files := map[string]string{
		".lockstep.yml":         "version: 1\nflags:\n  packages:\n    - path: example.com/mono/toggle\n      calls: [On]\n      key: 0\n      default: 1\n",
		"libs/toggle/go.mod":    "module example.com/mono/toggle\n\ngo 1.22\n",
		"libs/toggle/toggle.go": "package toggle\n\nfunc On(key string, def bool) bool { return def }\n",
		"third_party/ld/go.mod": "module github.com/launchdarkly/go-server-sdk/v7\n\ngo 1.22\n",
		"third_party/ld/ld.go":  "package ldclient\n\ntype LDClient struct{}\n\nfunc (*LDClient) BoolVariation(key string, ctx any, def bool) (bool, error) { return def, nil }\n",
		"services/sdk/go.mod":   "module example.com/mono/sdk\n\ngo 1.22\n\nrequire github.com/launchdarkly/go-server-sdk/v7 v7.0.0\n\nreplace github.com/launchdarkly/go-server-sdk/v7 => ../../third_party/ld\n",
		"services/sdk/main.go": "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n\n\tld \"github.com/launchdarkly/go-server-sdk/v7\"\n)\n\n" +
			"func main() {\n\tc := &ld.LDClient{}\n\tif on, _ := c.BoolVariation(os.Args[0], nil, true); on {\n\t\thttp.HandleFunc(\"/new\", nil)\n\t}\n\thttp.HandleFunc(\"/old\", nil)\n}\n",
		"services/toggled/go.mod":  "module example.com/mono/toggled\n\ngo 1.22\n\nrequire example.com/mono/toggle v0.0.0\n\nreplace example.com/mono/toggle => ../../libs/toggle\n",
		"services/toggled/main.go": "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/mono/toggle\"\n)\n\nfunc main() {\n\tif toggle.On(\"beta\", true) {\n\t\thttp.HandleFunc(\"/beta\", nil)\n\t}\n}\n",
	}
	for i := range 4 {
		files[fmt.Sprintf("services/plain%d/go.mod", i)] = fmt.Sprintf("module example.com/mono/plain%d\n\ngo 1.22\n", i)
		files[fmt.Sprintf("services/plain%d/main.go", i)] = "package main\n\nimport \"net/http\"\n\nfunc main() { http.HandleFunc(\"/\", nil) }\n"
	}
	return gittest.Tree(t, files)
}

func open(t *testing.T, dir string, enable ...string) *lint.GoSession {
	t.Helper()
	s, err := lint.Open(context.Background(), lint.Options{Dir: dir, Enable: enable})
	if err != nil {
		t.Fatal(err)
	}
	return lint.NewGoSession(s)
}

func loadNames(ls []load) []string {
	var out []string
	for _, l := range ls {
		out = append(out, strings.TrimPrefix(l.name, "module "))
	}
	return out
}

// TestPrefilterSkipsModulesWithoutFlags: with the default rules, the plain
// modules are not loaded; with LS302 on, which reports routes without any
// flag package, every module is.
func TestPrefilterSkipsModulesWithoutFlags(t *testing.T) {
	dir := flagMonorepo(t)
	want := []string{"example.com/mono/toggle", "example.com/mono/sdk", "example.com/mono/toggled", "github.com/launchdarkly/go-server-sdk/v7"}
	if got := loadNames(loads(dir, open(t, dir))); !slices.Equal(got, want) {
		t.Errorf("default rules: loads\n%v\nwant\n%v", got, want)
	}
	if got := loads(dir, open(t, dir, "LS302")); len(got) != 8 {
		t.Errorf("LS302 enabled: %d loads, want all 8 modules: %v", len(got), loadNames(got))
	}
	t.Setenv("GOFLAGS", "-mod=mod")
	if got := loads(dir, open(t, dir)); len(got) != 8 {
		t.Errorf("GOFLAGS=-mod=mod: %d loads, want all 8 modules: %v", len(got), loadNames(got))
	}
}

// TestPrefilterKeepsFindings: the modules that are loaded find exactly
// what they found when every module was (LS302 on turns the filter off;
// its own findings aside).
func TestPrefilterKeepsFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	dir := flagMonorepo(t)
	// Findings returns LS302's findings whether enabled or not; Check
	// drops those of disabled rules.
	got, _ := withoutRoutes(findingsOf(t, open(t, dir)))
	all, routes := withoutRoutes(findingsOf(t, open(t, dir, "LS302")))
	want := []string{
		"services/sdk/main.go:12:30: LS305 the flag key passed to BoolVariation is computed at run time: use a constant key so that definitions and uses of the flag can be matched",
		"services/sdk/main.go:12:47: LS306 the default of BoolVariation is true: when the flag cannot be evaluated the new behaviour is switched on for everyone; default to false",
		"services/toggled/main.go:10:23: LS306 the default of On is true: when flag \"beta\" cannot be evaluated the new behaviour is switched on for everyone; default to false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("with the prefilter\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !slices.Equal(all, want) {
		t.Errorf("every module loaded\n%s\nwant\n%s", strings.Join(all, "\n"), strings.Join(want, "\n"))
	}
	if len(routes) != 5 { // the sdk's /old and one per plain module
		t.Errorf("LS302 findings: %d, want 5:\n%s", len(routes), strings.Join(routes, "\n"))
	}
}

func withoutRoutes(findings []string) (others, routes []string) {
	for _, f := range findings {
		if slices.Contains(strings.Fields(f), "LS302") {
			routes = append(routes, f)
		} else {
			others = append(others, f)
		}
	}
	return others, routes
}

func findingsOf(t *testing.T, s *lint.GoSession) []string {
	t.Helper()
	fs, err := Findings(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s %s", f.Path, f.Line, f.Column, f.Rule.ID, f.Message))
	}
	slices.Sort(out)
	return out
}
