package lint

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/registry"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

// archiveFS is a fixture as an in-memory repository, the way the org
// audit hands one over.
func archiveFS(t *testing.T, fixture string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", "rules", fixture))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		if f.Name != "want" {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	return fsys
}

func where(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Where()+" "+f.Rule.ID)
	}
	return out
}

func TestRunFS(t *testing.T) {
	fsys := archiveFS(t, "LS104/github-ref-name-tag.txtar")
	res, err := Run(context.Background(), Options{Dir: "acme/shop", FS: fsys, Disable: []string{"LS003"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(where(res), "\n"), ".github/workflows/release.yml:8:15 LS104"; got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}

	// The archive's own configuration applies, and its baseline: key
	// names a file inside the archive that the audit does not read.
	fsys[".lockstep.yml"] = &fstest.MapFile{Data: []byte("baseline: missing.json\nrules:\n  LS104: {enabled: false}\n  LS003: {enabled: false}\n")}
	res, err = Run(context.Background(), Options{Dir: "acme/shop", FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	if got := where(res); len(got) != 0 {
		t.Errorf("LS104 is off in the archive's configuration, got %q", got)
	}
}

func TestRunFSConfigError(t *testing.T) {
	fsys := archiveFS(t, "LS104/github-ref-name-tag.txtar")
	fsys[".lockstep.yml"] = &fstest.MapFile{Data: []byte("rules:\n  LS104: {enabled: false}\nsevrity: high\n")}
	_, err := Run(context.Background(), Options{Dir: "acme/shop", FS: fsys})
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("want a ConfigError, got %v", err)
	}
	if !strings.HasPrefix(err.Error(), "acme/shop/.lockstep.yml:3:1: ") {
		t.Errorf("the error names the file in the archive: %v", err)
	}
}

// A directory on disk that happens to hold a configuration is not read
// when the repository comes as FS.
func TestRunFSIgnoresDisk(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".lockstep.yml"), []byte("rules:\n  LS104: {enabled: false}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{Dir: dir, FS: archiveFS(t, "LS104/github-ref-name-tag.txtar"), Disable: []string{"LS003"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 {
		t.Errorf("want the archive's one finding, got %q", where(res))
	}
}

// TestExtraStartsWithTheGoFiles: Open starts Extra with a model of the Go
// files, whose Repo waits for the whole model; Check adds its findings.
func TestExtraStartsWithTheGoFiles(t *testing.T) {
	fsys := archiveFS(t, "LS104/github-ref-name-tag.txtar")
	fsys["go.mod"] = &fstest.MapFile{Data: []byte("module example.com/shop\n\ngo 1.22\n")}
	var goFiles, workflows int
	extra := func(_ context.Context, g *GoSession) ([]rules.Finding, error) {
		goFiles, workflows = len(g.Go.Files), len(g.Repo().Workflows)
		if !g.Enabled["LS104"] {
			t.Error("the enabled rules are missing")
		}
		return []rules.Finding{{Rule: registry.Lookup("LS104"), Severity: rules.Warning, Message: "from Extra", Location: rules.Location{Path: "go.mod", Line: 1, Column: 1}}}, nil
	}
	res, err := Run(context.Background(), Options{Dir: "acme/shop", FS: fsys, Disable: []string{"LS003"}, Extra: extra})
	if err != nil {
		t.Fatal(err)
	}
	if goFiles != 1 || workflows != 1 {
		t.Errorf("Extra saw %d Go files and %d workflows; want 1 and 1", goFiles, workflows)
	}
	if got, want := strings.Join(where(res), "\n"), ".github/workflows/release.yml:8:15 LS104\ngo.mod:1:1 LS104"; got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
}

// TestExtraEndsWhenOpenFails: after a failed load, Extra's context is
// cancelled, Repo answers nil, and Open returns only once Extra has.
func TestExtraEndsWhenOpenFails(t *testing.T) {
	fsys := fstest.MapFS{"go.mod": {Data: []byte("module example.com/shop\n\ngo 1.22\n")}}
	var ended bool
	extra := func(ctx context.Context, g *GoSession) ([]rules.Finding, error) {
		if g.Repo() != nil {
			t.Error("Repo after a failed load is not nil")
		}
		<-ctx.Done()
		ended = true
		return nil, ctx.Err()
	}
	settings := func(context.Context, string) (*github.Settings, error) { return nil, errors.New("no settings") }
	_, err := Open(context.Background(), Options{Dir: "acme/shop", FS: fsys, Settings: settings, Extra: extra})
	if err == nil || err.Error() != "no settings" {
		t.Errorf("err = %v", err)
	}
	if !ended {
		t.Error("Open returned before Extra ended")
	}
}

// TestCheckFailsWhenTheRulesFail: a check whose rules did not run (its
// context ended) is an error, with or without Extra, never a clean result.
func TestCheckFailsWhenTheRulesFail(t *testing.T) {
	fsys := archiveFS(t, "LS104/github-ref-name-tag.txtar")
	extra := func(context.Context, *GoSession) ([]rules.Finding, error) { return nil, nil }
	for _, e := range []func(context.Context, *GoSession) ([]rules.Finding, error){nil, extra} {
		opts := Options{Dir: "acme/shop", FS: fsys, Extra: e}
		s, err := Open(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if res, err := s.Check(ctx, opts); !errors.Is(err, context.Canceled) {
			t.Errorf("with Extra %t: err = %v, findings %v", e != nil, err, res)
		}
	}
}
