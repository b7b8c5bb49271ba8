package cli

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/fakegithub"
)

const auditToken = "ghp_CLItoken_0123456789_must_never_be_written"

// TestAuditCommand runs lockstep audit and lockstep merge on a fake
// organization as a user would, and checks the token is nowhere: not in
// the output, the logs, the results, the reports or the cache.
func TestAuditCommand(t *testing.T) {
	org := fakegithub.Generate(fakegithub.OrgOptions{Name: "acme", Repos: 40, Seed: 5})
	srv := fakegithub.Start(org, fakegithub.Options{Token: auditToken})
	defer srv.Close()
	t.Setenv("LOCKSTEP_TEST_TOKEN", auditToken)
	cache, out := t.TempDir(), filepath.Join(t.TempDir(), "audit")
	common := []string{"--org", "acme", "--github-url", srv.URL(), "--github-token-env", "LOCKSTEP_TEST_TOKEN",
		"--cache-dir", cache, "--log-format", "json", "--log-level", "debug"}

	stdout, stderr, code := run(t, append([]string{"audit", "--out", out}, common...)...)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "repositories audited; reports in "+out) {
		t.Errorf("stdout: %q", stdout)
	}
	var logged int
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("a log line is not JSON: %q", line)
		}
		if ev["message"] == "repository audited" {
			logged++
		}
	}
	var rep struct {
		Repositories []json.RawMessage `json:"repositories"`
	}
	data, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if logged == 0 || logged != len(rep.Repositories) {
		t.Errorf("%d repositories logged, %d in the report", logged, len(rep.Repositories))
	}

	// The same directory again: refused without --resume, and with it
	// for an audit of other options.
	for _, extra := range [][]string{{}, {"--resume", "--forks"}} {
		_, stderr, code := run(t, append(append([]string{"audit", "--out", out}, extra...), common...)...)
		if code != ExitUsage || !strings.Contains(stderr, out) {
			t.Errorf("audit %q into the first audit's directory: exit %d, %q; want exit 2 naming it", extra, code, stderr)
		}
	}

	// A second audit compared with the first: nothing fixed, nothing new.
	again := filepath.Join(t.TempDir(), "again")
	_, stderr, code = run(t, append([]string{"audit", "--out", again, "--compare", filepath.Join(out, "report.json")}, common...)...)
	if code != ExitOK {
		t.Fatalf("second audit: exit %d\n%s", code, stderr)
	}
	md, err := os.ReadFile(filepath.Join(again, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "0 fixed") || !strings.Contains(string(md), "0 new") {
		t.Errorf("the comparison does not say nothing changed:\n%s", md)
	}

	// Two shards merged.
	var shards []string
	for _, s := range []string{"0/2", "1/2"} {
		dir := filepath.Join(t.TempDir(), "shard")
		if _, stderr, code := run(t, append([]string{"audit", "--out", dir, "--shard", s}, common...)...); code != ExitOK {
			t.Fatalf("shard %s: exit %d\n%s", s, code, stderr)
		}
		shards = append(shards, dir)
	}
	merged := filepath.Join(t.TempDir(), "merged")
	stdout, stderr, code = run(t, "merge", "--out", merged, shards[0], shards[1])
	if code != ExitOK {
		t.Fatalf("merge: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "from 2 shards") {
		t.Errorf("merge stdout: %q", stdout)
	}
	if _, stderr, code = run(t, "merge", "--out", filepath.Join(t.TempDir(), "m"), shards[0]); code != ExitFailure ||
		!strings.Contains(stderr, "shards [1] of 2 are missing") {
		t.Errorf("merging one shard of two: exit %d, %q", code, stderr)
	}

	for _, dir := range []string{cache, out, again, merged, shards[0]} {
		assertNoToken(t, dir)
	}
	if strings.Contains(stdout+stderr, auditToken) {
		t.Error("the token was printed")
	}
}

// assertNoToken fails if any file under dir holds the token, or is
// readable by anyone but the user.
func assertNoToken(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			// dir itself was made by the test.
			if p != dir && info.Mode().Perm()&0o077 != 0 {
				t.Errorf("%s: directory mode %v, want user-only", p, info.Mode().Perm())
			}
			return nil
		}
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s: mode %v, want user-only", p, info.Mode().Perm())
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), auditToken) || strings.Contains(string(data), "Bearer") {
			t.Errorf("%s holds the token", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAuditUsageErrors(t *testing.T) {
	list := filepath.Join(t.TempDir(), "repos.txt")
	if err := os.WriteFile(list, []byte("acme/api\n# a comment\nnot a repo\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{}, "give exactly one of --org, --user and --repos-from"},
		{[]string{"--org", "a", "--user", "b"}, "give exactly one of --org, --user and --repos-from"},
		{[]string{"--org", "a", "--shard", "2/2"}, "--shard: want I/N with 0 <= I < N, got \"2/2\""},
		{[]string{"--org", "a", "--include", "[x"}, "bad glob \"[x\""},
		{[]string{"--org", "a", "--jobs", "0"}, "--jobs: want 1 to 64, got 0"},
		{[]string{"--repos-from", list}, list + ":3: want OWNER/NAME, got \"not a repo\""},
		{[]string{"--org", "a", "--compare", list}, "--compare: " + list + ": "},
	} {
		_, stderr, code := run(t, append([]string{"audit"}, c.args...)...)
		if code != ExitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("audit %q: exit %d, %q; want exit 2 and %q", c.args, code, stderr, c.want)
		}
	}
}
