package beneath

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// linuxFS resolves names with openat2(2) from an open root directory.
type linuxFS struct {
	fd int
	// dir is the root's absolute name: files are named by it, so that a
	// DirEntry's Info (an lstat by name) finds its file.
	dir string
}

// openFast opens dir for openat2, or reports that the kernel refuses it.
func openFast(dir string) (FS, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, false
	}
	fd, err := ignoringEINTR(func() (int, error) {
		return unix.Open(abs, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	})
	if err != nil {
		return nil, false // os.Root says why, in its words
	}
	l := &linuxFS{fd: fd, dir: abs}
	probe, err := l.open(".", unix.O_PATH)
	if err != nil {
		_ = unix.Close(fd)
		return nil, false
	}
	_ = unix.Close(probe)
	return l, true
}

func (l *linuxFS) Close() error { return unix.Close(l.fd) }

// open resolves name beneath the root. Magic links (/proc/self/fd/N)
// could lead anywhere, so they are refused too.
func (l *linuxFS) open(name string, flags uint64) (int, error) {
	how := unix.OpenHow{Flags: flags | unix.O_CLOEXEC, Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS}
	fd, err := ignoringEINTR(func() (int, error) { return unix.Openat2(l.fd, name, &how) })
	if errors.Is(err, unix.EXDEV) {
		err = errPathEscapes
	}
	return fd, err
}

// file opens name as an *os.File named by its absolute name.
func (l *linuxFS) file(op, name string, flags uint64) (*os.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	fd, err := l.open(name, flags)
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return os.NewFile(uintptr(fd), filepath.Join(l.dir, filepath.FromSlash(name))), nil
}

// Open opens name for reading. The operation names of errors are
// os.Root's.
func (l *linuxFS) Open(name string) (fs.File, error) {
	f, err := l.file("openat", name, unix.O_RDONLY)
	if err != nil {
		return nil, err // not a nil *os.File in an interface
	}
	return f, nil
}

// ReadDir lists the directory name, sorted by file name.
func (l *linuxFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	f, err := l.file("openat", name, unix.O_RDONLY|unix.O_DIRECTORY)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read-only
	es, err := f.ReadDir(-1)
	slices.SortFunc(es, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return es, err
}

// Stat follows a symbolic link in the last element, beneath the root.
func (l *linuxFS) Stat(name string) (fs.FileInfo, error) {
	return l.stat("statat", name, unix.O_PATH)
}

// Lstat does not follow a symbolic link in the last element: with
// O_NOFOLLOW, an O_PATH descriptor is of the link itself.
func (l *linuxFS) Lstat(name string) (fs.FileInfo, error) {
	return l.stat("lstatat", name, unix.O_PATH|unix.O_NOFOLLOW)
}

func (l *linuxFS) stat(op, name string, flags uint64) (fs.FileInfo, error) {
	f, err := l.file(op, name, flags)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read-only
	info, err := f.Stat()
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: errors.Unwrap(err)}
	}
	if name == "." {
		return rootInfo{info}, nil
	}
	return info, nil
}

// rootInfo is the root's FileInfo, named "." as os.Root names it.
type rootInfo struct{ fs.FileInfo }

func (rootInfo) Name() string { return "." }

// ReadLink reads the symbolic link name: readlinkat(2) with an empty
// name reads the link an O_PATH descriptor is of.
func (l *linuxFS) ReadLink(name string) (string, error) {
	f, err := l.file("readlinkat", name, unix.O_PATH|unix.O_NOFOLLOW)
	if err != nil {
		return "", err
	}
	defer func() { _ = f.Close() }() // read-only
	for size := 128; ; size *= 2 {
		buf := make([]byte, size)
		n, err := ignoringEINTR(func() (int, error) { return unix.Readlinkat(int(f.Fd()), "", buf) })
		if errors.Is(err, unix.ENOENT) {
			err = unix.EINVAL // the file is there (it was opened): not a link
		}
		if err != nil {
			return "", &fs.PathError{Op: "readlinkat", Path: name, Err: err}
		}
		if n < size {
			return string(buf[:n]), nil
		}
	}
}

func ignoringEINTR(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if !errors.Is(err, unix.EINTR) {
			return n, err
		}
	}
}
