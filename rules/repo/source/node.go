package source

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// PosOf is the position of n in file; the zero Pos (unknown) for nil.
func PosOf(file string, n *yaml.Node) Pos {
	if n == nil {
		return Pos{}
	}
	return Pos{File: file, Line: n.Line, Col: n.Column}
}

// Str reads a scalar node as a positioned string; the zero String for nil.
func Str(file string, n *yaml.Node) String {
	n = Resolve(n)
	if n == nil {
		return String{}
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return String{Pos: PosOf(file, n)}
	}
	return String{Value: n.Value, Pos: PosOf(file, n)}
}

// Resolve follows aliases (bounded, since a cycle is possible in hostile input).
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 64; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// KV is one key/value pair of a mapping.
type KV struct {
	Key, Value *yaml.Node
}

// Pairs lists the pairs of a mapping with merge keys (<<) expanded; keys
// written in the mapping itself win over merged ones, as YAML specifies.
func Pairs(n *yaml.Node) []KV {
	return pairs(Resolve(n), 0)
}

func pairs(n *yaml.Node, depth int) []KV {
	if n == nil || n.Kind != yaml.MappingNode || depth > 16 {
		return nil
	}
	out := make([]KV, 0, len(n.Content)/2)
	var merged []KV
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
			v = Resolve(v)
			if v == nil {
				continue
			}
			if v.Kind == yaml.SequenceNode {
				for _, m := range v.Content {
					merged = append(merged, pairs(Resolve(m), depth+1)...)
				}
			} else {
				merged = append(merged, pairs(v, depth+1)...)
			}
			continue
		}
		out = append(out, KV{Key: k, Value: v})
	}
	if len(merged) == 0 {
		return out
	}
	own := make(map[string]bool, len(out))
	for _, kv := range out {
		own[kv.Key.Value] = true
	}
	for _, kv := range merged {
		if !own[kv.Key.Value] {
			own[kv.Key.Value] = true
			out = append(out, kv)
		}
	}
	return out
}

// Lookup finds key in mapping n, merge keys included. Both results are nil
// when n is not a mapping or lacks the key.
func Lookup(n *yaml.Node, key string) (k, v *yaml.Node) {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Tag != "!!merge" {
			return n.Content[i], Resolve(n.Content[i+1])
		}
	}
	for _, kv := range Pairs(n) {
		if kv.Key.Value == key {
			return kv.Key, Resolve(kv.Value)
		}
	}
	return nil, nil
}

// Get is Lookup's value.
func Get(n *yaml.Node, key string) *yaml.Node {
	_, v := Lookup(n, key)
	return v
}

// Path follows a chain of mapping keys.
func Path(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n = Get(n, k)
		if n == nil {
			return nil
		}
	}
	return n
}

// Items lists the elements of a sequence; a single non-null scalar or
// mapping counts as a one-element list, as many CI formats allow.
func Items(n *yaml.Node) []*yaml.Node {
	n = Resolve(n)
	switch {
	case n == nil || IsNull(n):
		return nil
	case n.Kind == yaml.SequenceNode:
		out := make([]*yaml.Node, 0, len(n.Content))
		for _, c := range n.Content {
			if c = Resolve(c); c != nil {
				out = append(out, c)
			}
		}
		return out
	default:
		return []*yaml.Node{n}
	}
}

// Strings reads a scalar or a sequence of scalars.
func Strings(file string, n *yaml.Node) []String {
	var out []String
	for _, c := range Items(n) {
		if c.Kind == yaml.ScalarNode {
			out = append(out, Str(file, c))
		}
	}
	return out
}

// IsNull reports an explicit or implicit null.
func IsNull(n *yaml.Node) bool {
	n = Resolve(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// IsMap reports a mapping node.
func IsMap(n *yaml.Node) bool {
	n = Resolve(n)
	return n != nil && n.Kind == yaml.MappingNode
}

// IsScalar reports a scalar node.
func IsScalar(n *yaml.Node) bool {
	n = Resolve(n)
	return n != nil && n.Kind == yaml.ScalarNode
}

// Bool reads a YAML boolean; ok is false for anything else.
func Bool(n *yaml.Node) (value, ok bool) {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return false, false
	}
	switch strings.ToLower(n.Value) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// Int reads an integer scalar.
func Int(n *yaml.Node) (int, bool) {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return 0, false
	}
	v, err := strconv.Atoi(strings.TrimSpace(n.Value))
	return v, err == nil
}

// KindName names a node's kind for error messages.
func KindName(n *yaml.Node) string {
	n = Resolve(n)
	switch {
	case n == nil:
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a sequence"
	case IsNull(n):
		return "null"
	default:
		return "a scalar"
	}
}
