// Package gittest builds small repositories on disk for tests: git
// repositories for diff mode, and plain trees from txtar archives.
package gittest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// ErrNoGit is returned by Build when git cannot be run.
var ErrNoGit = errors.New("git is not installed")

// Repo builds a repository in a temporary directory: a first commit holding
// exactly the files of base, tagged "base", then a commit on top holding
// exactly the files of head (files of base missing from head are deleted).
// It returns the directory. The test is skipped when git is missing.
func Repo(t testing.TB, base, head map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := Build(dir, base, head); err != nil {
		if errors.Is(err, ErrNoGit) {
			t.Skip("git is not installed")
		}
		t.Fatal(err)
	}
	return dir
}

// Extract writes the files of a txtar archive into a new temporary
// directory (no git) and returns it.
func Extract(t testing.TB, archive string) string {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string]string, len(ar.Files))
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	return Tree(t, files)
}

// Tree writes files, by slash path, into a new temporary directory (no
// git) and returns it.
func Tree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := writeTree(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Build is Repo in an existing empty directory, for callers without a
// testing.TB (such as doc-example runners).
func Build(dir string, base, head map[string]string) error {
	if _, err := exec.LookPath("git"); err != nil {
		return ErrNoGit
	}
	if err := Git(dir, "init", "--quiet", "--initial-branch=main"); err != nil {
		return err
	}
	if err := writeTree(dir, base); err != nil {
		return err
	}
	if err := commit(dir, "base"); err != nil {
		return err
	}
	if err := Git(dir, "tag", "base"); err != nil {
		return err
	}
	if err := removeMissing(dir, base, head); err != nil {
		return err
	}
	if err := writeTree(dir, head); err != nil {
		return err
	}
	return commit(dir, "head")
}

// Git runs git in dir with a fixed identity and date and without the
// user's configuration, so that commits (and their hashes) are the same on
// every machine.
func Git(dir string, args ...string) error {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=lockstep", "GIT_AUTHOR_EMAIL=lockstep@example.com",
		"GIT_COMMITTER_NAME=lockstep", "GIT_COMMITTER_EMAIL=lockstep@example.com",
		"GIT_AUTHOR_DATE=2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2024-01-01T00:00:00Z",
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("git %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

func commit(dir, msg string) error {
	if err := Git(dir, "add", "--all"); err != nil {
		return err
	}
	return Git(dir, "-c", "core.autocrlf=false", "commit", "--quiet", "--allow-empty", "--no-verify", "-m", msg)
}

func writeTree(dir string, files map[string]string) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func removeMissing(dir string, base, head map[string]string) error {
	for name := range base {
		if _, ok := head[name]; ok {
			continue
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			return err
		}
	}
	return nil
}
