// Package gitdiff builds the repo.Diff of diff mode (`lockstep check
// --base REF`) by running git.
//
// The change is the difference between the merge base of REF and HEAD and
// the working tree, not HEAD: lockstep reads the files on disk, so line
// numbers of added lines must be those of the files it reads. In CI the
// working tree is the checked-out PR head, so both are the same; locally,
// uncommitted edits and untracked files (those not ignored) count as part
// of the change, which is what a developer running lockstep before
// committing expects.
package gitdiff

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo"
)

// MaxBaseBytes bounds what ReadBase returns: a base blob larger than this
// is an error, as an oversized file is for the loader.
const MaxBaseBytes = 8 << 20

// ErrNoGit is returned when the git executable cannot be found.
var ErrNoGit = errors.New("git is not installed or not on PATH; diff mode (--base) needs it")

// Load describes the change in dir against the merge base of baseRef and
// HEAD. Paths are slash-separated and relative to dir, which may be a
// subdirectory of the repository; files outside dir are left out (a file
// renamed into dir counts as added, one renamed out of it as deleted).
func Load(ctx context.Context, dir, baseRef string) (*repo.Diff, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, ErrNoGit
	}
	if baseRef == "" || strings.HasPrefix(baseRef, "-") {
		return nil, fmt.Errorf("--base: %q is not a git revision", baseRef)
	}
	g := &git{ctx: ctx, dir: dir}
	top, err := g.run("rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is not inside a git repository (diff mode compares with git history): %w", dir, err)
	}
	g.dir = strings.TrimRight(string(top), "\n")
	// --show-prefix resolves symlinks in dir the way git does, which a
	// filepath.Rel against the top level would not.
	prefix, err := (&git{ctx: ctx, dir: dir}).run("rev-parse", "--show-prefix")
	if err != nil {
		return nil, err
	}
	g.prefix = strings.TrimSuffix(strings.TrimRight(string(prefix), "\n"), "/")

	if _, err := g.run("rev-parse", "--verify", "--quiet", "--end-of-options", baseRef+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--base %s: no such commit in %s; fetch it first (git fetch origin %s, or with actions/checkout set fetch-depth: 0)",
			baseRef, g.dir, strings.TrimPrefix(baseRef, "origin/"))
	}
	mb, err := g.run("merge-base", "--end-of-options", baseRef, "HEAD")
	if err != nil {
		if shallow, _ := g.run("rev-parse", "--is-shallow-repository"); strings.TrimSpace(string(shallow)) == "true" {
			return nil, fmt.Errorf("--base %s: no merge base with HEAD in this shallow clone; fetch more history (git fetch --unshallow, or with actions/checkout set fetch-depth: 0)", baseRef)
		}
		return nil, fmt.Errorf("--base %s: it shares no history with HEAD, so there is no merge base to compare with", baseRef)
	}
	base := strings.TrimSpace(string(mb))

	d := &repo.Diff{Base: base, Files: map[string]*repo.FileChange{}}
	if err := g.nameStatus(d, base); err != nil {
		return nil, err
	}
	if err := g.untracked(d); err != nil {
		return nil, err
	}
	if err := g.addedLines(d, base); err != nil {
		return nil, err
	}
	g.addedFiles(d)
	d.ReadBase = func(p string) ([]byte, error) { return g.readBlob(base, p) }
	return d, nil
}

// git runs git commands in one directory. Options on every command keep
// the output independent of the user's configuration (colour, external
// diff drivers, prefixes, relative mode, rename limits).
type git struct {
	ctx    context.Context
	dir    string
	prefix string // dir relative to the top level, "" for the top level
}

