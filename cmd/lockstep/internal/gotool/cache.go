package gotool

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/lint"
	"github.com/lockstep-lint/lockstep/rules/registry"
	"github.com/lockstep-lint/lockstep/rules/repo"
)

// The Go-source findings of `lockstep check` are cached, as golangci-lint
// caches its analyzers' results: type-checking takes a go command and
// most of a check's time, and a re-run on unchanged Go code needs
// neither.
//
// An entry is keyed by what the go command and the analyzers read that
// lockstep can see: the Go files, go.mod and go.work files the walk read,
// the go command's environment (GO* and CGO_* variables) and binary,
// lockstep's own binary, the repository's path, the enabled Go-source
// rules and the in-house flag packages. It also holds a digest of the
// flag definition files, which LS303 reads and which are only known once
// the whole repository is read. Modules come from the module cache at the
// versions go.mod and go.sum pin, so their content is part of the key.
//
// Not cached, since the go command would read files the walk did not:
// a replacement by a directory outside the repository, an excluded or
// vendored path inside a loaded module (or anywhere, with a go.work at the
// root), cgo and //go:embed. Nor is a run that noted Go code it could not
// analyze (LS001): the module cache or the network may differ next time.

// cacheDirEnv relocates the cache; cacheEnv=off turns it off.
const (
	cacheDirEnv = "LOCKSTEP_CACHE_DIR"
	cacheEnv    = "LOCKSTEP_CACHE"
	// cacheFormat changes when an entry's meaning does.
	cacheFormat = "lockstep go-source findings v1"
	// cacheAge is how long an entry no run has used is kept.
	cacheAge = 7 * 24 * time.Hour
)

type cache struct{ dir string }

// openCache is the cache in LOCKSTEP_CACHE_DIR, else in the user's cache
// directory; nil when LOCKSTEP_CACHE=off or there is no such directory.
func openCache() *cache {
	if os.Getenv(cacheEnv) == "off" {
		return nil
	}
	dir := os.Getenv(cacheDirEnv)
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "lockstep")
	}
	return &cache{dir: filepath.Join(dir, "go-findings")}
}

type entry struct {
	Rest     string          `json:"rest"`
	Findings []cachedFinding `json:"findings"`
}

type cachedFinding struct {
	Rule     string          `json:"rule"`
	Severity int             `json:"severity"` // a rules.Severity: its text form has no "default"
	Message  string          `json:"message"`
	Location rules.Location  `json:"location"`
	Related  []rules.Related `json:"related,omitempty"`
}

