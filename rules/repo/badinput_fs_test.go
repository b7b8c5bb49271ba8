package repo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lockstep-lint/lockstep/rules/repo/beneath"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// deniedFS refuses what a user without permission could not do: open the
// files and list the directories in deny, or read the files in failRead
// past their first bytes (a disk error). Tests run as root, where chmod
// stops nothing, so permission errors are injected here.
type deniedFS struct {
	fs.FS
	deny     map[string]bool
	failRead map[string]bool
}

func (d deniedFS) Open(name string) (fs.File, error) {
	if d.deny[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	f, err := d.FS.Open(name)
	if err != nil || !d.failRead[name] {
		return f, err
	}
	return failingFile{f}, nil
}

func (d deniedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if d.deny[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return fs.ReadDir(d.FS, name)
}

func (d deniedFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.FS, name) }

type failingFile struct{ fs.File }

func (failingFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: "x", Err: errors.New("input/output error")}
}

// TestUnreadableFilesAndDirectories: a file or directory that cannot be
// read is one problem naming it, and everything else is still read.
func TestUnreadableFilesAndDirectories(t *testing.T) {
	fsys := deniedFS{
		FS: fstest.MapFS{
			".github/workflows/ok.yml":     {Data: []byte(goodWorkflow)},
			".github/workflows/secret.yml": {Data: []byte(goodWorkflow)},
			".github/workflows/disk.yml":   {Data: []byte(goodWorkflow)},
			"private/deploy.yaml":          {Data: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hidden}\n")},
			"deploy/cm.yaml":               {Data: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: seen}\n")},
			".gitlab-ci.yml":               {Data: []byte("include: ci/secret.yml\njob: {script: [make]}\n")},
			"ci/secret.yml":                {Data: []byte("other: {script: [x]}\n")},
		},
		deny: map[string]bool{
			".github/workflows/secret.yml": true,
			"private":                      true,
			"ci/secret.yml":                true,
		},
		failRead: map[string]bool{".github/workflows/disk.yml": true},
	}
	r, err := Load(context.Background(), fsys, "repo", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range r.Problems {
		got[p.Pos.File] = fmt.Sprintf("%s: %s", p.Reason, p.Message)
	}
	want := map[string]string{
		".github/workflows/secret.yml": "unreadable: open: permission denied",
		".github/workflows/disk.yml":   "unreadable: read: input/output error",
		"private":                      "unreadable: open: permission denied",
		".gitlab-ci.yml":               "ci/secret.yml",
		"ci/secret.yml":                "unreadable: open: permission denied", // read as YAML too
	}
	for file, w := range want {
		if !strings.Contains(got[file], w) {
			t.Errorf("%s: got %q, want it to contain %q", file, got[file], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems %q", got)
	}
	if !hasWorkflow(r, ".github/workflows/ok.yml") || len(r.Workflows) != 1 {
		t.Errorf("workflows read: %d", len(r.Workflows))
	}
	if len(r.Objects) != 1 || r.Objects[0].Name.Value != "seen" {
		t.Errorf("objects read: %v", r.Objects)
	}
	if len(r.GitLab) != 1 || r.GitLab[0].Job("job") == nil {
		t.Errorf("the GitLab pipeline was not read past its unreadable include")
	}
}

// TestUnreadableRoot: a root that cannot be listed is an error naming it.
func TestUnreadableRoot(t *testing.T) {
	fsys := deniedFS{FS: fstest.MapFS{"a.yaml": {Data: []byte("a: 1\n")}}, deny: map[string]bool{".": true}}
	_, err := Load(context.Background(), fsys, "/srv/repo", Options{})
	if err == nil || !strings.Contains(err.Error(), "/srv/repo") || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("err = %v, want a permission error naming /srv/repo", err)
	}
}

// eachOpener runs test on the repository read through openat2 (where the
// kernel allows it) and through os.Root alone, which must agree.
func eachOpener(t *testing.T, test func(t *testing.T)) {
	for _, o := range []struct {
		name string
		open func(string) (beneath.FS, error)
	}{{"openat2", beneath.Open}, {"os.Root", beneath.OpenRoot}} {
		t.Run(o.name, func(t *testing.T) {
			saved := openDir
			openDir = o.open
			t.Cleanup(func() { openDir = saved })
			test(t)
		})
	}
}

// TestUnreadableWithChmod is the same as the injected case on a real file
// system; root reads through any mode, so there it is skipped.
func TestUnreadableWithChmod(t *testing.T) {
	eachOpener(t, func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads files whatever their mode; TestUnreadableFilesAndDirectories injects the errors instead")
		}
		dir := gittest.Tree(t, map[string]string{
			".github/workflows/ok.yml":     goodWorkflow,
			".github/workflows/secret.yml": goodWorkflow,
			"private/deploy.yaml":          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hidden}\n",
		})
		for _, p := range []string{".github/workflows/secret.yml", "private"} {
			full := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.Chmod(full, 0); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Chmod(full, 0o755) }) // so that t.TempDir can remove it
		}
		r, got := problemsByFile(t, dir)
		for _, p := range []string{".github/workflows/secret.yml", "private"} {
			if len(got[p]) != 1 || got[p][0].Reason != source.ReasonUnreadable {
				t.Errorf("%s: %v", p, got[p])
			}
		}
		if len(r.Workflows) != 1 {
			t.Errorf("workflows read: %d", len(r.Workflows))
		}
	})
}

