package beneath_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lockstep-lint/lockstep/rules/repo/beneath"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
)

// tree writes a directory with files, subdirectories and every kind of
// symbolic link: within it, out of it (absolute and relative, directly
// and through a directory), in a loop, and to /proc's magic links.
func tree(t *testing.T) string {
	t.Helper()
	dir := gittest.Tree(t, map[string]string{
		"a.yaml":                      "a: 1\n",
		"deploy/base/deployment.yaml": "kind: Deployment\n",
		"deploy/base/z.yaml":          "z\n",
		"deploy/base/b.yaml":          "b\n",
		"empty/.keep":                 "",
	})
	outside := gittest.Tree(t, map[string]string{"secret.yaml": "secret\n"})
	for link, target := range map[string]string{
		"inside.yaml":        "a.yaml",
		"deploy/up.yaml":     "../a.yaml",
		"deploy/basedir":     "base",
		"abs.yaml":           filepath.Join(outside, "secret.yaml"),
		"rel.yaml":           "../" + filepath.Base(outside) + "/secret.yaml",
		"out":                outside,
		"through.yaml":       "out/secret.yaml",
		"loop1.yaml":         "loop2.yaml",
		"loop2.yaml":         "loop1.yaml",
		"self":               ".",
		"magic":              "/proc/self/root",
		"dangling.yaml":      "missing.yaml",
		"deploy/parent.yaml": "../../" + filepath.Base(dir) + "/a.yaml",
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// names are asked of both FSs; each must answer the same.
var names = []string{
	".", "a.yaml", "deploy", "deploy/base", "deploy/base/deployment.yaml", "empty",
	"inside.yaml", "deploy/up.yaml", "deploy/basedir", "deploy/basedir/b.yaml",
	"abs.yaml", "rel.yaml", "out", "out/secret.yaml", "through.yaml",
	"loop1.yaml", "self", "self/a.yaml", "self/self/deploy/base/z.yaml", "magic", "magic/etc/hostname",
	"dangling.yaml", "deploy/parent.yaml", "missing", "a.yaml/x",
	"../a.yaml", "/a.yaml", "deploy/../a.yaml", "deploy/", "",
}

func TestSameAnswersAsOSRoot(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the openat2 FS is Linux's")
	}
	dir := tree(t)
	fast, err := beneath.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = fast.Close() }()
	if !beneath.IsFast(fast) {
		t.Skip("this kernel refuses openat2: only os.Root is used here")
	}
	root, err := beneath.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = root.Close() }()
	for _, name := range names {
		for _, op := range []string{"open", "readdir", "stat", "lstat", "readlink"} {
			want, got := ask(root, op, name), ask(fast, op, name)
			if got != want {
				t.Errorf("%s %q:\nos.Root: %s\nopenat2: %s", op, name, want, got)
			}
		}
	}
}

// ask answers op on name as a line of text: what was read, or the error
// without its path (the FSs name files differently, as the loader's
// problems do not show).
func ask(fsys beneath.FS, op, name string) string {
	var out string
	var err error
	switch op {
	case "open":
		var f fs.File
		if f, err = fsys.Open(name); err == nil {
			var data []byte
			data, err = io.ReadAll(f)
			out = fmt.Sprintf("%q", data)
			if err != nil { // a directory: read fails the same
				var pe *fs.PathError
				if errors.As(err, &pe) {
					err = pe.Err
				}
			}
			_ = f.Close()
		}
	case "readdir":
		var es []fs.DirEntry
		if es, err = fsys.ReadDir(name); err == nil {
			var list []string
			for _, e := range es {
				info, ierr := e.Info()
				if ierr != nil {
					return "info: " + ierr.Error()
				}
				list = append(list, fmt.Sprintf("%s:%v:%v", e.Name(), e.Type(), info.Mode()))
			}
			out = strings.Join(list, " ")
		}
	case "stat", "lstat":
		var info fs.FileInfo
		if op == "stat" {
			info, err = fsys.Stat(name)
		} else {
			info, err = fsys.Lstat(name)
		}
		if err == nil {
			size := info.Size()
			if info.IsDir() || info.Mode()&fs.ModeSymlink != 0 {
				size = 0 // directory sizes differ with the file system; links' with the FS's naming
			}
			out = fmt.Sprintf("%s %v %d", info.Name(), info.Mode(), size)
		}
	case "readlink":
		out, err = fsys.ReadLink(name)
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return "error: " + opName(pe.Op) + ": " + pe.Err.Error()
		}
		return "error: " + err.Error()
	}
	return out
}

// opName folds os.Root's operation names, which vary with where it
// failed (an openat along the way, a statat at the end).
func opName(op string) string {
	switch op {
	case "statat", "lstatat", "readlinkat", "openat", "open", "stat", "lstat", "readlink", "readdirent":
		return "op"
	}
	return op
}

func TestFSConforms(t *testing.T) {
	dir := gittest.Tree(t, map[string]string{"a.yaml": "a: 1\n", "deploy/base/deployment.yaml": "kind: Deployment\n", "deploy/x.yml": "x\n"})
	for _, open := range []func(string) (beneath.FS, error){beneath.Open, beneath.OpenRoot} {
		fsys, err := open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := fstest.TestFS(fsys, "a.yaml", "deploy/base/deployment.yaml", "deploy/x.yml"); err != nil {
			t.Errorf("fast=%v: %v", beneath.IsFast(fsys), err)
		}
		if err := fsys.Close(); err != nil {
			t.Error(err)
		}
	}
}

func TestOpenMissingDirectory(t *testing.T) {
	_, err := beneath.Open(filepath.Join(t.TempDir(), "missing"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want not exist", err)
	}
}
