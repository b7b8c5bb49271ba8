package gitlab

import (
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/yamltext"
)

// GitLab's own limits on includes.
const (
	maxIncludes     = 150 // files included by one pipeline, nested ones counted
	maxIncludeDepth = 100 // include chain length
)

// loader holds what expanding one configuration needs: the files read so
// far, which file each node came from, and the problems found.
type loader struct {
	read     func(string) ([]byte, error)
	lim      source.Limits
	rootPath string

	files    []string
	parsed   map[string]*yaml.Node // root mapping of each file read; nil when unusable
	fileOf   map[*yaml.Node]string
	texts    map[string]*yamltext.Text
	includes []*Include
	fetched  int

	top        map[string]source.KV  // top-level keys of the merged configuration
	extended   map[string]*yaml.Node // memoised extends results
	resolving  map[string]bool       // extends chain being resolved, for cycles
	budget     int                   // merge work left, against hostile inputs
	valuesLeft int                   // decoding work left, against hostile inputs
	problems   []source.Problem
}

// Load reads the configuration whose root file is path (usually
// ".gitlab-ci.yml"), following local includes through read, which returns
// a repository file's content by its slash-separated path from the root.
// An unreadable or missing include is a problem at the include, never
// fatal. The pipeline is nil only when the root file has no usable
// document.
func Load(path string, read func(path string) ([]byte, error), lim source.Limits) (*Pipeline, []source.Problem) {
	l := &loader{
		read:       read,
		lim:        lim,
		rootPath:   path,
		parsed:     map[string]*yaml.Node{},
		fileOf:     map[*yaml.Node]string{},
		texts:      map[string]*yamltext.Text{},
		extended:   map[string]*yaml.Node{},
		resolving:  map[string]bool{},
		budget:     mergeBudget,
		valuesLeft: maxValues,
	}
	root := l.loadFile(path, source.Pos{File: path, Line: 1, Col: 1}, []string{path})
	if root == nil {
		return nil, l.sortedProblems()
	}
	p := &Pipeline{Path: path}
	l.pipeline(p, root)
	p.Files = l.files
	p.Includes = l.includes
	return p, l.sortedProblems()
}

// loadFile returns file's configuration with its includes merged in (the
// file's own keys win), or nil when the file is unusable. stack is the
// include chain that led here, file included.
func (l *loader) loadFile(file string, at source.Pos, stack []string) *yaml.Node {
	root, seen := l.parsed[file]
	if !seen {
		root = l.parse(file, at)
		l.parsed[file] = root
	}
	if root == nil {
		return nil
	}
	var merged *yaml.Node
	_, incNode := source.Lookup(root, "include")
	for _, inc := range l.includeEntries(incNode) {
		if !slices.ContainsFunc(l.includes, func(prev *Include) bool { return prev.Pos == inc.Pos }) {
			l.includes = append(l.includes, inc) // once, though its file may be included twice
		}
		target, ok := l.localTarget(inc)
		if !ok {
			continue
		}
		switch {
		case slices.Contains(stack, target):
			l.problem(inc.Pos, source.ReasonInvalid, "include cycle: %s -> %s", strings.Join(stack, " -> "), target)
			continue
		case len(stack) >= maxIncludeDepth:
			l.problem(inc.Pos, source.ReasonNestingLimit, "includes nested deeper than %d levels", maxIncludeDepth)
			continue
		case l.fetched >= maxIncludes:
			l.problem(inc.Pos, source.ReasonInvalid, "more than %d included files", maxIncludes)
			continue
		}
		l.fetched++
		if sub := l.loadFile(target, inc.Local.Pos, append(stack[:len(stack):len(stack)], target)); sub != nil {
			merged = l.merge(merged, sub)
		}
	}
	return l.merge(merged, root)
}

// parse reads and decodes file once; at is where it was asked for.
func (l *loader) parse(file string, at source.Pos) *yaml.Node {
	data, err := l.read(file)
	if err != nil {
		l.problem(at, source.ReasonUnreadable, "cannot read %s: %v", file, err)
		return nil
	}
	if !slices.Contains(l.files, file) {
		l.files = append(l.files, file)
	}
	docs, probs := source.ParseYAML(file, data, l.lim)
	l.problems = append(l.problems, probs...)
	root := configDocument(docs)
	if root == nil {
		return nil
	}
	l.texts[file] = yamltext.New(data)
	l.remember(file, root)
	if !source.IsMap(root) {
		l.invalid(root, file, "a mapping of jobs and settings")
		return nil
	}
	return source.Resolve(root)
}

// configDocument picks the configuration out of a file's documents: a
// file with a "spec:" header has the configuration in its second one.
func configDocument(docs []*source.Doc) *yaml.Node {
	var roots []*yaml.Node
	for _, d := range docs {
		if d != nil && d.Root != nil {
			roots = append(roots, d.Root)
		}
	}
	switch {
	case len(roots) == 0:
		return nil
	case len(roots) > 1 && source.Get(roots[0], "spec") != nil && len(source.Pairs(roots[0])) == 1:
		return roots[1]
	}
	return roots[0]
}

// remember records file as the origin of every node under root. Aliases
// are not followed: the nodes they point at are in the same file and are
// reached through their anchor.
func (l *loader) remember(file string, root *yaml.Node) {
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if _, ok := l.fileOf[n]; ok {
			continue
		}
		l.fileOf[n] = file
		stack = append(stack, n.Content...)
	}
}

// localTarget is the repository path a local include reads, when it can be
// followed: paths with wildcards or variables need GitLab's context.
func (l *loader) localTarget(inc *Include) (string, bool) {
	p := inc.Local.Value
	if p == "" || strings.ContainsAny(p, "*$") {
		return "", false
	}
	clean := path.Clean(strings.TrimPrefix(p, "/"))
	if clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
		l.problem(inc.Local.Pos, source.ReasonInvalid, "include: %s is outside the repository", p)
		return "", false
	}
	return clean, true
}

func (l *loader) sortedProblems() []source.Problem {
	// A node shared by several jobs (a template, a default) is decoded once
	// per job; its problem is reported once, in the words of the first.
	type key struct {
		pos    source.Pos
		reason source.Reason
	}
	seen := map[key]bool{}
	var out []source.Problem
	for _, p := range l.problems {
		if k := (key{p.Pos, p.Reason}); !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b source.Problem) int {
		switch {
		case a.Pos.Before(b.Pos):
			return -1
		case b.Pos.Before(a.Pos):
			return 1
		}
		return 0
	})
	return out
}
