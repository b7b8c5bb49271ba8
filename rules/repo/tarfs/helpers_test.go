package tarfs

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"sort"
	"strings"
	"testing"
	"time"
)

const testSHA = "0123456789abcdef0123456789abcdef01234567"

// member is one archive member for the builders below.
type member struct {
	hdr   tar.Header
	data  string
	zeros bool // the content is hdr.Size zero bytes, streamed
}

// zeroMember is a member of size zero bytes, never held in memory.
func zeroMember(name string, size int64) member {
	return member{hdr: tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: size}, zeros: true}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func reg(name, data string) member {
	return member{hdr: tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: int64(len(data))}, data: data}
}

func dirm(name string) member {
	return member{hdr: tar.Header{Typeflag: tar.TypeDir, Name: name, Mode: 0o755}}
}

func symlink(name, target string) member {
	return member{hdr: tar.Header{Typeflag: tar.TypeSymlink, Name: name, Linkname: target, Mode: 0o777}}
}

// tarBytes writes members as an uncompressed tar stream.
func tarBytes(t testing.TB, members []member) []byte {
	t.Helper()
	var buf bytes.Buffer
	writeTar(t, &buf, members)
	return buf.Bytes()
}

func writeTar(t testing.TB, w io.Writer, members []member) {
	t.Helper()
	tw := tar.NewWriter(w)
	for _, m := range members {
		h := m.hdr
		if h.ModTime.IsZero() && h.Typeflag != tar.TypeXGlobalHeader {
			h.ModTime = time.Unix(1700000000, 0)
		}
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatalf("%s: %v", h.Name, err)
		}
		var err error
		if m.zeros {
			_, err = io.CopyN(tw, zeroReader{}, h.Size)
		} else {
			_, err = io.WriteString(tw, m.data)
		}
		if err != nil {
			t.Fatalf("%s: %v", h.Name, err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
}

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed) // a valid level
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func tarGz(t testing.TB, members []member) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed) // a valid level
	writeTar(t, zw, members)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// githubLayout lays files out as GitHub's tarball endpoint does: a pax
// global header with the commit, the top directory OWNER-REPO-SHORTSHA/,
// then every directory and file under it in path order.
func githubLayout(files map[string]string) []member {
	top := "acme-shop-" + testSHA[:7] + "/"
	members := []member{
		globalHeader(testSHA),
		dirm(top),
	}
	dirs := map[string]bool{}
	var paths []string
	for p := range files {
		paths = append(paths, p)
		for d := p; strings.Contains(d, "/"); {
			d = d[:strings.LastIndex(d, "/")]
			if !dirs[d] {
				dirs[d] = true
				paths = append(paths, d+"/")
			}
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		if strings.HasSuffix(p, "/") {
			members = append(members, dirm(top+p))
		} else {
			members = append(members, reg(top+p, files[p]))
		}
	}
	return members
}

func read(t testing.TB, archive []byte, opts Options) *FS {
	t.Helper()
	f, err := ReadTarGz(bytes.NewReader(archive), opts)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func keepAll(string) bool { return true }

// globalHeader is the pax global header git archive writes first.
func globalHeader(comment string) member {
	return member{hdr: tar.Header{Typeflag: tar.TypeXGlobalHeader, PAXRecords: map[string]string{"comment": comment}}}
}
