package tarfs

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
)

// FuzzReadTarGz feeds tar streams (gzip'ed here, so that mutations reach
// the tar headers) and raw gzip streams: reading ends in a tree or in
// ErrTooLarge or ErrCorrupt, and the tree holds only valid paths whose
// files read back as their stated size.
func FuzzReadTarGz(f *testing.F) {
	github := tarBytes(f, githubLayout(map[string]string{
		".github/workflows/ci.yml": "on: push\n", "deploy/cm.yaml": "kind: ConfigMap\n", "README.md": "hi\n",
	}))
	f.Add(github)
	f.Add(gz(f, github))
	f.Add(gz(f, github)[:200])
	f.Add(github[:1500])
	f.Add(tarBytes(f, []member{
		reg("r/a.yaml", "a: 1\n"), symlink("r/s.yaml", "a.yaml"), symlink("r/l1", "l2"), symlink("r/l2", "l1"),
		symlink("r/out", "/etc"), reg("r/out/x.yaml", "x"), reg("../x.yaml", "x"),
		{hdr: tar.Header{Typeflag: tar.TypeLink, Name: "r/h.yaml", Linkname: "r/a.yaml"}},
		{hdr: tar.Header{Typeflag: tar.TypeFifo, Name: "r/p"}}, dirm("r/a.yaml/"), reg("r/a.yaml", "again"),
	}))
	f.Add([]byte("not an archive"))
	f.Fuzz(func(t *testing.T, data []byte) {
		input := data
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			input = gz(t, data)
		}
		opts := Options{Limits: Limits{MaxBytes: 1 << 20, MaxMembers: 1000, MaxFileBytes: 4096}}
		fsys, err := ReadTarGz(bytes.NewReader(input), opts)
		if err != nil {
			if !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error of no known kind: %v", err)
			}
			return
		}
		err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				t.Fatalf("walk %q: %v", p, err)
			}
			if strings.Contains("/"+p+"/", "/../") || strings.HasPrefix(p, "/") {
				t.Fatalf("a path out of the tree: %q", p)
			}
			if !d.Type().IsRegular() || !fs.ValidPath(p) {
				return nil
			}
			info, err := fsys.Stat(p)
			if err != nil {
				t.Fatalf("stat %q: %v", p, err)
			}
			file, err := fsys.Open(p)
			if errors.Is(err, ErrNotKept) {
				return nil
			}
			if err != nil {
				t.Fatalf("open %q: %v", p, err)
			}
			content, err := io.ReadAll(file)
			if err != nil || int64(len(content)) != info.Size() {
				t.Fatalf("%q: read %d bytes (%v), stat says %d", p, len(content), err, info.Size())
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
