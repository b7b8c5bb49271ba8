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
	"sync/atomic"

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
	lim := opts.Limits
	if lim == (source.Limits{}) {
		lim = source.DefaultLimits
	}
	cands, problems, err := walk(fsys, opts.Excludes, opts.Flags.Definitions)
	if err != nil {
		// fs.FS names the root "."; the user knows it by its own name.
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == "." {
			err = &fs.PathError{Op: pe.Op, Path: root, Err: pe.Err}
		}
		return nil, err
	}
	results := make([]parsed, len(cands))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// The Go files go first, so that opts.GoRead gets them while the rest
	// is parsed; the last worker to finish one calls it.
	order := goFirst(cands)
	goFiles := 0
	for goFiles < len(order) && isGo(cands[order[goFiles]].kind) {
		goFiles++
	}
	var goLeft atomic.Int64
	goLeft.Store(int64(goFiles))
	goRead := func() {
		if opts.GoRead != nil {
			opts.GoRead(goModel(root, opts, problems, results, order[:goFiles]))
		}
	}
	if goFiles == 0 && ctx.Err() == nil {
		goRead()
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = readAndParse(fsys, cands[i], lim)
				if isGo(cands[i].kind) && goLeft.Add(-1) == 0 {
					goRead()
				}
			}
		}()
	}
	for _, i := range order {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := &Repo{Root: root, Problems: problems, CICommands: opts.CICommands, FlagPackages: opts.Flags.Packages}
	b := newBuilder(r, fsys, lim)
	for i := range results {
		b.add(&results[i])
	}
	b.finish(opts)
	return r, nil
}

// isGo reports whether a file of kind k is one opts.GoRead gets.
func isGo(k Kind) bool { return k == KindGoMod || k == KindGoWork || k == KindGo }

// goFirst is the order to parse cands in: the Go files first, each part
// in walk order.
func goFirst(cands []candidate) []int {
	order := make([]int, 0, len(cands))
	for i, c := range cands {
		if isGo(c.kind) {
			order = append(order, i)
		}
	}
	for i, c := range cands {
		if !isGo(c.kind) {
			order = append(order, i)
		}
	}
	return order
}

// goModel is the model opts.GoRead gets: the Go files of results at idx
// (in walk order), with the walk's problems.
func goModel(root string, opts Options, walkProblems []source.Problem, results []parsed, idx []int) *Repo {
	r := &Repo{Root: root, FlagPackages: opts.Flags.Packages}
	r.Problems = append(r.Problems, walkProblems...)
	var files []*gosrc.File
	for _, i := range idx {
		p := &results[i]
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
	if lim.MaxBytes > 0 && c.size > lim.MaxBytes {
		p.problems = append(p.problems, source.Problemf(source.Pos{File: c.path, Line: 1, Col: 1},
			source.ReasonTooLarge, "%d bytes exceeds the limit of %d bytes", c.size, lim.MaxBytes))
		return p
	}
	data, err := readSized(fsys, c.target, c.size, lim.MaxBytes)
	if err != nil {
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

// readSized reads a file whose size the walk saw into one buffer of that
// size: io.ReadAll starts at 512 bytes and grows, which cost a sixth of a
// workflow-only check's allocations.
func readSized(fsys fs.FS, name string, size, max int64) ([]byte, error) {
	if size <= 0 || max > 0 && size > max {
		return readLimited(fsys, name, max)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read-only
	buf := make([]byte, size+1)      // one more, to see the file grew
	n, err := io.ReadFull(f, buf)
	switch {
	case err == nil:
		// It grew since the walk (rare): read it again within the limit.
		return readLimited(fsys, name, max)
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
