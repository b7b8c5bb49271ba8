// Package tarfs reads a repository from a gzip'ed tar archive, as
// GitHub's tarball endpoint serves a branch, into an in-memory fs.FS that
// repo.Load reads like a checkout on disk.
//
// The archive is streamed once. Only the content of files lockstep reads
// (repo.Wanted) is kept; every other member's data is skipped without
// being buffered. Total uncompressed bytes and the number of members are
// bounded, so a hostile or enormous repository ends in ErrTooLarge instead
// of exhausting memory or time.
package tarfs

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Limits bound what reading one archive may cost.
type Limits struct {
	// MaxBytes bounds the uncompressed tar stream, headers included: the
	// bound on a gzip bomb and on the memory kept content can take.
	MaxBytes int64
	// MaxMembers bounds the number of archive members.
	MaxMembers int
	// MaxFileBytes is the size above which a file's content is not kept,
	// only its size. Set it to the loader's source.Limits.MaxBytes, so
	// that Load reports such a file as too large, as it does on disk.
	MaxFileBytes int64
}

// DefaultLimits fit the largest monorepos with a wide margin; the
// per-file limit is the loader's own.
var DefaultLimits = Limits{
	MaxBytes:     1 << 30,
	MaxMembers:   200_000,
	MaxFileBytes: source.DefaultLimits.MaxBytes,
}

// Options tune ReadTarGz.
type Options struct {
	// Limits' zero fields take DefaultLimits' values.
	Limits Limits
	// Keep reports whether the content of the file at a slash path
	// (relative to the repository root) is kept; nil means repo.Wanted.
	// Opening a file whose content was not kept fails with ErrNotKept, so
	// Load reports it (LS001) rather than passing it silently. Files that
	// only a .lockstep.yml flags.definitions glob names are not wanted by
	// name: add the globs here when they are known before the download.
	Keep func(path string) bool
}

var (
	// ErrTooLarge says the archive exceeds Limits.MaxBytes or MaxMembers.
	ErrTooLarge = errors.New("archive too large")
	// ErrCorrupt says the stream is not a complete gzip'ed tar archive.
	ErrCorrupt = errors.New("archive corrupt")
)

// errOverBudget is what the byte counter returns once MaxBytes is passed;
// it becomes ErrTooLarge with the member the reader had reached.
var errOverBudget = errors.New("over the uncompressed byte limit")

// ReadTarGz reads a gzip'ed tar archive into an FS rooted at the
// repository root: when every member sits under one top directory (as
// in GitHub's tarballs) that directory is removed from their paths.
// Members that would land outside the tree, devices, FIFOs and the like
// are left out and listed by FS.Skipped; symbolic links are kept as links,
// which repo.Load resolves only inside the tree.
func ReadTarGz(r io.Reader, opts Options) (*FS, error) {
	lim := opts.Limits
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = DefaultLimits.MaxBytes
	}
	if lim.MaxMembers <= 0 {
		lim.MaxMembers = DefaultLimits.MaxMembers
	}
	if lim.MaxFileBytes <= 0 {
		lim.MaxFileBytes = DefaultLimits.MaxFileBytes
	}
	keep := opts.Keep
	if keep == nil {
		keep = repo.Wanted
	}
	zr, err := gzip.NewReader(r)
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: empty stream", ErrCorrupt)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: not a gzip stream: %w", ErrCorrupt, err)
	}
	rd := &reader{
		lim:     lim,
		keep:    keep,
		counter: &budget{r: zr, max: lim.MaxBytes},
		fsys: &FS{
			nodes:        map[string]*node{".": {name: ".", mode: fs.ModeDir | 0o755}},
			maxFileBytes: lim.MaxFileBytes,
		},
		shared: true,
	}
	if err := rd.read(); err != nil {
		return nil, err
	}
	rd.fsys.stripTop(rd.top, rd.shared)
	rd.fsys.index()
	return rd.fsys, nil
}

type reader struct {
	lim     Limits
	keep    func(string) bool
	counter *budget
	fsys    *FS
	members int
	last    string // the last member's name, for errors
	// top is the first path element of the first member; shared stays
	// set while every member starts with it.
	top    string
	shared bool
	// linked holds the archive paths that kept symbolic links point to:
	// a link named deploy.yaml makes its target worth keeping.
	linked map[string]bool
}

