package tarfs

import (
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// TestGitHubLayout: the top directory is removed, the commit read from the
// pax global header, and only wanted content kept.
func TestGitHubLayout(t *testing.T) {
	f := read(t, tarGz(t, githubLayout(map[string]string{
		".github/workflows/ci.yml": "on: push\n",
		"CODEOWNERS":               "* @acme/platform\n",
		"README.md":                "# shop\n",
		"web/logo.png":             "\x89PNG",
	})), Options{})
	if f.Commit() != testSHA || f.TopDir() != "acme-shop-0123456" {
		t.Errorf("commit %q, top %q", f.Commit(), f.TopDir())
	}
	var got []string
	err := fs.WalkDir(f, ".", func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		got = append(got, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := ". .github .github/workflows .github/workflows/ci.yml CODEOWNERS README.md web web/logo.png"
	if strings.Join(got, " ") != want {
		t.Errorf("walk: %s\nwant  %s", strings.Join(got, " "), want)
	}
	for name, content := range map[string]string{".github/workflows/ci.yml": "on: push\n", "CODEOWNERS": "* @acme/platform\n"} {
		data, err := fs.ReadFile(f, name)
		if err != nil || string(data) != content {
			t.Errorf("%s: %q, %v", name, data, err)
		}
	}
	_, err = f.Open("README.md")
	if !errors.Is(err, ErrNotKept) || err.Error() != "open README.md: content not kept from the archive: lockstep does not read this file" {
		t.Errorf("README.md: %v", err)
	}
	info, err := fs.Stat(f, "web/logo.png")
	if err != nil || info.Size() != 4 || !info.Mode().IsRegular() {
		t.Errorf("stat of a file not kept: %v, %v", info, err)
	}
	if len(f.Skipped()) != 0 {
		t.Errorf("skipped %v", f.Skipped())
	}
}

// TestMembersWithoutOneTopDirectory: an archive whose members do not share
// a top directory is read as it is.
func TestMembersWithoutOneTopDirectory(t *testing.T) {
	f := read(t, tarGz(t, []member{reg("a/x.yaml", "a: 1\n"), reg("b/y.yaml", "b: 2\n"), reg("go.mod", "module m\n")}), Options{})
	if f.TopDir() != "" || f.Commit() != "" {
		t.Errorf("top %q commit %q", f.TopDir(), f.Commit())
	}
	for _, name := range []string{"a/x.yaml", "b/y.yaml", "go.mod"} {
		if _, err := fs.ReadFile(f, name); err != nil {
			t.Error(err)
		}
	}
	// A single top-level file is no top directory either.
	f = read(t, tarGz(t, []member{reg("go.mod", "module m\n")}), Options{})
	if data, err := fs.ReadFile(f, "go.mod"); f.TopDir() != "" || string(data) != "module m\n" {
		t.Errorf("top %q, go.mod %q %v", f.TopDir(), data, err)
	}
}

// TestImplicitDirectories: members without their directories' own entries
// (and "./" prefixes, doubled slashes) still make a walkable tree.
func TestImplicitDirectories(t *testing.T) {
	f := read(t, tarGz(t, []member{reg("./repo/deploy//k8s/./cm.yaml", "kind: ConfigMap\n"), reg("repo/go.mod", "module m\n")}), Options{})
	entries, err := fs.ReadDir(f, "deploy")
	if err != nil || len(entries) != 1 || entries[0].Name() != "k8s" || !entries[0].IsDir() {
		t.Fatalf("deploy: %v %v", entries, err)
	}
	if data, err := fs.ReadFile(f, "deploy/k8s/cm.yaml"); string(data) != "kind: ConfigMap\n" {
		t.Errorf("cm.yaml: %q %v", data, err)
	}
}

// TestFSContract runs the standard library's checks of an fs.FS on a tree
// with files, directories and links inside it.
func TestFSContract(t *testing.T) {
	f := read(t, tarGz(t, []member{
		dirm("r/"), reg("r/a.yaml", "a: 1\n"), dirm("r/d/"), reg("r/d/b.go", "package b\n"),
		reg("r/d/e/c.txt", "c"), symlink("r/link.yaml", "a.yaml"), symlink("r/dlink", "d/e"),
	}), Options{Keep: keepAll})
	if err := fstest.TestFS(f, "a.yaml", "d/b.go", "d/e/c.txt", "link.yaml"); err != nil {
		t.Fatal(err)
	}
	// The walk does not enter linked directories; opening through them works.
	if data, err := fs.ReadFile(f, "dlink/c.txt"); string(data) != "c" {
		t.Errorf("dlink/c.txt: %q %v", data, err)
	}
}

// TestReadFileReturnsACopy: the tree is immutable whatever callers do.
func TestReadFileReturnsACopy(t *testing.T) {
	f := read(t, tarGz(t, []member{reg("a.yaml", "a: 1\n")}), Options{})
	data, _ := f.ReadFile("a.yaml")
	data[0] = 'X'
	again, _ := f.ReadFile("a.yaml")
	file, err := f.Open("a.yaml")
	if err != nil {
		t.Fatal(err)
	}
	viaOpen, _ := io.ReadAll(file)
	if string(again) != "a: 1\n" || string(viaOpen) != "a: 1\n" {
		t.Errorf("after writing to a returned slice: %q, %q", again, viaOpen)
	}
}

// TestTooLargeFileKeepsItsSize: over the per-file limit only the size is
// kept, and opening says why.
func TestTooLargeFileKeepsItsSize(t *testing.T) {
	big := strings.Repeat("a: 1\n", 300)
	f := read(t, tarGz(t, []member{reg("big.yaml", big), reg("small.yaml", "a: 1\n")}), Options{Limits: Limits{MaxFileBytes: 1000}})
	info, err := f.Stat("big.yaml")
	if err != nil || info.Size() != 1500 {
		t.Fatalf("stat: %v %v", info, err)
	}
	_, err = f.ReadFile("big.yaml")
	if !errors.Is(err, ErrNotKept) || err.Error() != "open big.yaml: content not kept from the archive: 1500 bytes exceeds the per-file limit of 1000 bytes" {
		t.Errorf("big.yaml: %v", err)
	}
	if data, err := f.ReadFile("small.yaml"); string(data) != "a: 1\n" {
		t.Errorf("small.yaml: %q %v", data, err)
	}
}

// TestCommitOnlyFromAnObjectName: a comment that is not a commit ID is
// not taken for one.
func TestCommitOnlyFromAnObjectName(t *testing.T) {
	for comment, want := range map[string]string{
		testSHA:                  testSHA,
		strings.Repeat("ab", 32): strings.Repeat("ab", 32),
		"made by hand":           "",
		strings.ToUpper(testSHA): "",
		testSHA[:39] + "g":       "",
	} {
		f := read(t, tarGz(t, []member{globalHeader(comment), reg("r/a.yaml", "a: 1\n")}), Options{})
		if f.Commit() != want {
			t.Errorf("comment %q: commit %q, want %q", comment, f.Commit(), want)
		}
	}
}
