package tarfs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// FS is a repository read from an archive. It never changes once
// ReadTarGz returns, so it is safe for concurrent use.
type FS struct {
	nodes        map[string]*node // by slash path; the root is "."
	commit       string
	top          string
	skipped      []Skip
	maxFileBytes int64
}

// Skip is an archive member that is not part of the tree, and why.
type Skip struct {
	Name   string // as the archive spells it; quote it when printing
	Reason string
}

// Commit is the commit the archive was made from, as its pax global
// header's comment says (git archive, and so GitHub, put it there); ""
// when the archive does not say.
func (f *FS) Commit() string { return f.commit }

// TopDir is the directory every member sat under and that was removed
// from their paths (GitHub's OWNER-REPO-SHORTSHA); "" when the members
// did not share one.
func (f *FS) TopDir() string { return f.top }

// Skipped lists the members left out of the tree: unsafe or invalid
// names, devices, FIFOs, sparse files, members that clash with the tree.
func (f *FS) Skipped() []Skip { return append([]Skip(nil), f.skipped...) }

// node is a file, directory or symbolic link of the tree.
type node struct {
	name    string
	mode    fs.FileMode
	size    int64
	modTime time.Time
	data    []byte // the content, when kept
	kept    bool
	dropped dropReason // why the content was not kept
	link    string     // a symbolic link's target
	entries []fs.DirEntry
}

type dropReason uint8

const (
	notRead  dropReason = iota // lockstep does not read the file
	tooLarge                   // over the per-file limit
)

func (n *node) Name() string               { return n.name }
func (n *node) Size() int64                { return n.size }
func (n *node) Mode() fs.FileMode          { return n.mode }
func (n *node) ModTime() time.Time         { return n.modTime }
func (n *node) IsDir() bool                { return n.mode.IsDir() }
func (n *node) Sys() any                   { return nil }
func (n *node) Type() fs.FileMode          { return n.mode.Type() }
func (n *node) Info() (fs.FileInfo, error) { return n, nil }
func (n *node) String() string             { return fs.FormatFileInfo(n) }

// ErrNotKept is the error of opening a file whose content the archive
// reader discarded (see Options.Keep and Limits.MaxFileBytes).
var ErrNotKept = errors.New("content not kept from the archive")

func (f *FS) notKept(n *node) error {
	if n.dropped == tooLarge {
		return fmt.Errorf("%w: %d bytes exceeds the per-file limit of %d bytes", ErrNotKept, n.size, f.maxFileBytes)
	}
	return fmt.Errorf("%w: lockstep does not read this file", ErrNotKept)
}

// maxLinkHops matches Linux's limit on a chain of symbolic links.
const maxLinkHops = 40

// Lookup errors read as the operating system's do, so that a problem
// reads the same from an archive as from a checkout.
var (
	errNotExist   = osError{"no such file or directory", fs.ErrNotExist}
	errNotDir     = osError{"not a directory", nil}
	errLinkLoop   = osError{"too many levels of symbolic links", nil}
	errLinkLeaves = errors.New("symbolic link leaves the archive")
)

type osError struct {
	msg string
	is  error
}

func (e osError) Error() string        { return e.msg }
func (e osError) Is(target error) bool { return e.is != nil && target == e.is }

// lookup finds name, following symbolic links in every element (and in
// the last one when follow is set) without ever leaving the tree.
func (f *FS) lookup(op, name string, follow bool) (*node, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	cur := name
	for hops := 0; ; {
		if cur == "." {
			return f.nodes["."], nil
		}
		var n *node
		resolved := true
		for i := 0; ; {
			j := strings.IndexByte(cur[i:], '/')
			last := j < 0
			end := len(cur)
			if !last {
				end = i + j
			}
			n = f.nodes[cur[:end]]
			if n == nil {
				return nil, &fs.PathError{Op: op, Path: name, Err: errNotExist}
			}
			if n.mode&fs.ModeSymlink != 0 && (!last || follow) {
				if hops++; hops > maxLinkHops {
					return nil, &fs.PathError{Op: op, Path: name, Err: errLinkLoop}
				}
				if path.IsAbs(n.link) {
					return nil, &fs.PathError{Op: op, Path: name, Err: errLinkLeaves}
				}
				next := path.Join(path.Dir(cur[:end]), n.link)
				if next == ".." || strings.HasPrefix(next, "../") {
					return nil, &fs.PathError{Op: op, Path: name, Err: errLinkLeaves}
				}
				if !last {
					next = path.Join(next, cur[end+1:])
				}
				cur, resolved = next, false
				break
			}
			if last {
				break
			}
			if !n.IsDir() {
				return nil, &fs.PathError{Op: op, Path: name, Err: errNotDir}
			}
			i = end + 1
		}
		if resolved {
			return n, nil
		}
	}
}

// Open opens a file or directory, following symbolic links inside the
// tree. A file whose content was not kept cannot be opened (ErrNotKept).
func (f *FS) Open(name string) (fs.File, error) {
	n, err := f.lookup("open", name, true)
	if err != nil {
		return nil, err
	}
	if n.IsDir() {
		return &dir{n: n}, nil
	}
	if !n.kept {
		return nil, &fs.PathError{Op: "open", Path: name, Err: f.notKept(n)}
	}
	return &file{Reader: bytes.NewReader(n.data), n: n}, nil
}

// Stat follows symbolic links; it works on files whose content was not
// kept, so a reader can tell their size.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	n, err := f.lookup("stat", name, true)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// Lstat does not follow a symbolic link in the last element.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	n, err := f.lookup("lstat", name, false)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// ReadLink returns a symbolic link's target as the archive holds it.
func (f *FS) ReadLink(name string) (string, error) {
	n, err := f.lookup("readlink", name, false)
	if err != nil {
		return "", err
	}
	if n.mode&fs.ModeSymlink == 0 {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return n.link, nil
}

// ReadDir lists a directory sorted by name.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	n, err := f.lookup("readdir", name, true)
	if err != nil {
		return nil, err
	}
	if !n.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errNotDir}
	}
	return append([]fs.DirEntry(nil), n.entries...), nil
}

// ReadFile returns a copy of a file's content: the tree stays immutable
// whatever the caller does with it.
func (f *FS) ReadFile(name string) ([]byte, error) {
	n, err := f.lookup("open", name, true)
	if err != nil {
		return nil, err
	}
	if n.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	if !n.kept {
		return nil, &fs.PathError{Op: "open", Path: name, Err: f.notKept(n)}
	}
	return bytes.Clone(n.data), nil
}

type file struct {
	*bytes.Reader
	n *node
}

func (f *file) Stat() (fs.FileInfo, error) { return f.n, nil }
func (f *file) Close() error               { return nil }

type dir struct {
	n      *node
	offset int
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.n, nil }
func (d *dir) Close() error               { return nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.n.name, Err: errors.New("is a directory")}
}

// ReadDir follows fs.ReadDirFile: n > 0 reads in batches and ends with
// io.EOF; n <= 0 returns the rest.
func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.n.entries[d.offset:]
	if n <= 0 {
		d.offset += len(rest)
		return append([]fs.DirEntry(nil), rest...), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	if n > len(rest) {
		n = len(rest)
	}
	d.offset += n
	return append([]fs.DirEntry(nil), rest[:n]...), nil
}

// index fills every directory's sorted entry list once the tree is
// complete.
func (f *FS) index() {
	for p, n := range f.nodes {
		if p == "." {
			continue
		}
		parent := f.nodes[path.Dir(p)]
		parent.entries = append(parent.entries, n)
	}
	for _, n := range f.nodes {
		slices.SortFunc(n.entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	}
}