func (rd *reader) read() error {
	tr := tar.NewReader(rd.counter)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rd.fail(err, rd.after())
		}
		rd.members++
		rd.last = hdr.Name
		if rd.members > rd.lim.MaxMembers {
			return fmt.Errorf("%w: more than %d members, the limit", ErrTooLarge, rd.lim.MaxMembers)
		}
		if err := rd.add(tr, hdr); err != nil {
			return err
		}
	}
	// The end-of-archive blocks may be followed by padding: read to the
	// end of the gzip stream, so that its checksum is verified and a
	// truncated download does not pass as complete.
	if _, err := io.Copy(io.Discard, rd.counter); err != nil {
		return rd.fail(err, "after the end of the archive")
	}
	return nil
}

// fail turns a read error at a place in the stream into ErrTooLarge or
// ErrCorrupt.
func (rd *reader) fail(err error, at string) error {
	if errors.Is(err, errOverBudget) {
		return fmt.Errorf("%w: more than %d uncompressed bytes, the limit (%s)", ErrTooLarge, rd.lim.MaxBytes, at)
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%w: %s: %w", ErrCorrupt, at, err)
}

// after names the place after the last member read.
func (rd *reader) after() string {
	if rd.members == 0 {
		return "at the start"
	}
	return fmt.Sprintf("after member %q", rd.last)
}

func (rd *reader) skip(name, reason string) {
	rd.fsys.skipped = append(rd.fsys.skipped, Skip{Name: name, Reason: reason})
}

// add puts one member into the tree.
func (rd *reader) add(tr *tar.Reader, hdr *tar.Header) error {
	if hdr.Typeflag == tar.TypeCont {
		hdr.Typeflag = tar.TypeReg // a contiguous file is a regular file everywhere but on old Unix
	}
	switch hdr.Typeflag {
	case tar.TypeXGlobalHeader:
		if c := hdr.PAXRecords["comment"]; isCommitID(c) {
			rd.fsys.commit = c
		}
		return nil
	case tar.TypeReg, tar.TypeDir, tar.TypeSymlink, tar.TypeLink:
	case tar.TypeChar, tar.TypeBlock, tar.TypeFifo:
		rd.skip(hdr.Name, "a device or FIFO")
		return nil
	case tar.TypeGNUSparse:
		rd.skip(hdr.Name, "a sparse file")
		return nil
	default:
		rd.skip(hdr.Name, fmt.Sprintf("an unsupported member type %q", hdr.Typeflag))
		return nil
	}
	for k := range hdr.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			// Its logical size is not bounded by the bytes in the stream.
			rd.skip(hdr.Name, "a sparse file")
			return nil
		}
	}
	p, why := cleanName(hdr.Name)
	if why != "" {
		rd.skip(hdr.Name, why)
		return nil
	}
	if p == "." {
		return nil // "./", the archive's own root
	}
	rd.noteTop(p)
	// A declared size that cannot fit is known before any of it is read.
	if hdr.Typeflag == tar.TypeReg && hdr.Size > rd.lim.MaxBytes-rd.counter.n {
		return fmt.Errorf("%w: more than %d uncompressed bytes, the limit (member %q holds %d bytes)",
			ErrTooLarge, rd.lim.MaxBytes, hdr.Name, hdr.Size)
	}
	n := &node{name: path.Base(p), mode: fs.FileMode(hdr.Mode).Perm(), modTime: hdr.ModTime}
	switch hdr.Typeflag {
	case tar.TypeDir:
		n.mode |= fs.ModeDir
	case tar.TypeSymlink:
		n.mode |= fs.ModeSymlink
		n.link = hdr.Linkname
		if rd.wanted(p) {
			rd.markLinked(p, hdr.Linkname)
		}
	case tar.TypeLink:
		target, why := cleanName(hdr.Linkname)
		t := rd.fsys.nodes[target]
		if why != "" || t == nil || !t.mode.IsRegular() {
			rd.skip(hdr.Name, fmt.Sprintf("a hard link to %q, which is no earlier file of the archive", hdr.Linkname))
			return nil
		}
		n.mode, n.size, n.data, n.kept, n.dropped = t.mode, t.size, t.data, t.kept, t.dropped
	case tar.TypeReg:
		n.size = hdr.Size
		switch {
		case !rd.wanted(p):
			n.dropped = notRead
		case hdr.Size > rd.lim.MaxFileBytes:
			n.dropped = tooLarge
		default:
			n.data = make([]byte, hdr.Size)
			if _, err := io.ReadFull(tr, n.data); err != nil {
				return rd.fail(err, fmt.Sprintf("in member %q", hdr.Name))
			}
			n.kept = true
		}
	}
	if why := rd.fsys.insert(p, n); why != "" {
		rd.skip(hdr.Name, why)
	}
	return nil
}

