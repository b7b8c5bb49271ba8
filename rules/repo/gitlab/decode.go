package gitlab

import (
	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

const (
	// maxNesting bounds !reference chains and nested lists, as GitLab does.
	maxNesting = 10
	// maxValues bounds the list entries and script lines decoded in all:
	// through extends, default and aliases, one long list in a small file
	// may reach every job.
	maxValues = 1 << 20
)

// The helpers below read values out of merged nodes. Each takes the dotted
// path of the value ("deploy.needs") to name it in problems, and sees
// through aliases and !reference tags.

func (l *loader) pos(n *yaml.Node) source.Pos {
	file, ok := l.fileOf[n]
	if !ok {
		file = l.rootPath
	}
	return source.PosOf(file, n)
}

func (l *loader) problem(pos source.Pos, reason source.Reason, format string, args ...any) {
	l.problems = append(l.problems, source.Problemf(pos, reason, format, args...))
}

// invalid reports that the value at path is not what was expected. A nil
// node is a reference or alias that could not be resolved, which was
// reported where that was found.
func (l *loader) invalid(n *yaml.Node, path, want string) {
	if n == nil {
		return
	}
	l.problem(l.pos(n), source.ReasonInvalid, "%s: expected %s, got %s", path, want, source.KindName(n))
}

// value sees through aliases and !reference tags.
func (l *loader) value(n *yaml.Node) *yaml.Node {
	v, _ := l.deref(n, 0)
	return v
}

// deref resolves n after hops references were already followed to reach
// it, and returns the hop count including its own.
func (l *loader) deref(n *yaml.Node, hops int) (*yaml.Node, int) {
	for {
		r := source.Resolve(n)
		if r == nil || r.Kind != yaml.SequenceNode || r.Tag != "!reference" {
			return r, hops
		}
		if hops >= maxNesting {
			l.problem(l.pos(r), source.ReasonNestingLimit, "!reference nested deeper than %d levels", maxNesting)
			return nil, hops
		}
		n, hops = l.reference(r), hops+1
	}
}

// get looks up key in mapping n; both results are nil when it is absent.
func (l *loader) get(n *yaml.Node, key string) (k, v *yaml.Node) {
	k, v = source.Lookup(l.value(n), key)
	if k == nil {
		return nil, nil
	}
	return k, l.value(v)
}

// str reads a scalar; null is an empty value at its position.
func (l *loader) str(n *yaml.Node, path string) source.String {
	r := l.value(n)
	switch {
	case r == nil:
		return source.String{}
	case r.Kind != yaml.ScalarNode:
		l.invalid(r, path, "a string")
		return source.String{Pos: l.pos(r)}
	case source.IsNull(r):
		return source.String{Pos: l.pos(r)}
	}
	return source.String{Value: r.Value, Pos: l.pos(r)}
}

// pairs reads a mapping; null is an empty one.
func (l *loader) pairs(n *yaml.Node, path string) []source.KV {
	r := l.value(n)
	if source.IsNull(r) {
		return nil
	}
	if r.Kind != yaml.MappingNode {
		l.invalid(r, path, "a mapping")
		return nil
	}
	return uniquePairs(r)
}

// seq reads a sequence, or a single value as a one-element sequence.
func (l *loader) seq(n *yaml.Node, _ string) []*yaml.Node {
	r := l.value(n)
	if source.IsNull(r) {
		return nil
	}
	if r.Kind != yaml.SequenceNode {
		return []*yaml.Node{r}
	}
	out := make([]*yaml.Node, 0, len(r.Content))
	for _, c := range r.Content {
		if c = l.value(c); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// flatten lists the scalars of a string or of a list, lists nested in it
// (from !reference tags or anchors) included, as GitLab flattens them.
func (l *loader) flatten(n *yaml.Node, path string) []*yaml.Node {
	return l.flattenAt(n, path, "a string or a sequence of strings", 0)
}

// flattenAt flattens n, reached after depth nested lists and references;
// want describes what n should be.
func (l *loader) flattenAt(n *yaml.Node, path, want string, depth int) []*yaml.Node {
	r, depth := l.deref(n, depth)
	switch {
	case source.IsNull(r):
		return nil
	case r.Kind == yaml.ScalarNode:
		if !l.spend(r, 1) {
			return nil
		}
		return []*yaml.Node{r}
	case r.Kind != yaml.SequenceNode:
		l.invalid(r, path, want)
		return nil
	case depth >= maxNesting:
		l.problem(l.pos(r), source.ReasonNestingLimit, "%s: lists nested deeper than %d levels", path, maxNesting)
		return nil
	}
	var out []*yaml.Node
	for i, c := range r.Content {
		out = append(out, l.flattenAt(c, index(path, i), "a string", depth+1)...)
	}
	return out
}

// strs reads a string or a (nested) list of strings.
func (l *loader) strs(n *yaml.Node, path string) []source.String {
	var out []source.String
	for _, c := range l.flatten(n, path) {
		out = append(out, l.str(c, path))
	}
	return out
}

// script reads a script list: one entry per line of each command, at the
// line's first non-blank character in the file that defines it.
func (l *loader) script(n *yaml.Node, path string) []source.String {
	var out []source.String
	for _, c := range l.flatten(n, path) {
		file := l.pos(c).File
		if text := l.texts[file]; text != nil {
			lines := text.Lines(file, c)
			if !l.spend(c, len(lines)) {
				break
			}
			out = append(out, lines...)
		}
	}
	return out
}

// variables reads a variables mapping; a value is a scalar or a mapping
// with a "value" key.
func (l *loader) variables(n *yaml.Node, path string) []EnvVar {
	var out []EnvVar
	for _, p := range l.pairs(n, path) {
		name := p.Key.Value
		v := l.value(p.Value)
		ev := EnvVar{Name: source.String{Value: name, Pos: l.pos(p.Key)}}
		if source.IsMap(v) {
			_, val := l.get(v, "value")
			ev.Value = l.str(val, path+"."+name+".value")
			if val == nil {
				ev.Value.Pos = l.pos(v)
			}
		} else {
			ev.Value = l.str(v, path+"."+name)
		}
		out = append(out, ev)
	}
	return out
}

// uniquePairs lists a mapping's pairs with merge keys expanded; of
// duplicate keys the later wins, in the place of the first.
func uniquePairs(n *yaml.Node) []source.KV {
	pairs := source.Pairs(n)
	index := make(map[string]int, len(pairs))
	out := pairs[:0:0]
	for _, p := range pairs {
		if i, ok := index[p.Key.Value]; ok {
			out[i].Value = p.Value
			continue
		}
		index[p.Key.Value] = len(out)
		out = append(out, p)
	}
	return out
}

// spend takes n values from the budget, reporting at n's node when it runs
// out.
func (l *loader) spend(at *yaml.Node, n int) bool {
	if l.valuesLeft < n {
		if l.valuesLeft >= 0 {
			l.problem(l.pos(at), source.ReasonAliasLimit, "configuration expands to more than %d values; the rest is not read", maxValues)
			l.valuesLeft = -1
		}
		return false
	}
	l.valuesLeft -= n
	return true
}
