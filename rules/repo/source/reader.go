package source

import "go.yaml.in/yaml/v3"

// Reader reads typed values out of the YAML nodes of one file and keeps
// what is wrong with them as problems at the offending node. Parsers
// embed it.
type Reader struct {
	File     string
	Problems []Problem
}

// Invalid records a problem at n.
func (r *Reader) Invalid(n *yaml.Node, format string, args ...any) {
	r.Problems = append(r.Problems, Problemf(PosOf(r.File, n), ReasonInvalid, format, args...))
}

// Scalar reads a scalar; anything else is reported under key.
func (r *Reader) Scalar(key string, n *yaml.Node) String {
	if n == nil || IsNull(n) {
		return String{}
	}
	if !IsScalar(n) {
		r.Invalid(n, "%s: expected a scalar, got %s", key, KindName(n))
		return String{}
	}
	return Str(r.File, n)
}

// Scalars reads a scalar or a sequence of scalars, reporting the rest.
func (r *Reader) Scalars(key string, n *yaml.Node) []String {
	if IsMap(n) {
		r.Invalid(n, "%s: expected a sequence, got a mapping", key)
		return nil
	}
	var out []String
	for _, c := range Items(n) {
		if s := r.Scalar(key, c); s.Pos.IsValid() {
			out = append(out, s)
		}
	}
	return out
}

// Mapping returns n when it is a mapping, reports it when it is neither a
// mapping nor absent, and returns nil then.
func (r *Reader) Mapping(key string, n *yaml.Node) *yaml.Node {
	if n == nil || IsNull(n) {
		return nil
	}
	if !IsMap(n) {
		r.Invalid(n, "%s: expected a mapping, got %s", key, KindName(n))
		return nil
	}
	return n
}

// Mappings is Mapping's counterpart for sequences of mappings.
func (r *Reader) Mappings(key string, n *yaml.Node) []*yaml.Node {
	if n == nil || IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		r.Invalid(n, "%s: expected a sequence, got %s", key, KindName(n))
		return nil
	}
	var out []*yaml.Node
	for _, c := range Items(n) {
		if !IsMap(c) {
			r.Invalid(c, "%s: expected a mapping, got %s", key, KindName(c))
			continue
		}
		out = append(out, c)
	}
	return out
}
