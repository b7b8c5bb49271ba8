package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
)

const specV1 = `openapi: 3.0.3
info:
  title: orders
  version: 1.0.0
paths:
  /orders:
    get:
      responses:
        "200":
          description: all orders
  /orders/export:
    get:
      responses:
        "200":
          description: a CSV export
`

const specV2 = `openapi: 3.0.3
info:
  title: orders
  version: 2.0.0
paths:
  /orders:
    get:
      responses:
        "200":
          description: all orders
`

func TestCheckBase(t *testing.T) {
	dir := gittest.Repo(t,
		map[string]string{"shop/services/orders/openapi.yaml": specV1, "shop/services/orders/Dockerfile": "FROM scratch\n"},
		map[string]string{"shop/services/orders/openapi.yaml": specV2, "shop/services/orders/Dockerfile": "FROM scratch\n"})
	target := filepath.Join(dir, "shop")

	// Without --base the diff rules have nothing to compare.
	stdout, stderr, code := run(t, "check", "--enable", "LS410", target)
	if code != ExitOK || strings.Contains(stdout, "LS410") {
		t.Errorf("full mode: code %d\n%s%s", code, stdout, stderr)
	}

	stdout, stderr, code = run(t, "check", "--base", "base", "--format", "text", target)
	want := filepath.ToSlash(target) + "/services/orders/openapi.yaml:5:1: warning: breaking OpenAPI change: GET /orders/export: api path removed without deprecation [api-path-removed-without-deprecation] (no consumer found in this repository; consumers elsewhere break) [LS410 breaking-openapi-change]\n" +
		"    merge-base:services/orders/openapi.yaml:12:5: as it was at the merge base\n"
	if code != ExitFindings || !strings.HasPrefix(stdout, want) {
		t.Errorf("diff mode: code %d, stdout\n%s\nwant it to start with\n%s\nstderr\n%s", code, stdout, want, stderr)
	}

	_, stderr, code = run(t, "check", "--base", "origin/main", target)
	if code != ExitUsage || !strings.Contains(stderr, "--base origin/main: no such commit") || !strings.Contains(stderr, "fetch-depth: 0") {
		t.Errorf("unknown ref: code %d, stderr %s", code, stderr)
	}

	_, stderr, code = run(t, "check", "--base", "main", t.TempDir())
	if code != ExitUsage || !strings.Contains(stderr, "is not inside a git repository") {
		t.Errorf("not a repository: code %d, stderr %s", code, stderr)
	}
}

const routesBase = `package main

import "net/http"

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/orders", func(http.ResponseWriter, *http.Request) {})
	_ = http.ListenAndServe(":8080", mux)
}
`

// TestCheckBaseUnguardedEndpoint: LS302 is off in full mode and, with
// --base, reports only the route the change adds, not the one it keeps.
func TestCheckBaseUnguardedEndpoint(t *testing.T) {
	if testing.Short() {
		t.Skip("loads Go packages with the go command")
	}
	head := strings.Replace(routesBase, "\t_ = http.ListenAndServe", "\tmux.HandleFunc(\"/refunds\", func(http.ResponseWriter, *http.Request) {})\n\t_ = http.ListenAndServe", 1)
	gomod := "module example.com/orders\n\ngo 1.22\n"
	dir := gittest.Repo(t,
		map[string]string{"go.mod": gomod, "main.go": routesBase},
		map[string]string{"go.mod": gomod, "main.go": head})

	stdout, stderr, _ := run(t, "check", "--offline", dir)
	if strings.Contains(stdout, "LS302") {
		t.Errorf("full mode reports LS302:\n%s%s", stdout, stderr)
	}
	stdout, stderr, _ = run(t, "check", "--offline", "--base", "base", dir)
	var got []string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.Contains(l, "[LS302 ") {
			got = append(got, strings.TrimPrefix(l, filepath.ToSlash(dir)+"/"))
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "main.go:8:2: ") || !strings.Contains(got[0], "/refunds") {
		t.Errorf("diff mode: LS302 findings %q, want one at main.go:8:2 for /refunds\nstdout:\n%s\nstderr:\n%s", got, stdout, stderr)
	}
}
