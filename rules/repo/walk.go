package repo

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// candidate is a file the walk found worth reading.
type candidate struct {
	path string
	kind Kind
	// size is what the walk saw of a symbolic link's target; -1 for a
	// regular file, whose reader learns its size from the open file.
	size int64
	// target is the path to open: the file itself, or where a symbolic
	// link inside the repository points.
	target string
}

// walk lists the files to read in path order, directory by directory as
// fs.WalkDir would, skipping excluded and ignored directories and never
// following a symbolic link out of the root. It hands each file to found
// as soon as its directory is listed, so that reading can start before
// the walk ends.
//
// A regular file is not stat'ed here: its reader opens it anyway, and the
// open file's fstat costs one system call where a stat by name costs a
// resolution of the whole name.
func walk(fsys fs.FS, excludes, flagDefs []string, found func(candidate)) (*walked, error) {
	w := &walker{fsys: fsys, excludes: excludes, flagDefs: flagDefs, found: found, chartDirs: map[string]bool{}}
	if err := w.dir("."); err != nil {
		return nil, err
	}
	return &w.walked, nil
}

// walked is what a walk learnt besides the files: Repo.Problems and
// Repo.Unread.
type walked struct {
	problems []source.Problem
	unread   []string
}

// walkAll is walk with the files in a list.
func walkAll(fsys fs.FS, excludes, flagDefs []string) ([]candidate, []source.Problem, error) {
	var out []candidate
	w, err := walk(fsys, excludes, flagDefs, func(c candidate) { out = append(out, c) })
	if err != nil {
		return nil, nil, err
	}
	return out, w.problems, nil
}

type walker struct {
	walked
	fsys               fs.FS
	excludes, flagDefs []string
	found              func(candidate)
	// chartDirs are the directories of every Chart.yaml seen: values and
	// templates are only known by their chart, and a directory's chart is
	// known before anything in it is classified.
	chartDirs map[string]bool
}

// dir lists dir and walks what it holds. Only the root's own error ends
// the walk; any other directory that cannot be listed is a problem.
func (w *walker) dir(dir string) error {
	entries, err := fs.ReadDir(w.fsys, dir)
	if err != nil {
		if dir == "." {
			return err
		}
		w.problems = append(w.problems, source.Problemf(source.Pos{File: dir}, source.ReasonUnreadable, "%v", trimPathError(err)))
		return nil
	}
	for _, e := range entries {
		if e.Name() == "Chart.yaml" && !e.IsDir() && !excluded(join(dir, e.Name()), w.excludes) {
			w.chartDirs[dir] = true
		}
	}
	for _, e := range entries {
		p := join(dir, e.Name())
		switch {
		case excluded(p, w.excludes):
			w.unread = append(w.unread, p)
		case e.IsDir():
			if !skippedDirs[e.Name()] {
				_ = w.dir(p) // not the root: never an error
			} else if dependencyDirs[e.Name()] {
				w.unread = append(w.unread, p)
			}
		default:
			w.file(p, e)
		}
	}
	return nil
}

func (w *walker) file(p string, e fs.DirEntry) {
	kind := classify(p, w.chartDirs)
	if kind != KindLockstepConfig && excluded(p, w.flagDefs) {
		kind = KindFlagDefinition
	}
	if kind == "" || kind == KindLockstepConfig {
		return
	}
	c := candidate{path: p, kind: kind, target: p, size: -1}
	switch {
	case e.Type()&fs.ModeSymlink != 0:
		target, pr := resolveLink(w.fsys, p)
		if pr != nil {
			w.problems = append(w.problems, *pr)
			return
		}
		info, err := fs.Stat(w.fsys, target)
		if err != nil {
			w.problems = append(w.problems, source.Problemf(source.Pos{File: p}, source.ReasonUnreadable, "%v", trimPathError(err)))
			return
		}
		if !info.Mode().IsRegular() {
			return // a link to a directory (never walked) or a device
		}
		c.target, c.size = target, info.Size()
	case !e.Type().IsRegular():
		return // a pipe would block its reader
	}
	w.found(c)
}

func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// resolveLink follows a chain of symbolic links while it stays inside the
// root. fs.FS implementations without ReadLink (such as in-memory trees)
// have no links to follow.
func resolveLink(fsys fs.FS, p string) (string, *source.Problem) {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return p, nil
	}
	cur := p
	for hops := 0; hops < 40; hops++ {
		info, err := rl.Lstat(cur)
		if err != nil {
			pr := source.Problemf(source.Pos{File: p}, source.ReasonUnreadable, "%v", trimPathError(err))
			return "", &pr
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			return cur, nil
		}
		target, err := rl.ReadLink(cur)
		if err != nil {
			pr := source.Problemf(source.Pos{File: p}, source.ReasonUnreadable, "%v", trimPathError(err))
			return "", &pr
		}
		if path.IsAbs(target) || strings.HasPrefix(target, "/") {
			pr := source.Problemf(source.Pos{File: p}, source.ReasonUnreadable,
				"symbolic link to %s leaves the repository; not followed", target)
			return "", &pr
		}
		next := path.Join(path.Dir(cur), target)
		if next == ".." || strings.HasPrefix(next, "../") {
			pr := source.Problemf(source.Pos{File: p}, source.ReasonUnreadable,
				"symbolic link to %s leaves the repository; not followed", target)
			return "", &pr
		}
		cur = next
	}
	pr := source.Problemf(source.Pos{File: p}, source.ReasonUnreadable, "too many levels of symbolic links")
	return "", &pr
}

// trimPathError drops the "open path:" prefix that repeats the path the
// problem is already located at. The operation keeps a name that does not
// depend on how the tree is read: os.Root says "statat" and "openat", an
// archive "lstat", for what a reader knows as stat and open.
func trimPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		op := pe.Op
		switch op {
		case "statat", "lstat", "lstatat":
			op = "stat"
		case "openat":
			op = "open"
		case "readlinkat":
			op = "readlink"
		}
		return op + ": " + pe.Err.Error()
	}
	return err.Error()
}

// excluded matches p against slash-separated globs where "**" matches any
// number of path segments; a pattern matching a directory excludes all
// below it.
func excluded(p string, patterns []string) bool {
	for _, pat := range patterns {
		if Match(pat, p) {
			return true
		}
	}
	return false
}

// Match reports whether the slash-separated path p matches the glob
// pattern, where "**" stands for any number of segments (including none)
// and a pattern that matches a leading directory of p matches p.
func Match(pattern, p string) bool {
	return matchSegs(strings.Split(strings.Trim(pattern, "/"), "/"), strings.Split(p, "/"), true)
}

func matchSegs(pat, segs []string, prefixOK bool) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegs(pat[1:], segs[i:], prefixOK) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], segs[0]); err != nil || !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0 || prefixOK
}
