package actions

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/yamltext"
)

// decoder turns the nodes of one file into model values, collecting a
// problem for every value of the wrong type. Each helper takes the dotted
// path of the value ("jobs.build.needs") to name it in messages.
type decoder struct {
	file     string
	text     *yamltext.Text
	problems []source.Problem
}

func (d *decoder) pos(n *yaml.Node) source.Pos { return source.PosOf(d.file, n) }

// invalid reports that the value at path is not what was expected.
func (d *decoder) invalid(n *yaml.Node, path, want string) {
	d.problems = append(d.problems, source.Problemf(d.pos(n), source.ReasonInvalid,
		"%s: expected %s, got %s", path, want, source.KindName(n)))
}

// missing reports a required key absent from the mapping at n.
func (d *decoder) missing(n *yaml.Node, path, key string) {
	d.problems = append(d.problems, source.Problemf(d.pos(n), source.ReasonInvalid,
		"%s: missing required key %q", path, key))
}

// str reads a scalar; null is an empty value at its position.
func (d *decoder) str(n *yaml.Node, path string) source.String {
	n = source.Resolve(n)
	if n == nil {
		return source.String{}
	}
	if n.Kind != yaml.ScalarNode {
		d.invalid(n, path, "a string")
		return source.String{Pos: d.pos(n)}
	}
	return source.Str(d.file, n)
}

// strs reads a string or a sequence of strings.
func (d *decoder) strs(n *yaml.Node, path string) []source.String {
	n = source.Resolve(n)
	if n == nil || source.IsNull(n) {
		return nil
	}
	if n.Kind == yaml.MappingNode {
		d.invalid(n, path, "a string or a sequence of strings")
		return nil
	}
	var out []source.String
	for i, c := range source.Items(n) {
		if c.Kind != yaml.ScalarNode {
			d.invalid(c, index(path, i), "a string")
			continue
		}
		out = append(out, source.Str(d.file, c))
	}
	return out
}

// pairs reads a mapping; null is an empty one.
func (d *decoder) pairs(n *yaml.Node, path string) []source.KV {
	n = source.Resolve(n)
	if n == nil || source.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.invalid(n, path, "a mapping")
		return nil
	}
	return source.Pairs(n)
}

// seq reads a sequence; null is an empty one.
func (d *decoder) seq(n *yaml.Node, path string) []*yaml.Node {
	n = source.Resolve(n)
	if n == nil || source.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.invalid(n, path, "a sequence")
		return nil
	}
	return source.Items(n)
}

// kvs reads a mapping whose values may be of any type.
func (d *decoder) kvs(n *yaml.Node, path string) []KV {
	var out []KV
	for _, p := range d.pairs(n, path) {
		out = append(out, KV{Key: source.Str(d.file, p.Key), Value: d.anyValue(p.Value)})
	}
	return out
}

// anyValue is a scalar's text, or the position alone of anything else.
func (d *decoder) anyValue(n *yaml.Node) source.String {
	n = source.Resolve(n)
	if n != nil && n.Kind != yaml.ScalarNode {
		return source.String{Pos: d.pos(n)}
	}
	return source.Str(d.file, n)
}

// env reads an "env" mapping. A whole-mapping expression such as
// ${{ fromJSON(...) }} is valid and yields no variables.
func (d *decoder) env(n *yaml.Node, path string) []EnvVar {
	if isExpr(n) {
		return nil
	}
	var out []EnvVar
	for _, p := range d.pairs(n, path) {
		if v := source.Resolve(p.Value); v != nil && v.Kind != yaml.ScalarNode {
			d.invalid(v, path+"."+p.Key.Value, "a string")
		}
		out = append(out, EnvVar{Name: source.Str(d.file, p.Key), Value: d.anyValue(p.Value)})
	}
	return out
}

// isExpr reports a scalar that is a single ${{ }} expression.
func isExpr(n *yaml.Node) bool {
	n = source.Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return false
	}
	v := strings.TrimSpace(n.Value)
	return strings.HasPrefix(v, "${{") && strings.HasSuffix(v, "}}")
}

func index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
