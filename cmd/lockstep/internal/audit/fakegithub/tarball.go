package fakegithub

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"math/rand/v2"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// archiveCache holds a repository's tarball once built. Touch gives the
// new Repo a fresh one.
type archiveCache struct {
	once sync.Once
	data []byte
}

// Tarball is the archive as the codeload host serves it: a gzip'ed tar
// whose members are all under TopDir()/, led by a pax global header whose
// comment is the commit SHA, as `git archive` writes it. A Broken
// repository's is damaged on purpose. It is built on first use and kept.
// Empty and Huge repositories have none here (nil): the first cannot be
// downloaded and the second is only ever streamed (WriteTarball).
func (r *Repo) Tarball() []byte {
	if r.Kind == Empty || r.Kind == Huge {
		return nil
	}
	r.archive.once.Do(func() {
		var b bytes.Buffer
		// Writes to a bytes.Buffer do not fail.
		_ = writeArchive(&b, r)
		r.archive.data = damage(r, b.Bytes())
	})
	return r.archive.data
}

// WriteTarball writes the archive to w: the cached bytes, or for a Huge
// repository a stream made as it goes, so memory stays flat however
// large the archive. It returns w's error.
func (r *Repo) WriteTarball(w io.Writer) error {
	switch r.Kind {
	case Empty:
		return nil
	case Huge:
		return writeArchive(w, r)
	}
	_, err := w.Write(r.Tarball())
	return err
}

// gzipWriters keep compressors between archives: a new one costs about
// a megabyte of state, which made building a thousand small archives
// slow. The fastest level keeps the fake from being what an audit
// benchmark measures; the format is the same.
var gzipWriters = sync.Pool{New: func() any {
	gz, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return gz
}}

func writeArchive(w io.Writer, r *Repo) error {
	gz := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(gz)
	gz.Reset(w)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{
		Typeflag:   tar.TypeXGlobalHeader,
		Name:       "pax_global_header",
		PAXRecords: map[string]string{"comment": r.SHA},
		Format:     tar.FormatPAX,
	}); err != nil {
		return err
	}
	files := r.Files()
	count, size := r.FillerFiles()
	fillers := map[string]int{}
	for i := range count {
		name := "assets/blob-" + strconv.Itoa(i) + ".bin"
		fillers[name] = i
		files[name] = ""
	}
	top := r.TopDir() + "/"
	for _, p := range gitOrder(files) {
		hdr := &tar.Header{Name: top + p, ModTime: r.PushedAt, Uname: "root", Gname: "root"}
		i, filler := fillers[p]
		switch {
		case strings.HasSuffix(p, "/") || p == "":
			hdr.Typeflag, hdr.Mode = tar.TypeDir, 0o775
		case filler:
			hdr.Typeflag, hdr.Mode, hdr.Size = tar.TypeReg, 0o664, size
		default:
			hdr.Typeflag, hdr.Mode, hdr.Size = tar.TypeReg, 0o664, int64(len(files[p]))
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		switch {
		case filler:
			if _, err := io.CopyN(tw, fillerStream(r, i), size); err != nil {
				return err
			}
		case hdr.Typeflag == tar.TypeReg:
			if _, err := io.WriteString(tw, files[p]); err != nil {
				return err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// gitOrder lists the top directory (""), every directory (with a trailing
// slash) and every file, in the order git archive writes them: a
// depth-first walk of trees whose entries sort as git sorts them, a
// directory as its name followed by a slash. A plain byte-wise sort of
// such paths gives exactly that order.
func gitOrder(files map[string]string) []string {
	seen := map[string]bool{"": true}
	out := []string{""}
	for p := range files {
		out = append(out, p)
		for d := path.Dir(p); d != "." && !seen[d+"/"]; d = path.Dir(d) {
			seen[d+"/"] = true
			out = append(out, d+"/")
		}
	}
	slices.Sort(out)
	return out
}

// fillerStream is incompressible bytes, the same for the same repository
// and file.
func fillerStream(r *Repo, i int) io.Reader {
	var seed [32]byte
	binary.LittleEndian.PutUint64(seed[:], r.seed)
	binary.LittleEndian.PutUint64(seed[8:], uint64(i))
	binary.LittleEndian.PutUint64(seed[16:], uint64(r.Revision))
	return rand.NewChaCha8(seed)
}

// BrokenHow says how a Broken repository's archive is damaged:
// "truncated" (the gzip stream stops half-way; the HTTP transfer itself
// is complete) or "not-gzip" (the first bytes are not a gzip header).
// It is "" for other kinds.
func (r *Repo) BrokenHow() string {
	if r.Kind != Broken {
		return ""
	}
	if r.seed%2 == 0 {
		return "truncated"
	}
	return "not-gzip"
}

func damage(r *Repo, data []byte) []byte {
	switch r.BrokenHow() {
	case "truncated":
		return data[:len(data)/2]
	case "not-gzip":
		data[0], data[1] = 'P', 'K'
	}
	return data
}