// TestSymlinkedDirectories: links to directories are not followed, so a
// loop ends and nothing outside the root is read; links to files inside
// the root still are.
func TestSymlinkedDirectories(t *testing.T) {
	eachOpener(t, func(t *testing.T) {
		dir := gittest.Tree(t, map[string]string{
			".github/workflows/ok.yml": goodWorkflow,
			"deploy/cm.yaml":           "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: inside}\n",
		})
		outside := gittest.Tree(t, map[string]string{
			"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: outside}\n",
		})
		for link, target := range map[string]string{
			"deploy/loop":     "..",
			"deploy/self":     ".",
			"external":        outside,
			"deploy/relative": filepath.Join("..", "..", filepath.Base(outside)),
		} {
			if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
				t.Fatal(err)
			}
		}
		r, got := problemsByFile(t, dir)
		if len(got) != 0 {
			t.Errorf("problems: %v", got)
		}
		var names []string
		for _, o := range r.Objects {
			names = append(names, o.Name.Value)
		}
		if strings.Join(names, " ") != "inside" || len(r.Workflows) != 1 {
			t.Errorf("objects %v, workflows %d", names, len(r.Workflows))
		}
	})
}

// TestSymlinkThroughEscapingDirectory: a link whose own target stays in
// the tree but runs through a directory link that leaves it is not read.
// Checking the link's text alone let the system follow the middle link.
func TestSymlinkThroughEscapingDirectory(t *testing.T) {
	eachOpener(t, func(t *testing.T) {
		dir := gittest.Tree(t, map[string]string{".github/workflows/ok.yml": goodWorkflow})
		outside := gittest.Tree(t, map[string]string{
			"secret.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: outside}\n",
		})
		for link, target := range map[string]string{
			"evil":          outside,
			"deploy/x.yaml": filepath.Join("..", "evil", "secret.yaml"),
			"deploy/y.yaml": "../evil/../evil/secret.yaml",
			"deploy/z":      "../evil",
			"deploy/w.yaml": "z/secret.yaml",
		} {
			p := filepath.Join(dir, filepath.FromSlash(link))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
		}
		r, got := problemsByFile(t, dir)
		for _, o := range r.Objects {
			t.Errorf("read %s from outside the repository", o.Name.Value)
		}
		for _, f := range []string{"deploy/x.yaml", "deploy/y.yaml", "deploy/w.yaml"} {
			if len(got[f]) != 1 {
				t.Errorf("%s: want one problem, got %q", f, got[f])
			}
		}
		if _, err := InputDigest(dir, Options{}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestHundredThousandFiles: a directory of 100,000 small files is walked
// and read completely, one file each, with memory for what they hold.
func TestHundredThousandFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 files")
	}
	const n = 100000
	dir := scratchDir(t)
	many := filepath.Join(dir, "deploy", "many")
	if err := os.MkdirAll(many, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		data := fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-%d}\n", i)
		if err := os.WriteFile(filepath.Join(many, fmt.Sprintf("cm-%06d.yaml", i)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, ".github", "workflows"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".github", "workflows", "ok.yml"), []byte(goodWorkflow), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := LoadDir(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Problems) != 0 {
		t.Fatalf("%d problems, first %v", len(r.Problems), r.Problems[0])
	}
	if len(r.Files) != n+1 || len(r.Objects) != n || len(r.Workflows) != 1 {
		t.Fatalf("files %d, objects %d, workflows %d", len(r.Files), len(r.Objects), len(r.Workflows))
	}
	seen := make(map[string]bool, n)
	for _, o := range r.Objects {
		seen[o.Name.Value] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct objects, want %d", len(seen), n)
	}
}

// scratchDir is a temporary directory in memory when the machine has one:
// on the CI machine's disk, unlinking 100,000 files takes a minute, on
// tmpfs under a second. Elsewhere it is t.TempDir().
func scratchDir(t *testing.T) string {
	t.Helper()
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "lockstep-test-"); err == nil {
			t.Cleanup(func() {
				if err := os.RemoveAll(dir); err != nil {
					t.Error(err)
				}
			})
			return dir
		}
	}
	return t.TempDir()
}

// TestReadSizedFileChangedSinceTheWalk: a file that grew or shrank between
// the walk and the read is read as it now is, within the limit.
func TestReadSizedFileChangedSinceTheWalk(t *testing.T) {
	fsys := fstest.MapFS{"f": {Data: []byte("abcdef")}}
	for _, tc := range []struct {
		size, max int64
		want      string
	}{
		{6, 0, "abcdef"}, {6, 6, "abcdef"}, {3, 0, "abcdef"}, {3, 10, "abcdef"}, {3, 4, "error"}, {100, 0, "abcdef"},
		{-1, 0, "abcdef"}, {-1, 6, "abcdef"}, {-1, 5, "error"}, // the size of the open file
	} {
		data, err := readFile(fsys, candidate{path: "f", target: "f", size: tc.size}, tc.max)
		got := string(data)
		if err != nil {
			got = "error"
		}
		if got != tc.want {
			t.Errorf("size %d, max %d: %q (%v), want %q", tc.size, tc.max, got, err, tc.want)
		}
	}
}

// statFailFS opens files whose Stat fails, as a file system in trouble
// may answer fstat.
type statFailFS struct{ fstest.MapFS }

func (s statFailFS) Open(name string) (fs.File, error) {
	f, err := s.MapFS.Open(name)
	if err != nil || name == "." {
		return f, err
	}
	if info, serr := f.Stat(); serr == nil && info.IsDir() {
		return f, nil
	}
	return statFailFile{f}, nil
}

type statFailFile struct{ fs.File }

func (statFailFile) Stat() (fs.FileInfo, error) {
	return nil, &fs.PathError{Op: "stat", Path: "f", Err: errors.New("input/output error")}
}

// TestOpenFileThatCannotBeStated: a file whose size cannot be learnt from
// the open file is an unreadable problem, not a crash.
func TestOpenFileThatCannotBeStated(t *testing.T) {
	r, err := Load(context.Background(), statFailFS{fstest.MapFS{"deploy/cm.yaml": {Data: []byte("a: 1\n")}}}, "repo", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Problems) != 1 || r.Problems[0].Message != "stat: input/output error" || len(r.Files) != 1 {
		t.Errorf("problems %v, files %d", r.Problems, len(r.Files))
	}
}
