package gitlab

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

const (
	// maxExtendsDepth is how many levels of extends GitLab follows.
	maxExtendsDepth = 11
	// mergeBudget bounds the pairs all merges may copy: aliases let a small
	// file describe a huge tree, and merging walks it.
	mergeBudget = 1 << 22
)

// merge deep-merges over into base as GitLab does for includes and
// extends: mappings merge key by key, anything else is replaced by over.
// Neither input changes; merged mappings are new nodes that remember the
// file of over, while every other node keeps its own file and position. A
// key whose mappings merge keeps base's key node, so a job stays at its
// first definition; a replaced value comes with over's key.
func (l *loader) merge(base, over *yaml.Node) *yaml.Node {
	b, o := source.Resolve(base), source.Resolve(over)
	if b == nil {
		return over
	}
	if o == nil || b.Kind != yaml.MappingNode || o.Kind != yaml.MappingNode {
		return over
	}
	bp, op := uniquePairs(b), uniquePairs(o)
	if l.budget -= len(bp) + len(op); l.budget < 0 {
		if l.budget+len(bp)+len(op) >= 0 {
			l.problem(l.pos(o), source.ReasonAliasLimit, "configuration expands to more than %d merged keys; the rest is not merged", mergeBudget)
		}
		return over
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: o.Line, Column: o.Column}
	l.fileOf[out] = l.pos(o).File
	index := make(map[string]int, len(bp)+len(op))
	for _, p := range bp {
		index[p.Key.Value] = len(out.Content)
		out.Content = append(out.Content, p.Key, p.Value)
	}
	for _, p := range op {
		if i, ok := index[p.Key.Value]; ok {
			if !source.IsMap(out.Content[i+1]) || !source.IsMap(p.Value) {
				out.Content[i] = p.Key // the value is over's, so is its key
			}
			out.Content[i+1] = l.merge(out.Content[i+1], p.Value)
			continue
		}
		out.Content = append(out.Content, p.Key, p.Value)
	}
	return out
}

// resolveExtends returns the top-level mapping name with its extends
// applied: the extended mappings merged in order, then the mapping itself.
// chain is the extends path that led here.
func (l *loader) resolveExtends(name string, chain []string) *yaml.Node {
	if n, ok := l.extended[name]; ok {
		return n
	}
	raw := l.top[name].Value
	if !source.IsMap(raw) {
		return nil
	}
	if l.resolving[name] {
		return raw // reached again through a !reference in its own extends
	}
	l.resolving[name] = true
	defer delete(l.resolving, name)
	extKey, ext := l.get(raw, "extends")
	if extKey == nil {
		l.extended[name] = raw
		return raw
	}
	chain = append(chain[:len(chain):len(chain)], name)
	if len(chain) > maxExtendsDepth {
		l.problem(l.pos(ext), source.ReasonNestingLimit, "%s: extends nested deeper than %d levels: %s",
			name, maxExtendsDepth, strings.Join(chain, " -> "))
		return raw
	}
	var base *yaml.Node
	for _, target := range l.strs(ext, name+".extends") {
		switch {
		case l.resolving[target.Value]:
			l.problem(target.Pos, source.ReasonInvalid, "%s: extends cycle: %s -> %s",
				name, strings.Join(chain, " -> "), target.Value)
		case !source.IsMap(l.top[target.Value].Value):
			l.problem(target.Pos, source.ReasonInvalid, "%s: extends %q, which is not a job or a hidden job", name, target.Value)
		default:
			base = l.merge(base, l.resolveExtends(target.Value, chain))
		}
	}
	merged := l.merge(base, raw)
	l.extended[name] = merged
	return merged
}

// reference resolves a !reference [name, key, ...] tag against the
// configuration after extends, as GitLab does; nil when it does not exist.
func (l *loader) reference(tag *yaml.Node) *yaml.Node {
	var keys []string
	for _, c := range tag.Content {
		r := source.Resolve(c)
		if r == nil || r.Kind != yaml.ScalarNode {
			l.invalid(c, "!reference", "a list of keys")
			return nil
		}
		keys = append(keys, r.Value)
	}
	if len(keys) == 0 {
		l.problem(l.pos(tag), source.ReasonInvalid, "!reference: expected a list of keys, got an empty list")
		return nil
	}
	n := l.resolveExtends(keys[0], nil)
	if n == nil {
		n = l.top[keys[0]].Value
	}
	for i, k := range keys[1:] {
		if n != nil {
			_, n = source.Lookup(n, k)
		}
		if n == nil {
			l.problem(l.pos(tag), source.ReasonInvalid, "!reference [%s]: %s has no key %q",
				strings.Join(keys, ", "), strings.Join(keys[:i+1], "."), k)
			return nil
		}
	}
	if n == nil {
		l.problem(l.pos(tag), source.ReasonInvalid, "!reference [%s]: no such top-level key", strings.Join(keys, ", "))
	}
	return n
}

// defaultKeys are the job keywords the default section may set.
var defaultKeys = []string{
	"after_script", "artifacts", "before_script", "cache", "hooks", "id_tokens",
	"image", "interruptible", "retry", "services", "tags", "timeout",
}

// globalKeys are the deprecated top-level forms of some default keywords.
var globalKeys = []string{"after_script", "before_script", "cache", "image", "services"}

// defaults reads the keywords every job inherits, from the default section
// or, for the deprecated forms, from the top level.
func (l *loader) defaults() map[string]source.KV {
	out := map[string]source.KV{}
	for _, k := range globalKeys {
		if p, ok := l.top[k]; ok {
			out[k] = p
		}
	}
	for _, p := range l.pairs(l.top["default"].Value, "default") {
		if slices.Contains(defaultKeys, p.Key.Value) {
			out[p.Key.Value] = p
		}
	}
	return out
}

// withDefaults adds to job the default keywords it neither sets nor opts
// out of with inherit:default.
func (l *loader) withDefaults(name string, job *yaml.Node, defaults map[string]source.KV) *yaml.Node {
	if len(defaults) == 0 {
		return job
	}
	inherit := l.inheritedDefaults(name, job)
	var add []*yaml.Node
	for _, k := range defaultKeys {
		d, ok := defaults[k]
		if !ok || !inherit(k) {
			continue
		}
		if key, _ := source.Lookup(job, k); key == nil {
			add = append(add, d.Key, d.Value)
		}
	}
	if len(add) == 0 {
		return job
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: job.Line, Column: job.Column}
	l.fileOf[out] = l.pos(job).File
	for _, p := range uniquePairs(job) {
		out.Content = append(out.Content, p.Key, p.Value)
	}
	out.Content = append(out.Content, add...)
	return out
}

// inheritedDefaults reads inherit:default: true (all), false (none) or a
// list of keywords.
func (l *loader) inheritedDefaults(name string, job *yaml.Node) func(string) bool {
	_, inherit := l.get(job, "inherit")
	key, v := l.get(inherit, "default")
	if key == nil {
		return func(string) bool { return true }
	}
	if b, ok := source.Bool(v); ok {
		return func(string) bool { return b }
	}
	var keep []string
	for _, s := range l.strs(v, name+".inherit.default") {
		keep = append(keep, s.Value)
	}
	return func(k string) bool { return slices.Contains(keep, k) }
}
