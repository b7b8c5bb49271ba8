package analyzers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/lockstep-lint/lockstep/analyzers"
	"github.com/lockstep-lint/lockstep/analyzers/repomodel"
	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/config"
	"github.com/lockstep-lint/lockstep/rules/lint"
	"github.com/lockstep-lint/lockstep/rules/registry"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
)

// shop extracts testdata/shop.txtar into a temporary directory and records
// the baseline its configuration names: the LS102 finding.
func shop(t *testing.T) string {
	t.Helper()
	dir := gittest.Extract(t, "testdata/shop.txtar")
	res, err := lint.Run(context.Background(), lint.Options{Dir: dir, NoBaseline: true})
	if err != nil {
		t.Fatal(err)
	}
	var base []rules.Finding
	for _, f := range res.Findings {
		if f.Rule.ID == "LS102" {
			base = append(base, f)
		}
	}
	var buf bytes.Buffer
	if err := config.WriteBaseline(&buf, base); err != nil || len(base) != 1 {
		t.Fatalf("baseline of %d LS102 findings: %v", len(base), err)
	}
	if err := os.WriteFile(filepath.Join(dir, "lockstep-baseline.json"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// shopWant is what every driver must report on shop: LS101 once, at its
// real position; LS102 is in the baseline, LS104 suppressed inline, the
// LS003 note below the default severity.
var shopWant = []string{
	`.github/workflows/release.yml:9:14: job "deploy" deploys 3 services at once: cart, orders and payments [LS101 multi-service-deploy]`,
}

// TestCheckerReportsOnce runs every analyzer over every package of shop,
// tests included, in one process, as golangci-lint and `lockstep analyze`
// do: each repository finding appears once, at its YAML position, and the
// repository is loaded once.
func TestCheckerReportsOnce(t *testing.T) {
	dir := shop(t)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Tests: true}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 6 {
		t.Fatalf("loaded %d packages, want the test variants too", len(pkgs))
	}
	graph, err := checker.Analyze(analyzers.New(analyzers.Options{}), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for act := range graph.All() {
		if act.Err != nil {
			t.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			got = append(got, relPosition(t, dir, act.Package.Fset, d))
		}
	}
	sort.Strings(got)
	assertLines(t, got, shopWant)
	if n := repomodel.Loads(dir); n != 1 {
		t.Errorf("the repository was loaded %d times, want once", n)
	}
}

func relPosition(t *testing.T, dir string, fset *token.FileSet, d analysis.Diagnostic) string {
	p := fset.Position(d.Pos)
	rel, err := filepath.Rel(dir, p.Filename)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(rel), p.Line, p.Column, d.Message)
}

func assertLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics differ\n got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// buildLockstep builds the lockstep command, which is also the go vet tool.
func buildLockstep(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds lockstep and runs go vet")
	}
	exe := filepath.Join(t.TempDir(), "lockstep")
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", exe, "github.com/lockstep-lint/lockstep/cmd/lockstep").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return exe
}

// vet runs go vet with lockstep as its tool and returns the diagnostics
// (first lines only; related information is indented) and the exit code.
func vet(t *testing.T, exe, dir string, args ...string) ([]string, int) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"vet", "-vettool=" + exe}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	out, err := cmd.CombinedOutput()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if l == "" || strings.HasPrefix(l, "#") || strings.Contains(l, ": \t") {
			continue
		}
		lines = append(lines, l)
	}
	sort.Strings(lines)
	return lines, code
}

