package repo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sort"
	"sync"

	"github.com/lockstep-lint/lockstep/rules/repo/beneath"
	"github.com/lockstep-lint/lockstep/rules/repo/directive"
	"github.com/lockstep-lint/lockstep/rules/repo/gomod"
	"github.com/lockstep-lint/lockstep/rules/repo/gosrc"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// LoadDir loads the repository rooted at the directory dir.
func LoadDir(ctx context.Context, dir string, opts Options) (*Repo, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	// Read beneath dir, unlike os.DirFS: a path that leaves dir through a
	// symbolic link anywhere along it, not only in its last element, is
	// refused.
	fsys, err := openDir(dir)
	if err != nil {
		return nil, err
	}
	defer func() { _ = fsys.Close() }()
	return Load(ctx, fsys, dir, opts)
}

// openDir opens a repository's directory; tests compare it with os.Root.
var openDir = beneath.Open

// Load reads and parses every file of fsys that lockstep understands. It
// fails only when the tree itself cannot be walked or ctx ends; problems
// with single files become Problems (LS001).
func Load(ctx context.Context, fsys fs.FS, root string, opts Options) (*Repo, error) {
	lim := opts.limits()
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Workers read and parse files while the walk finds them, the Go
	// files first, so that opts.GoRead gets them while the rest is parsed.
	// The walk is a worker's share: it has a processor of its own, and
	// joins the others when it ends.
	q := newQueue()
	var all []*parsed     // in walk order; the walk's alone
	var goFiles []*parsed // likewise
	work := func() {
		for {
			j, ok := q.pop()
			if !ok {
				return
			}
			if ctx.Err() == nil {
				*j.p = readAndParse(fsys, j.c, lim)
			}
			if j.first && q.doneGo() && ctx.Err() == nil {
				opts.GoRead(goModel(root, opts, q.walk, goFiles))
			}
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	w, err := walk(fsys, opts.Excludes, opts.Flags.Definitions, func(c candidate) {
		p := new(parsed)
		all = append(all, p)
		if isGo(c.kind) {
			goFiles = append(goFiles, p)
		}
		q.push(job{c, p, isGo(c.kind) && opts.GoRead != nil})
	})
	if w == nil {
		w = &walked{}
	}
	if q.walkEnded(w) && opts.GoRead != nil && err == nil && ctx.Err() == nil {
		opts.GoRead(goModel(root, opts, w, goFiles))
	}
	work()
	wg.Wait()
	if err != nil {
		// fs.FS names the root "."; the user knows it by its own name.
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == "." {
			err = &fs.PathError{Op: pe.Op, Path: root, Err: pe.Err}
		}
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := &Repo{Root: root, Problems: w.problems, Unread: w.unread, CICommands: opts.CICommands, FlagPackages: opts.Flags.Packages}
	b := newBuilder(r, fsys, lim)
	for _, p := range all {
		if !p.skip {
			b.add(p)
		}
	}
	b.finish(opts)
	return r, nil
}

// job is a file to read, and where its result goes.
type job struct {
	c     candidate
	p     *parsed
	first bool // a Go file, read before the others for opts.GoRead
}

// queue hands the walk's files to the workers, the Go files first, and
// tells when the last Go file of a finished walk is parsed.
type queue struct {
	mu       sync.Mutex
	cond     sync.Cond
	first    []job // the Go files, when opts.GoRead wants them first
	rest     []job
	walkDone bool
	waiting  int
	goLeft   int // Go files pushed first and not yet parsed
	goRead   bool
	walk     *walked // once walkDone
}

func newQueue() *queue {
	q := &queue{}
	q.cond.L = &q.mu
	return q
}

func (q *queue) push(j job) {
	q.mu.Lock()
	if j.first {
		q.first = append(q.first, j)
		q.goLeft++
	} else {
		q.rest = append(q.rest, j)
	}
	if q.waiting > 0 {
		q.cond.Signal()
	}
	q.mu.Unlock()
}

// pop waits for a job; false means the walk ended and every job is taken.
func (q *queue) pop() (job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		switch {
		case len(q.first) > 0:
			j := q.first[0]
			q.first = q.first[1:]
			return j, true
		case len(q.rest) > 0:
			j := q.rest[0]
			q.rest = q.rest[1:]
			return j, true
		case q.walkDone:
			return job{}, false
		}
		q.waiting++
		q.cond.Wait()
		q.waiting--
	}
}

// walkEnded records the end of the walk; it reports whether every Go file
// is parsed already (or there was none), so that the walk calls GoRead.
func (q *queue) walkEnded(w *walked) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.walkDone = true
	q.walk = w
	q.cond.Broadcast()
	return q.claimGoRead()
}

// doneGo records a parsed Go file; it reports whether the caller is to
// call GoRead: the walk is over and this was the last Go file.
func (q *queue) doneGo() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.goLeft--
	return q.claimGoRead()
}

func (q *queue) claimGoRead() bool {
	if q.walkDone && q.goLeft == 0 && !q.goRead {
		q.goRead = true
		return true
	}
	return false
}

// isGo reports whether a file of kind k is one opts.GoRead gets.
func isGo(k Kind) bool { return k == KindGoMod || k == KindGoWork || k == KindGo }

