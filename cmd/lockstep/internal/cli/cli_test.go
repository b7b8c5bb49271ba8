package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/registry"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
)

var update = flag.Bool("update", false, "rewrite golden files and docs/rules.md")

const root = "../../../.."

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// TestRulesDocUpToDate fails when docs/rules.md differs from what the
// registry generates.
func TestRulesDocUpToDate(t *testing.T) {
	var buf bytes.Buffer
	WriteRulesMarkdown(&buf, registry.Metas())
	path := filepath.Join(root, "docs", "rules.md")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Fatal("docs/rules.md is stale: run 'go run ./cmd/lockstep rules --format markdown > docs/rules.md' (or go test ./cmd/lockstep/internal/cli -update)")
	}
	stdout, _, code := run(t, "rules", "--format", "markdown")
	if code != ExitOK || stdout != buf.String() {
		t.Fatal("lockstep rules --format markdown differs from the generated doc")
	}
}

// TestExamplesGolden runs lockstep check on the bundled examples in every
// format and compares with testdata/cli/*.golden.
func TestExamplesGolden(t *testing.T) {
	for _, ex := range []string{"ivory-jenga", "independent"} {
		for _, format := range []string{"text", "json", "sarif", "github"} {
			t.Run(ex+"/"+format, func(t *testing.T) {
				target := filepath.Join(root, "testdata", "examples", ex)
				stdout, stderr, code := run(t, "check", "--format", format, "--offline", "--log-level", "error", target)
				if code == ExitUsage || code == ExitFailure {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				stdout = strings.ReplaceAll(stdout, filepath.ToSlash(filepath.Clean(target))+"/", "")
				golden := filepath.Join(root, "testdata", "cli", ex+"."+format+".golden")
				if *update {
					if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if stdout != string(want) {
					t.Errorf("output differs from %s (run with -update and review the diff)\n%s", golden, stdout)
				}
			})
		}
	}
}

func TestExitCodes(t *testing.T) {
	ivory := filepath.Join(root, "testdata", "examples", "ivory-jenga")
	independent := filepath.Join(root, "testdata", "examples", "independent")
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"findings", []string{"check", "--offline", ivory}, ExitFindings, ""},
		{"fail-on never", []string{"check", "--offline", "--fail-on", "never", ivory}, ExitOK, ""},
		{"clean", []string{"check", "--offline", "--fail-on", "warning", independent}, ExitOK, ""},
		{"bad fail-on", []string{"check", "--fail-on", "bogus"}, ExitUsage, `--fail-on: unknown value "bogus"`},
		{"bad format", []string{"check", "--format", "xml"}, ExitUsage, `--format: unknown format "xml"`},
		{"unknown rule", []string{"check", "--enable", "LS999", ivory}, ExitUsage, `unknown rule "LS999"`},
		{"two paths", []string{"check", "a", "b"}, ExitUsage, "expected one PATH"},
		{"missing dir", []string{"check", "--offline", filepath.Join(root, "no-such-dir")}, ExitFailure, "no such file"},
		{"unknown command", []string{"chek"}, ExitUsage, `unknown command "chek"`},
		{"no command", nil, ExitUsage, "Usage:"},
		{"explain unknown", []string{"explain", "LS999"}, ExitUsage, `unknown rule "LS999"`},
		{"bad log level", []string{"check", "--log-level", "loud"}, ExitUsage, `--log-level: unknown level "loud"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := run(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.err) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.err)
			}
		})
	}
}

func TestConfigErrorExits2(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".lockstep.yml"), []byte("exlude: [x]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, "check", dir)
	if code != ExitUsage || !strings.Contains(stderr, `.lockstep.yml:1:1: unknown key "exlude" (did you mean "exclude"?)`) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	ivory := filepath.Join(root, "testdata", "examples", "ivory-jenga")
	base := filepath.Join(t.TempDir(), "baseline.json")
	if _, stderr, code := run(t, "check", "--offline", "--write-baseline", base, ivory); code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	stdout, stderr, code := run(t, "check", "--offline", "--baseline", base, ivory)
	if code != ExitOK || !strings.HasPrefix(stdout, "no findings") || !strings.Contains(stdout, "in the baseline") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestOutputFileAndExplain(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.sarif")
	_, _, code := run(t, "check", "--offline", "--format", "sarif", "--output", out, filepath.Join(root, "testdata", "examples", "independent"))
	data, err := os.ReadFile(out)
	if code != ExitOK || err != nil || !bytes.Contains(data, []byte(`"version": "2.1.0"`)) {
		t.Fatalf("exit %d, err %v", code, err)
	}
	stdout, _, code := run(t, "explain", "unparseable-input")
	if code != ExitOK || !strings.HasPrefix(stdout, "LS001 unparseable-input: a file could not be read or parsed") {
		t.Fatalf("explain: %d %q", code, stdout)
	}
	stdout, _, _ = run(t, "version")
	if !strings.HasPrefix(stdout, "lockstep ") {
		t.Fatalf("version: %q", stdout)
	}
}

// TestCheckGoSource runs the Go-source analyzers from `lockstep check`:
// their findings sit at the Go positions, and a package that does not
// build is one LS001 note while the rest is still analyzed.
func TestCheckGoSource(t *testing.T) {
	if testing.Short() {
		t.Skip("loads Go packages with the go command")
	}
	dir := gittest.Extract(t, "../../../../testdata/gosource/shop.txtar")
	var stdout, stderr bytes.Buffer
	code := Main([]string{"check", "--offline", "--disable", "LS003", dir}, strings.NewReader(""), &stdout, &stderr)
	got := strings.ReplaceAll(stdout.String(), dir+"/", "")
	want := []string{
		"cmd/checkout/main.go:15:39: note: the flag key passed to BooleanValue is computed at run time",
		"[LS305 dynamic-flag-key]",
		"cmd/checkout/main.go:18:56: warning: the default of BooleanValue is true",
		"cmd/checkout/main.go:21:28: warning: the default of On is true", // in-house package from .lockstep.yml
		"[LS306 risky-flag-default]",
		"internal/broken/broken.go:3:13: note: Go package example.com/shop/internal/broken was not analyzed by the Go-source rules, since they do not build here: ",
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s\nstderr: %s", w, got, stderr.String())
		}
	}
	if code != ExitFindings {
		t.Errorf("exit %d, want %d", code, ExitFindings)
	}
}