// wanted decides on the archive path p before the archive has shown
// whether its first element is a top directory to remove: it keeps what
// is wanted under either reading.
func (rd *reader) wanted(p string) bool {
	if rd.linked[p] || rd.keep(p) {
		return true
	}
	if _, rest, ok := strings.Cut(p, "/"); ok && rd.shared {
		return rd.keep(rest)
	}
	return false
}

func (rd *reader) markLinked(p, target string) {
	if path.IsAbs(target) {
		return
	}
	t := path.Join(path.Dir(p), target)
	if t == ".." || strings.HasPrefix(t, "../") {
		return
	}
	if rd.linked == nil {
		rd.linked = map[string]bool{}
	}
	rd.linked[t] = true
}

func (rd *reader) noteTop(p string) {
	first, _, _ := strings.Cut(p, "/")
	if rd.top == "" {
		rd.top = first
	} else if first != rd.top {
		rd.shared = false
	}
}

// insert adds n at p with its missing parent directories. A later member
// replaces an earlier one of the same path, as extracting the archive
// would, except that directories merge and nothing replaces a directory
// or passes through a file or link; the reason is returned then.
func (f *FS) insert(p string, n *node) string {
	for i := 0; i < len(p); i++ {
		if p[i] != '/' {
			continue
		}
		parent := p[:i]
		switch d := f.nodes[parent]; {
		case d == nil:
			f.nodes[parent] = &node{name: path.Base(parent), mode: fs.ModeDir | 0o755}
		case !d.IsDir():
			return fmt.Sprintf("its parent %s is not a directory", parent)
		}
	}
	old := f.nodes[p]
	switch {
	case old == nil:
		f.nodes[p] = n
	case old.IsDir() && n.IsDir():
		old.mode, old.modTime = n.mode, n.modTime
	case old.IsDir():
		return "a directory of that name is already in the archive"
	default:
		f.nodes[p] = n
	}
	return ""
}

// stripTop makes the shared top directory the root.
func (f *FS) stripTop(top string, shared bool) {
	if !shared || top == "" || f.nodes[top] == nil || !f.nodes[top].IsDir() {
		return
	}
	nodes := make(map[string]*node, len(f.nodes)-1)
	for p, n := range f.nodes {
		if rest, ok := strings.CutPrefix(p, top+"/"); ok {
			nodes[rest] = n
		}
	}
	root := f.nodes[top]
	root.name = "."
	nodes["."] = root
	f.nodes, f.top = nodes, top
}

// cleanName turns a member name into a path inside the tree, or says why
// it cannot be one. "." and empty elements go, like tar extraction drops
// them; ".." and absolute paths are refused, never resolved.
func cleanName(name string) (string, string) {
	switch {
	case name == "":
		return "", "an empty name"
	case strings.IndexByte(name, 0) >= 0:
		return "", "a NUL byte in the name"
	case strings.HasPrefix(name, "/"):
		return "", "an absolute path"
	}
	trimmed := strings.TrimSuffix(name, "/") // a directory's
	clean := true
	for elem := range strings.SplitSeq(trimmed, "/") {
		switch elem {
		case "..":
			return "", `a ".." element in the path`
		case "", ".":
			clean = false
		}
	}
	if clean {
		return trimmed, "" // the common case, without a copy
	}
	var b strings.Builder
	for elem := range strings.SplitSeq(trimmed, "/") {
		if elem == "" || elem == "." {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('/')
		}
		b.WriteString(elem)
	}
	if b.Len() == 0 {
		return ".", ""
	}
	return b.String(), ""
}

// isCommitID accepts a SHA-1 or SHA-256 object name in lower-case hex.
func isCommitID(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// budget counts the uncompressed bytes read and fails past max.
type budget struct {
	r   io.Reader
	n   int64
	max int64
}

func (b *budget) Read(p []byte) (int, error) {
	if b.n > b.max {
		return 0, errOverBudget
	}
	if room := b.max - b.n + 1; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	if b.n > b.max {
		return n, errOverBudget
	}
	return n, err
}
