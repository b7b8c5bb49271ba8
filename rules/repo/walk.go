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
	size int64
	// target is the path to open: the file itself, or where a symbolic
	// link inside the repository points.
	target string
}

// walk lists the files to read, skipping excluded and ignored directories
// and never following a symbolic link out of the root.
func walk(fsys fs.FS, excludes, flagDefs []string) ([]candidate, []source.Problem, error) {
	type entry struct {
		path string
		d    fs.DirEntry
	}
	var entries []entry
	var problems []source.Problem
	chartDirs := map[string]bool{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			problems = append(problems, source.Problemf(source.Pos{File: p}, source.ReasonUnreadable, "%v", trimPathError(err)))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != "." && excluded(p, excludes) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != "." && skippedDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		if d.Name() == "Chart.yaml" {
			chartDirs[path.Dir(p)] = true
		}
		entries = append(entries, entry{p, d})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	var out []candidate
	for _, e := range entries {
		kind := classify(e.path, chartDirs)
		if kind != KindLockstepConfig && excluded(e.path, flagDefs) {
			kind = KindFlagDefinition
		}
		if kind == "" || kind == KindLockstepConfig {
			continue
		}
		c := candidate{path: e.path, kind: kind, target: e.path}
		if e.d.Type()&fs.ModeSymlink != 0 {
			target, pr := resolveLink(fsys, e.path)
			if pr != nil {
				problems = append(problems, *pr)
				continue
			}
			c.target = target
		} else if !e.d.Type().IsRegular() {
			continue
		}
		info, err := fs.Stat(fsys, c.target)
		if err != nil {
			problems = append(problems, source.Problemf(source.Pos{File: e.path}, source.ReasonUnreadable, "%v", trimPathError(err)))
			continue
		}
		if !info.Mode().IsRegular() {
			continue
		}
		c.size = info.Size()
		out = append(out, c)
	}
	return out, problems, nil
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