func (g *git) command(args ...string) *exec.Cmd {
	cmd := exec.CommandContext(g.ctx, "git", append([]string{"-c", "core.quotePath=false", "-c", "diff.renameLimit=10000"}, args...)...)
	cmd.Dir = g.dir
	cmd.Env = append(os.Environ(), "GIT_PAGER=cat", "GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "GIT_EXTERNAL_DIFF=")
	return cmd
}

func (g *git) run(args ...string) ([]byte, error) {
	cmd := g.command(args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			return nil, fmt.Errorf("git %s: %w", args[0], err)
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out, nil
}

var diffArgs = []string{"--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "-M", "--src-prefix=a/", "--dst-prefix=b/"}

// rel maps a path relative to the top level to one relative to dir.
func (g *git) rel(p string) (string, bool) {
	if g.prefix == "" {
		return p, true
	}
	rest, ok := strings.CutPrefix(p, g.prefix+"/")
	return rest, ok && rest != ""
}

func (g *git) nameStatus(d *repo.Diff, base string) error {
	out, err := g.run(append(append([]string{"diff", "--name-status", "-z"}, diffArgs...), base, "--")...)
	if err != nil {
		return err
	}
	fields := strings.Split(string(out), "\x00")
	for i := 0; i+1 < len(fields); {
		status := fields[i]
		if status == "" {
			break
		}
		c := &repo.FileChange{Status: status[0]}
		var newPath, oldPath string
		switch c.Status {
		case 'R', 'C':
			if i+2 >= len(fields) {
				return fmt.Errorf("git diff --name-status: truncated output")
			}
			oldPath, newPath = fields[i+1], fields[i+2]
			i += 3
		default:
			newPath = fields[i+1]
			i += 2
		}
		switch c.Status {
		case 'R':
			oldRel, oldIn := g.rel(oldPath)
			newRel, newIn := g.rel(newPath)
			switch {
			case oldIn && newIn:
				c.Path, c.OldPath = newRel, oldRel
			case newIn:
				c.Path, c.Status = newRel, 'A'
			case oldIn:
				c.Path, c.Status = oldRel, 'D'
			default:
				continue
			}
		case 'C':
			rel, ok := g.rel(newPath)
			if !ok {
				continue
			}
			c.Path, c.Status = rel, 'A'
		case 'A', 'D', 'M':
			rel, ok := g.rel(newPath)
			if !ok {
				continue
			}
			c.Path = rel
		default: // T (type change) and U (unmerged) are modifications here
			rel, ok := g.rel(newPath)
			if !ok {
				continue
			}
			c.Path, c.Status = rel, 'M'
		}
		c.Added = map[int]bool{}
		d.Files[c.Path] = c
	}
	return nil
}

// untracked adds the files git does not track yet but does not ignore:
// lockstep reads them from the working tree, so they are part of the change.
func (g *git) untracked(d *repo.Diff) error {
	out, err := g.run("ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", ":/")
	if err != nil {
		return err
	}
	for _, p := range strings.Split(string(out), "\x00") {
		rel, ok := g.rel(p)
		if p == "" || !ok {
			continue
		}
		d.Files[rel] = &repo.FileChange{Path: rel, Status: 'A', Added: map[int]bool{}}
	}
	return nil
}

// addedLines reads the added line numbers from the hunk headers of a
// zero-context diff: "@@ -a,b +c,d @@" adds lines c..c+d-1 (d defaults
// to 1; d = 0 is a pure deletion).
func (g *git) addedLines(d *repo.Diff, base string) error {
	cmd := g.command(append(append([]string{"diff", "--unified=0"}, diffArgs...), base, "--")...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	var parseErr error
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	var cur *repo.FileChange
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "diff --git "):
			cur = nil
		case strings.HasPrefix(line, "+++ "):
			cur = nil
			// Names with spaces end in a tab, the GNU diff convention.
			name := strings.TrimSuffix(strings.TrimPrefix(line, "+++ "), "\t")
			if name == "/dev/null" {
				continue
			}
			p, err := unquote(name)
			if err != nil || !strings.HasPrefix(p, "b/") {
				continue
			}
			if rel, ok := g.rel(strings.TrimPrefix(p, "b/")); ok {
				cur = d.Files[rel]
			}
		case strings.HasPrefix(line, "@@ ") && cur != nil:
			start, n, err := hunkAdded(line)
			if err != nil {
				parseErr = err
				continue
			}
			for l := start; l < start+n; l++ {
				cur.Added[l] = true
			}
		}
	}
	if err := sc.Err(); err != nil && parseErr == nil {
		parseErr = err
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git diff: %s", strings.TrimSpace(stderr.String()+" "+err.Error()))
	}
	return parseErr
}

// addedFiles marks every line of each added text file as added. Hunks
// do not say it for untracked files, nor for files renamed into dir from
// outside it, which git shows as renames with few or no changed lines.
func (g *git) addedFiles(d *repo.Diff) {
	for _, c := range d.Files {
		if c.Status != 'A' {
			continue
		}
		name := filepath.Join(g.dir, filepath.FromSlash(g.prefix), filepath.FromSlash(c.Path))
		if st, err := os.Lstat(name); err != nil || !st.Mode().IsRegular() || st.Size() > MaxBaseBytes {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil || bytes.IndexByte(data, 0) >= 0 {
			continue
		}
		n := bytes.Count(data, []byte("\n"))
		if len(data) > 0 && data[len(data)-1] != '\n' {
			n++
		}
		for l := 1; l <= n; l++ {
			c.Added[l] = true
		}
	}
}

// hunkAdded parses the new-file range of a hunk header.
func hunkAdded(line string) (start, n int, err error) {
	fields := strings.Fields(line)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return 0, 0, fmt.Errorf("git diff: bad hunk header %q", line)
	}
	r := strings.TrimPrefix(fields[2], "+")
	n = 1
	if s, c, ok := strings.Cut(r, ","); ok {
		r = s
		if n, err = strconv.Atoi(c); err != nil {
			return 0, 0, fmt.Errorf("git diff: bad hunk header %q", line)
		}
	}
	if start, err = strconv.Atoi(r); err != nil {
		return 0, 0, fmt.Errorf("git diff: bad hunk header %q", line)
	}
	return start, n, nil
}

// unquote undoes git's C-style quoting of unusual file names (quotes,
// backslashes, control characters), which core.quotePath=false keeps for
// those characters only.
func unquote(s string) (string, error) {
	if !strings.HasPrefix(s, `"`) {
		return s, nil
	}
	return strconv.Unquote(s)
}

// readBlob reads p (relative to dir) as it was at commit base.
func (g *git) readBlob(base, p string) ([]byte, error) {
	p = path.Clean(filepath.ToSlash(p))
	if p == "." || strings.HasPrefix(p, "../") || path.IsAbs(p) {
		return nil, &fs.PathError{Op: "read base", Path: p, Err: fs.ErrInvalid}
	}
	full := p
	if g.prefix != "" {
		full = g.prefix + "/" + p
	}
	obj := base + ":" + full
	out, err := g.run("cat-file", "-t", obj)
	if err != nil {
		return nil, &fs.PathError{Op: "read base", Path: p, Err: fs.ErrNotExist}
	}
	if strings.TrimSpace(string(out)) != "blob" {
		return nil, &fs.PathError{Op: "read base", Path: p, Err: errors.New("not a file at the merge base")}
	}
	size, err := g.run("cat-file", "-s", obj)
	if err != nil {
		return nil, err
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(string(size)), 10, 64); err != nil || n > MaxBaseBytes {
		return nil, &fs.PathError{Op: "read base", Path: p, Err: fmt.Errorf("%s bytes exceeds the limit of %d bytes", strings.TrimSpace(string(size)), MaxBaseBytes)}
	}
	return g.run("cat-file", "blob", obj)
}