// TestGoVet runs the real go vet, which starts one lockstep process per
// package: each repository finding is still reported once. A change to
// YAML alone must not replay go vet's cached result.
func TestGoVet(t *testing.T) {
	exe := buildLockstep(t)
	dir := shop(t)
	got, code := vet(t, exe, dir, "./...")
	assertLines(t, got, shopWant)
	if code != 1 {
		t.Errorf("go vet exited %d, want 1", code)
	}

	wf := filepath.Join(dir, ".github/workflows/release.yml")
	data, err := os.ReadFile(wf)
	if err != nil {
		t.Fatal(err)
	}
	fixed := strings.Replace(string(data), "kubectl apply -f deploy/k8s/", "kubectl apply -f deploy/k8s/cart.yaml", 1)
	if err := os.WriteFile(wf, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	got, code = vet(t, exe, dir, "./...")
	assertLines(t, got, nil)
	if code != 0 {
		t.Errorf("after the fix go vet exited %d, want 0", code)
	}
}

// TestGoVetExample checks go vet over the bundled big-bang example, a
// workspace of 13 modules, against the CLI's findings.
func TestGoVetExample(t *testing.T) {
	exe := buildLockstep(t)
	dir, err := filepath.Abs("../testdata/examples/ivory-jenga")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := vet(t, exe, dir, "work")
	res, err := lint.Run(context.Background(), lint.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range res.Findings {
		if f.Severity < rules.Warning {
			continue
		}
		where := f.Where()
		if f.Path == "" {
			// No file: reported on the primary module's go.mod.
			where = "libs/platform/go.mod:1:1: " + f.Where()
		}
		want = append(want, fmt.Sprintf("%s: %s [%s %s]", where, f.Message, f.Rule.ID, f.Rule.Name))
	}
	sort.Strings(want)
	if len(want) < 20 {
		t.Fatalf("only %d findings from lint.Run; the example should have more", len(want))
	}
	assertLines(t, got, want)
}

// TestGoSourceMatchesRegistry: every rule whose metadata names an
// analyzer package has that analyzer in GoSource, and nothing else is
// there.
func TestGoSourceMatchesRegistry(t *testing.T) {
	byURL := map[string]string{}
	for _, a := range analyzers.GoSource {
		byURL[a.URL] = a.Name
	}
	n := 0
	for _, m := range registry.Metas() {
		if m.Analyzer == "" {
			continue
		}
		n++
		name, ok := byURL[m.DocURL()]
		if !ok || "analyzers/"+name != m.Analyzer {
			t.Errorf("%s names %s, but GoSource has %q for it", m.ID, m.Analyzer, name)
		}
	}
	if n != len(analyzers.GoSource) {
		t.Errorf("GoSource has %d analyzers, the registry %d Go-source rules", len(analyzers.GoSource), n)
	}
}

// TestGolangciLint runs a golangci-lint with the plugin compiled in (built
// by .ci/golangci-lint, which sets LOCKSTEP_GOLANGCI_LINT) over a copy of
// the big-bang example: every repository finding once, anchored on a
// go.mod with its real position in the message; then a YAML-only change
// must show up although golangci-lint caches issues per Go package.
func TestGolangciLint(t *testing.T) {
	bin := os.Getenv("LOCKSTEP_GOLANGCI_LINT")
	if bin == "" {
		t.Skip("LOCKSTEP_GOLANGCI_LINT is not set; .ci/golangci-lint builds the binary and runs this test")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../testdata/examples/ivory-jenga")); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	run := func() []string {
		t.Helper()
		args := []string{"run", "--allow-parallel-runners", "--output.text.print-issued-lines=false"}
		for _, m := range []string{"libs/platform", "cart", "catalog", "checkout", "gateway", "inventory", "notifications", "orders", "payments", "pricing", "search", "shipping", "users"} {
			if m != "libs/platform" {
				m = "services/" + m
			}
			args = append(args, "./"+m+"/...")
		}
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+cache, "GOFLAGS=-buildvcs=false")
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		var got []string
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasSuffix(l, " (lockstep)") {
				got = append(got, l)
			}
		}
		sort.Strings(got)
		if len(got) == 0 {
			t.Fatalf("no lockstep issues; output:\n%s", out)
		}
		return got
	}
	want := func() []string {
		res, err := lint.Run(context.Background(), lint.Options{Dir: dir, GoSourceElsewhere: true})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			if f.Severity < rules.Warning {
				continue
			}
			gomod := "libs/platform/go.mod"
			if svc, _, ok := strings.Cut(strings.TrimPrefix(f.Path, "services/"), "/"); ok && strings.HasPrefix(f.Path, "services/") {
				gomod = "services/" + svc + "/go.mod"
			}
			name := map[rules.Category]string{}
			for _, c := range analyzers.Categories {
				name[c.Category] = c.Name
			}
			out = append(out, fmt.Sprintf("%s:1:1: %s: %s: %s [%s %s] (lockstep)", gomod, name[f.Rule.Category], f.Where(), f.Message, f.Rule.ID, f.Rule.Name))
		}
		sort.Strings(out)
		return out
	}
	before := run()
	assertLines(t, before, want())
	if !strings.Contains(strings.Join(before, "\n"), "LS102") {
		t.Fatal("the release train (LS102) should be reported before the change")
	}

	wf := filepath.Join(dir, ".github/workflows/release-train.yml")
	data, err := os.ReadFile(wf)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(data), "  schedule:\n    - cron: \"0 6 1,15 * *\"\n", "  push:\n    branches: [main]\n", 1)
	if changed == string(data) {
		t.Fatal("release-train.yml has no schedule trigger to remove")
	}
	if err := os.WriteFile(wf, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	after := run()
	assertLines(t, after, want())
	if strings.Contains(strings.Join(after, "\n"), "LS102") {
		t.Error("LS102 is still reported after the workflow lost its schedule: a stale cached result")
	}
}
