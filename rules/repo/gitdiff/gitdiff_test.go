package gitdiff_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
)

// render lists the changes one per line: status, path, old path, added lines.
func render(d *repo.Diff) string {
	var lines []string
	for _, c := range d.Files {
		var added []int
		for l := range c.Added {
			added = append(added, l)
		}
		sort.Ints(added)
		s := fmt.Sprintf("%c %s", c.Status, c.Path)
		if c.OldPath != "" {
			s += " <- " + c.OldPath
		}
		if len(added) > 0 {
			s += fmt.Sprintf(" %v", added)
		}
		lines = append(lines, s)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

const long = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n"

func TestLoad(t *testing.T) {
	dir := gittest.Repo(t, map[string]string{
		"mod.txt":      "a\nb\nc\nd\n",
		"del.txt":      "gone\n",
		"old/name.txt": long,
		"crlf.txt":     "a\r\nb\r\nc\r\n",
		"bin.dat":      "\x00\x01\x02",
		"same.txt":     "same\n",
	}, map[string]string{
		"mod.txt":      "a\nB\nc\nd\ne\n",
		"new.txt":      "x\ny\n",
		"new/name.txt": strings.Replace(long, "five", "FIVE", 1),
		"crlf.txt":     "a\r\nb\r\nX\r\nc\r\n",
		"bin.dat":      "\x00\x01\x03",
		"same.txt":     "same\n",
	})
	d, err := gitdiff.Load(context.Background(), dir, "base")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"A new.txt [1 2]",
		"D del.txt",
		"M bin.dat",
		"M crlf.txt [3]",
		"M mod.txt [2 5]",
		"R new/name.txt <- old/name.txt [5]",
	}, "\n")
	if got := render(d); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !d.Adds("new.txt", 7) || !d.Adds("mod.txt", 5) || d.Adds("mod.txt", 1) || d.Adds("same.txt", 1) {
		t.Error("Adds disagrees with the hunks")
	}
	if len(d.Base) != 40 {
		t.Errorf("Base = %q, want a commit hash", d.Base)
	}
	for name, want := range map[string]string{"mod.txt": "a\nb\nc\nd\n", "crlf.txt": "a\r\nb\r\nc\r\n", "old/name.txt": long, "del.txt": "gone\n"} {
		got, err := d.ReadBase(name)
		if err != nil || string(got) != want {
			t.Errorf("ReadBase(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	for _, name := range []string{"new.txt", "new/name.txt", "nope/x.txt"} {
		if _, err := d.ReadBase(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ReadBase(%s): err = %v, want ErrNotExist", name, err)
		}
	}
	for _, name := range []string{"../x", "/etc/passwd", "old"} {
		if _, err := d.ReadBase(name); err == nil {
			t.Errorf("ReadBase(%s) succeeded", name)
		}
	}
}

// The working tree is compared, so uncommitted edits and untracked files
// are part of the change, and ignored files are not.
func TestLoadWorkingTree(t *testing.T) {
	dir := gittest.Repo(t, map[string]string{"a.txt": "1\n", ".gitignore": "*.log\n"}, map[string]string{"a.txt": "1\n", ".gitignore": "*.log\n"})
	for name, data := range map[string]string{"a.txt": "1\n2\n", "untracked.txt": "u\n", "x.log": "ignored\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, err := gitdiff.Load(context.Background(), dir, "base")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := render(d), "A untracked.txt [1]\nM a.txt [2]"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestLoadSubdirectory(t *testing.T) {
	dir := gittest.Repo(t, map[string]string{
		"svc/api/openapi.yaml": "a\n",
		"svc/moved.txt":        long,
		"other/x.txt":          "x\n",
		"outside.txt":          long,
	}, map[string]string{
		"svc/api/openapi.yaml": "a\nb\n",
		"elsewhere/moved.txt":  long,
		"other/x.txt":          "y\n",
		"svc/in.txt":           long,
	})
	d, err := gitdiff.Load(context.Background(), filepath.Join(dir, "svc"), "base")
	if err != nil {
		t.Fatal(err)
	}
	want := "A in.txt [1 2 3 4 5 6 7 8 9 10]\nD moved.txt\nM api/openapi.yaml [2]"
	if got := render(d); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got, err := d.ReadBase("api/openapi.yaml"); err != nil || string(got) != "a\n" {
		t.Errorf("ReadBase = %q, %v", got, err)
	}
	if _, err := d.ReadBase("in.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadBase(in.txt): %v, want ErrNotExist (its base is outside the directory)", err)
	}
}

func TestLoadUnusualNames(t *testing.T) {
	name := "dir with space/quo\"te\tä.txt"
	dir := gittest.Repo(t, map[string]string{name: "a\n"}, map[string]string{name: "a\nb\n"})
	d, err := gitdiff.Load(context.Background(), dir, "base")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := render(d), "M "+name+" [2]"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := gittest.Repo(t, map[string]string{"a": "1\n"}, map[string]string{"a": "2\n"})
	notGit := t.TempDir()
	orphan := gittest.Repo(t, map[string]string{"a": "1\n"}, map[string]string{"a": "2\n"})
	if err := gittest.Git(orphan, "checkout", "--quiet", "--orphan", "other"); err != nil {
		t.Fatal(err)
	}
	if err := gittest.Git(orphan, "commit", "--quiet", "-m", "unrelated"); err != nil {
		t.Fatal(err)
	}
	shallowSrc := gittest.Repo(t, map[string]string{"a": "1\n"}, map[string]string{"a": "2\n"})
	shallow := filepath.Join(t.TempDir(), "clone")
	if err := gittest.Git(shallowSrc, "clone", "--quiet", "--depth=1", "--no-tags", "file://"+shallowSrc, shallow); err != nil {
		t.Fatal(err)
	}
	// The base commit exists in the clone only as the tip of a branch
	// fetched shallowly on its own, so it has no common history with HEAD.
	if err := gittest.Git(shallow, "fetch", "--quiet", "--depth=1", "origin", "base:refs/tags/base"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, dir, ref, want string }{
		{"not a repository", notGit, "base", "is not inside a git repository"},
		{"unknown ref", dir, "origin/main", "--base origin/main: no such commit in " + dir + "; fetch it first (git fetch origin main, or with actions/checkout set fetch-depth: 0)"},
		{"option", dir, "--output=x", `--base: "--output=x" is not a git revision`},
		{"unrelated", orphan, "main", "--base main: it shares no history with HEAD, so there is no merge base to compare with"},
		{"shallow", shallow, "base", "--base base: no merge base with HEAD in this shallow clone; fetch more history (git fetch --unshallow, or with actions/checkout set fetch-depth: 0)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := gitdiff.Load(context.Background(), tc.dir, tc.ref)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