// cacheKey is the entry's name for the loads of s with the go command
// gocmd, or false when the check must not be cached.
func cacheKey(root, gocmd string, s *lint.GoSession, all []load) (string, bool) {
	if !cacheable(s.Go, all) {
		return "", false
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", cacheFormat, root)
	exe, err := os.Executable()
	if err != nil || !writeStat(h, exe) || !writeStat(h, gocmd) {
		return "", false
	}
	env := os.Environ()
	slices.Sort(env)
	for _, kv := range env {
		if strings.HasPrefix(kv, "GO") || strings.HasPrefix(kv, "CGO_") {
			fmt.Fprintf(h, "env %q\x00", kv)
		}
	}
	for _, m := range enabledGoRules(s) {
		fmt.Fprintf(h, "rule %s\x00", m.ID)
	}
	for _, p := range s.Go.FlagPackages {
		fmt.Fprintf(h, "flags %q %q %d %d\x00", p.Path, p.Calls, p.Key, p.Default)
	}
	for _, l := range all {
		fmt.Fprintf(h, "load %q %q\x00", l.dir, l.pattern)
	}
	for _, f := range s.Go.Files {
		fmt.Fprintf(h, "file %q %d\x00", f.Path, len(f.Data))
		h.Write(f.Data)
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// writeStat identifies a binary by its resolved name, size and time.
func writeStat(w io.Writer, name string) bool {
	if resolved, err := filepath.EvalSymlinks(name); err == nil {
		name = resolved
	}
	info, err := os.Stat(name)
	if err != nil {
		return false
	}
	fmt.Fprintf(w, "binary %q %d %d\x00", name, info.Size(), info.ModTime().UnixNano())
	return true
}

// cacheable reports whether the go command reads only files the walk read
// (besides the module cache and the standard library).
func cacheable(g *repo.Repo, all []load) bool {
	var dirs []string // loaded modules and what they replace, relative
	for _, m := range g.GoModules {
		for _, r := range m.Replaces {
			if r.Local && r.Target == "" {
				return false // outside the repository
			}
			if r.Local {
				dirs = append(dirs, r.Target)
			}
		}
	}
	for _, w := range g.GoWorks {
		for _, r := range w.Replaces {
			if r.Local && r.Target == "" {
				return false
			}
		}
	}
	for _, l := range all {
		if l.pattern == "work" {
			if len(g.Unread) > 0 {
				return false // the workspace may use any of them
			}
			continue
		}
		dirs = append(dirs, path.Dir(l.gomod))
	}
	for _, u := range g.Unread {
		for _, d := range dirs {
			if d == "." || u == d || strings.HasPrefix(u, d+"/") {
				return false
			}
		}
	}
	for _, pkg := range g.GoPackages {
		for _, f := range pkg.Files {
			for _, imp := range f.Imports {
				if imp.Path.Value == "C" {
					return false // cgo reads C files the walk does not
				}
			}
		}
	}
	for _, f := range g.Files {
		if strings.HasSuffix(f.Path, ".go") && bytes.Contains(f.Data, []byte("//go:embed")) {
			return false // the go command checks the embedded files exist
		}
	}
	return true
}

// restDigest is the digest of what the analyzers read from the whole
// repository: the flag definition files.
func restDigest(whole *repo.Repo) string {
	h := sha256.New()
	for _, d := range whole.FlagDefinitions {
		data := whole.Data(d.Path)
		fmt.Fprintf(h, "%q %d\x00", d.Path, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// get returns the findings stored under key for a repository whose flag
// definitions digest to rest. It asks rest, which waits for the whole
// repository, only when there is an entry: on a miss the analysis starts
// at once, beside the rest of the load.
func (c *cache) get(key string, rest func() (string, bool)) ([]rules.Finding, bool) {
	name := filepath.Join(c.dir, key+".json")
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, false
	}
	var e entry
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, false
	}
	if r, ok := rest(); !ok || e.Rest != r {
		return nil, false
	}
	out := make([]rules.Finding, 0, len(e.Findings))
	for _, f := range e.Findings {
		m := registry.Lookup(f.Rule)
		if m == nil {
			return nil, false
		}
		out = append(out, rules.Finding{Rule: m, Severity: rules.Severity(f.Severity), Message: f.Message, Location: f.Location, Related: f.Related})
	}
	now := time.Now()
	_ = os.Chtimes(name, now, now) // used: kept another cacheAge
	return out, true
}

// put stores findings under key, and forgets entries unused for cacheAge.
// A cache that cannot be written is no error: the next run analyzes.
func (c *cache) put(key, rest string, findings []rules.Finding) {
	e := entry{Rest: rest, Findings: make([]cachedFinding, 0, len(findings))}
	for _, f := range findings {
		e.Findings = append(e.Findings, cachedFinding{Rule: f.Rule.ID, Severity: int(f.Severity), Message: f.Message, Location: f.Location, Related: f.Related})
	}
	data, err := json.Marshal(e)
	if err != nil || os.MkdirAll(c.dir, 0o700) != nil {
		return
	}
	tmp, err := os.CreateTemp(c.dir, key+".*.tmp")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), filepath.Join(c.dir, key+".json")) != nil {
		_ = os.Remove(tmp.Name())
		return
	}
	c.trim()
}

func (c *cache) trim() {
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	for _, d := range entries {
		if info, err := d.Info(); err == nil && time.Since(info.ModTime()) > cacheAge {
			_ = os.Remove(filepath.Join(c.dir, d.Name()))
		}
	}
}