// goModel is the model opts.GoRead gets: the Go files, in walk order,
// with what the walk learnt.
func goModel(root string, opts Options, w *walked, goFiles []*parsed) *Repo {
	r := &Repo{Root: root, FlagPackages: opts.Flags.Packages, Unread: w.unread}
	r.Problems = append(r.Problems, w.problems...)
	var files []*gosrc.File
	for _, p := range goFiles {
		if p.skip {
			continue
		}
		r.Files = append(r.Files, p.file)
		r.Problems = append(r.Problems, p.problems...)
		appendIf(&r.GoModules, p.goMod)
		appendIf(&r.GoWorks, p.goWork)
		appendIf(&files, p.goFile)
	}
	r.index()
	r.GoPackages = gosrc.Group(files)
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].Pos.Before(r.Problems[j].Pos) })
	return r
}

// readAndParse runs on a worker: one file, read within limits and parsed.
func readAndParse(fsys fs.FS, c candidate, lim source.Limits) parsed {
	p := parsed{file: &File{Path: c.path, Kind: c.kind}}
	data, err := readFile(fsys, c, lim.MaxBytes)
	var large *tooLargeError
	switch {
	case errors.Is(err, errNotRegular):
		p.skip = true
		return p
	case errors.As(err, &large):
		p.problems = append(p.problems, source.Problemf(source.Pos{File: c.path, Line: 1, Col: 1},
			source.ReasonTooLarge, "%d bytes exceeds the limit of %d bytes", large.size, lim.MaxBytes))
		return p
	case err != nil:
		p.problems = append(p.problems, source.Problemf(source.Pos{File: c.path}, source.ReasonUnreadable, "%v", trimPathError(err)))
		return p
	}
	p.file.Data = data
	p.directives = directive.Scan(c.path, data)
	parseFile(&p, fsys, lim)
	return p
}

// readLimited reads at most max bytes (plus one, to detect a file that
// grew after it was listed).
func readLimited(fsys fs.FS, name string, max int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read-only
	var rd io.Reader = f
	if max > 0 {
		rd = io.LimitReader(f, max+1)
	}
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, err
	}
	if max > 0 && int64(len(data)) > max {
		return nil, fmt.Errorf("file grew beyond the limit of %d bytes while being read", max)
	}
	return data, nil
}

// errNotRegular is a file that was regular when listed and is not now.
var errNotRegular = errors.New("not a regular file")

// tooLargeError is a file over the size limit, which is not read.
type tooLargeError struct{ size int64 }

func (e *tooLargeError) Error() string { return fmt.Sprintf("%d bytes", e.size) }

// open opens a candidate and learns its size: the walk's, for a link it
// followed, else the open file's. A file over max is not opened; an FS
// that refuses to open such a file (an archive keeps no content past its
// limit) still tells its size.
func (c candidate) open(fsys fs.FS, max int64) (fs.File, int64, error) {
	if max > 0 && c.size > max {
		return nil, c.size, &tooLargeError{c.size}
	}
	f, err := fsys.Open(c.target)
	if err != nil {
		if info, serr := fs.Stat(fsys, c.target); serr == nil && max > 0 && info.Size() > max {
			return nil, info.Size(), &tooLargeError{info.Size()}
		}
		return nil, 0, err
	}
	if c.size >= 0 {
		return f, c.size, nil
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close() // read-only
		return nil, 0, err
	}
	switch size := info.Size(); {
	case !info.Mode().IsRegular():
		err = errNotRegular
	case max > 0 && size > max:
		err = &tooLargeError{size}
	default:
		return f, size, nil
	}
	_ = f.Close() // read-only
	return nil, info.Size(), err
}

// readFile reads a candidate within max bytes into one buffer of the size
// it has: io.ReadAll starts at 512 bytes and grows, which cost a sixth of
// a workflow-only check's allocations.
func readFile(fsys fs.FS, c candidate, max int64) ([]byte, error) {
	f, size, err := c.open(fsys, max)
	if err != nil {
		return nil, err
	}
	data, err := readSized(f, size)
	if cerr := f.Close(); err == nil && cerr != nil && !errors.Is(cerr, fs.ErrClosed) {
		err = cerr
	}
	if errors.Is(err, errGrew) {
		// It grew since its size was learnt (rare): read it again within
		// the limit.
		return readLimited(fsys, c.target, max)
	}
	return data, err
}

var errGrew = errors.New("the file grew")

// readSized reads f, of size bytes, reporting errGrew when there is more.
func readSized(f io.Reader, size int64) ([]byte, error) {
	buf := make([]byte, size+1) // one more, to see the file grew
	n, err := io.ReadFull(f, buf)
	switch {
	case err == nil:
		return nil, errGrew
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return buf[:n:n], nil
	default:
		return nil, err
	}
}

// New builds a repository model from in-memory files; tests use it.
func New(files map[string]string) *Repo {
	r := &Repo{}
	for p, data := range files {
		r.Files = append(r.Files, &File{Path: p, Data: []byte(data)})
	}
	sort.Slice(r.Files, func(i, j int) bool { return r.Files[i].Path < r.Files[j].Path })
	r.index()
	return r
}

func (r *Repo) index() {
	r.byPath = make(map[string]*File, len(r.Files))
	for _, f := range r.Files {
		r.byPath[f.Path] = f
	}
	r.moduleByDir = make(map[string]*gomod.Module, len(r.GoModules))
	for _, m := range r.GoModules {
		r.moduleByDir[m.Dir] = m
	}
}
