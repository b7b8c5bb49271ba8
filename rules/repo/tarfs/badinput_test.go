package tarfs

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"strings"
	"testing"
)

func readErr(archive []byte, opts Options) error {
	_, err := ReadTarGz(bytes.NewReader(archive), opts)
	return err
}

// TestNotAGzippedTar: input that is no gzip stream, or gzip of something
// that is no tar archive, is ErrCorrupt saying so.
func TestNotAGzippedTar(t *testing.T) {
	plainTar := tarBytes(t, []member{reg("r/a.yaml", "a: 1\n")})
	for name, tc := range map[string]struct {
		input []byte
		want  string
	}{
		"empty":         {nil, "archive corrupt: empty stream"},
		"text":          {[]byte("<html>rate limited</html>"), "archive corrupt: not a gzip stream: gzip: invalid header"},
		"tar, no gzip":  {plainTar, "archive corrupt: not a gzip stream: gzip: invalid header"},
		"gzip of text":  {gz(t, []byte(strings.Repeat("not a tar header ", 64))), "archive corrupt: at the start: archive/tar: invalid tar header"},
		"gzip of short": {gz(t, []byte("abc")), "archive corrupt: at the start: unexpected EOF"},
	} {
		err := readErr(tc.input, Options{})
		if !errors.Is(err, ErrCorrupt) || err.Error() != tc.want {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

// TestTruncated: a download cut anywhere is ErrCorrupt naming the member
// reached, never a smaller tree that passes as complete.
func TestTruncated(t *testing.T) {
	members := []member{
		dirm("r/"), reg("r/a.yaml", strings.Repeat("a: 1\n", 2000)),
		reg("r/b.bin", strings.Repeat("\x01\x02\x03\x04\x05\x06\x07", 3000)), reg("r/c.yaml", "c: 3\n"),
	}
	whole := tarGz(t, members)
	for _, cut := range []int{10, len(whole) / 3, len(whole) / 2, len(whole) - 30, len(whole) - 4, len(whole) - 1} {
		err := readErr(whole[:cut], Options{})
		if !errors.Is(err, ErrCorrupt) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("cut at %d of %d: %v", cut, len(whole), err)
		}
	}
	if err := readErr(whole[:len(whole)-4], Options{}); err == nil ||
		err.Error() != "archive corrupt: after the end of the archive: unexpected EOF" {
		t.Errorf("without the gzip trailer's length: %v", err)
	}

	// A tar stream cut inside a member, in a complete gzip stream.
	raw := tarBytes(t, members)
	for cut, want := range map[int]string{
		512 + 512 + 100:             `archive corrupt: in member "r/a.yaml": unexpected EOF`,
		512 + 512 + 10240 + 512 + 7: `archive corrupt: after member "r/b.bin": unexpected EOF`,
		512 + 300:                   `archive corrupt: after member "r/": unexpected EOF`,
	} {
		err := readErr(gz(t, raw[:cut]), Options{})
		if !errors.Is(err, ErrCorrupt) || err.Error() != want {
			t.Errorf("tar cut at %d: %v, want %q", cut, err, want)
		}
	}
	// Garbage after the gzip stream is not a second stream.
	err := readErr(append(append([]byte(nil), whole...), "trailing"...), Options{})
	if !errors.Is(err, ErrCorrupt) || !strings.HasPrefix(err.Error(), "archive corrupt: after the end of the archive: ") {
		t.Errorf("trailing garbage: %v", err)
	}
}

// TestUnsafeNamesAreSkipped: members that would land outside the tree are
// left out and listed; nothing is resolved against them.
func TestUnsafeNamesAreSkipped(t *testing.T) {
	f := read(t, tarGz(t, []member{
		reg("r/ok.yaml", "ok: 1\n"),
		reg("../evil.yaml", "x: 1\n"),
		reg("/etc/evil.yaml", "x: 1\n"),
		reg("r/a/../../evil.yaml", "x: 1\n"),
		reg("r/a/../inside.yaml", "x: 1\n"),
		symlink("r/out", "/etc"),
		reg("r/out/passwd.yaml", "x: 1\n"),
		{hdr: tar.Header{Typeflag: tar.TypeChar, Name: "r/tty", Devmajor: 5}},
		{hdr: tar.Header{Typeflag: tar.TypeBlock, Name: "r/sda.yaml", Devmajor: 8}},
		{hdr: tar.Header{Typeflag: tar.TypeFifo, Name: "r/pipe.yaml"}},
	}), Options{})
	var got []string
	for _, s := range f.Skipped() {
		got = append(got, fmt.Sprintf("%q: %s", s.Name, s.Reason))
	}
	want := []string{
		`"../evil.yaml": a ".." element in the path`,
		`"/etc/evil.yaml": an absolute path`,
		`"r/a/../../evil.yaml": a ".." element in the path`,
		`"r/a/../inside.yaml": a ".." element in the path`,
		`"r/out/passwd.yaml": its parent r/out is not a directory`,
		`"r/tty": a device or FIFO`,
		`"r/sda.yaml": a device or FIFO`,
		`"r/pipe.yaml": a device or FIFO`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("skipped:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	entries, err := fs.ReadDir(f, ".")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name()+":"+e.Type().String())
	}
	if strings.Join(names, " ") != "ok.yaml:---------- out:L---------" || f.TopDir() != "r" {
		t.Errorf("root holds %v (top %q)", names, f.TopDir())
	}
	// The link out of the tree is never followed.
	for _, name := range []string{"out", "out/passwd", "out/passwd.yaml"} {
		if _, err := f.Open(name); err == nil || !strings.Contains(err.Error(), "symbolic link leaves the archive") {
			t.Errorf("open %s: %v", name, err)
		}
	}
}

// TestLinksInsideTheArchive: symbolic links resolve inside the tree and
// loops end; hard links are copies of an earlier file, or skipped.
func TestLinksInsideTheArchive(t *testing.T) {
	f := read(t, tarGz(t, []member{
		reg("r/a.yaml", "a: 1\n"),
		symlink("r/sym.yaml", "a.yaml"),
		symlink("r/up.yaml", "../a.yaml"), // out of r, so out of the tree once r goes
		symlink("r/loop1.yaml", "loop2.yaml"), symlink("r/loop2.yaml", "loop1.yaml"),
		{hdr: tar.Header{Typeflag: tar.TypeLink, Name: "r/hard.yaml", Linkname: "r/a.yaml"}},
		{hdr: tar.Header{Typeflag: tar.TypeLink, Name: "r/dangling.yaml", Linkname: "r/missing.yaml"}},
		{hdr: tar.Header{Typeflag: tar.TypeLink, Name: "r/escape.yaml", Linkname: "../etc/passwd"}},
	}), Options{})
	for name, want := range map[string]string{
		"sym.yaml":   "a: 1\n",
		"hard.yaml":  "a: 1\n",
		"up.yaml":    "open up.yaml: symbolic link leaves the archive",
		"loop1.yaml": "open loop1.yaml: too many levels of symbolic links",
	} {
		data, err := fs.ReadFile(f, name)
		got := string(data)
		if err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if target, err := f.ReadLink("up.yaml"); target != "../a.yaml" || err != nil {
		t.Errorf("readlink: %q %v", target, err)
	}
	var got []string
	for _, s := range f.Skipped() {
		got = append(got, s.Name+": "+s.Reason)
	}
	want := `r/dangling.yaml: a hard link to "r/missing.yaml", which is no earlier file of the archive` + "\n" +
		`r/escape.yaml: a hard link to "../etc/passwd", which is no earlier file of the archive`
	if strings.Join(got, "\n") != want {
		t.Errorf("skipped:\n%s", strings.Join(got, "\n"))
	}
}

// TestDuplicateMembers: the last of two files wins, as in extraction;
// directories merge; nothing replaces a directory.
func TestDuplicateMembers(t *testing.T) {
	f := read(t, tarGz(t, []member{
		reg("r/a.yaml", "first: 1\n"), reg("r/a.yaml", "second: 2\n"),
		dirm("r/d/"), reg("r/d/x.yaml", "x: 1\n"), dirm("r/d/"),
		reg("r/d", "a file over a directory"),
		reg("r/f.yaml", "f: 1\n"), dirm("r/f.yaml/"),
	}), Options{})
	if data, _ := fs.ReadFile(f, "a.yaml"); string(data) != "second: 2\n" {
		t.Errorf("a.yaml: %q", data)
	}
	if data, _ := fs.ReadFile(f, "d/x.yaml"); string(data) != "x: 1\n" {
		t.Errorf("d/x.yaml: %q", data)
	}
	if info, err := fs.Stat(f, "f.yaml"); err != nil || !info.IsDir() {
		t.Errorf("f.yaml: %v %v", info, err)
	}
	if s := f.Skipped(); len(s) != 1 || s[0].Name != "r/d" || s[0].Reason != "a directory of that name is already in the archive" {
		t.Errorf("skipped %v", s)
	}
}

// TestInvalidUTF8Name: a name that is no valid fs.FS path is listed but
// cannot be opened, as os.DirFS does with such a file on disk.
func TestInvalidUTF8Name(t *testing.T) {
	f := read(t, tarGz(t, []member{reg("r/caf\xe9.yaml", "a: 1\n"), reg("r/ok.yaml", "a: 1\n")}), Options{})
	entries, err := f.ReadDir(".")
	if err != nil || len(entries) != 2 || entries[0].Name() != "caf\xe9.yaml" {
		t.Fatalf("%v %v", entries, err)
	}
	if _, err := f.Stat("caf\xe9.yaml"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("stat: %v", err)
	}
}

// TestNULInName: archive/tar refuses a pax path with a NUL byte; the
// archive is corrupt from there.
func TestNULInName(t *testing.T) {
	raw := tarBytes(t, []member{reg("r/ok.yaml", "a: 1\n"), {hdr: tar.Header{
		Typeflag: tar.TypeReg, Name: "r/bad\u00e9X.yaml", Size: 2, Format: tar.FormatPAX,
	}, data: "x\n"}})
	i := bytes.Index(raw, []byte("path=r/bad\u00e9X"))
	if i < 0 {
		t.Fatal("no pax path record")
	}
	raw[i+len("path=r/bad\u00e9")] = 0
	err := readErr(gz(t, raw), Options{})
	if !errors.Is(err, ErrCorrupt) || err.Error() != `archive corrupt: after member "r/ok.yaml": archive/tar: invalid tar header` {
		t.Errorf("%v", err)
	}
	if _, why := cleanName("r/a\x00.yaml"); why != "a NUL byte in the name" {
		t.Errorf("cleanName: %q", why)
	}
}

// countingReader counts the compressed bytes the reader took.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestGzipBombs: small downloads that inflate past MaxBytes stop with
// ErrTooLarge, having read only part of the download.
func TestGzipBombs(t *testing.T) {
	const limit = 1 << 20
	// Incompressible content stands for a huge repository: the limit
	// stops it as early as it stops a bomb.
	rng := rand.New(rand.NewSource(1))
	var many []member
	for i := range 16 {
		blob := make([]byte, 256<<10)
		rng.Read(blob)
		many = append(many, member{hdr: tar.Header{Typeflag: tar.TypeReg, Name: fmt.Sprintf("r/blob%02d.bin", i), Size: 256 << 10}, data: string(blob)})
	}
	var zeros bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&zeros, gzip.BestSpeed) // a valid level
	if _, err := io.CopyN(zw, zeroReader{}, 32<<20); err != nil || zw.Close() != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		archive []byte
		want    string
	}{
		"one declared huge member": {
			tarGz(t, []member{reg("r/a.yaml", "a: 1\n"), zeroMember("r/huge.bin", 16<<20)}),
			`archive too large: more than 1048576 uncompressed bytes, the limit (member "r/huge.bin" holds 16777216 bytes)`,
		},
		"many large members": {
			tarGz(t, many),
			`archive too large: more than 1048576 uncompressed bytes, the limit (member "r/blob03.bin" holds 262144 bytes)`,
		},
		"zeros, no tar": {
			zeros.Bytes(),
			`archive too large: more than 1048576 uncompressed bytes, the limit (after the end of the archive)`,
		},
	} {
		in := &countingReader{r: bytes.NewReader(tc.archive)}
		_, err := ReadTarGz(in, Options{Limits: Limits{MaxBytes: limit}})
		if !errors.Is(err, ErrTooLarge) || err.Error() != tc.want {
			t.Errorf("%s: %v\nwant %s", name, err, tc.want)
		}
		t.Logf("%s: read %d of %d compressed bytes", name, in.n, len(tc.archive))
		if in.n > len(tc.archive)/2 {
			t.Errorf("%s: read %d of %d compressed bytes before stopping", name, in.n, len(tc.archive))
		}
	}
}

// TestLimitReachedInAHeader: the byte limit counts headers too.
func TestLimitReachedInAHeader(t *testing.T) {
	archive := tarGz(t, []member{reg("r/a.bin", strings.Repeat("x", 1024)), reg("r/b.bin", "")})
	err := readErr(archive, Options{Limits: Limits{MaxBytes: 512 + 1024 + 100}})
	if !errors.Is(err, ErrTooLarge) || err.Error() != `archive too large: more than 1636 uncompressed bytes, the limit (after member "r/a.bin")` {
		t.Errorf("%v", err)
	}
}

// TestMemberLimit: more members than MaxMembers is ErrTooLarge saying so.
func TestMemberLimit(t *testing.T) {
	var members []member
	for i := range 101 {
		members = append(members, reg(fmt.Sprintf("r/%03d.txt", i), ""))
	}
	archive := tarGz(t, members)
	err := readErr(archive, Options{Limits: Limits{MaxMembers: 100}})
	if !errors.Is(err, ErrTooLarge) || err.Error() != "archive too large: more than 100 members, the limit" {
		t.Errorf("%v", err)
	}
	if err := readErr(archive, Options{Limits: Limits{MaxMembers: 101}}); err != nil {
		t.Errorf("at the limit: %v", err)
	}
}
