package yamltext

import (
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// FuzzLines checks that every scalar yaml.v3 accepts replays exactly, so
// the fallback to the node's position is never needed for valid YAML.
func FuzzLines(f *testing.F) {
	for _, seed := range []string{
		"run: |\n  a\n   b\n\n  c\n",
		"run: >-\n  a\n    b\n  c\n",
		"a: \"x\\ny\\\n  z\"\n",
		"a: 'it''s\n  b'\n",
		"- a\n  b\n\n  c\n",
		"k: &x !!str |2\n   a\n",
		"{a: b c, d: [e f]}",
		"a: !<tag:yaml.org,2002:str> x\n",
		"!0,00 0",
		"[!a,b c, d]",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _ := source.ParseYAML("f.yml", data, source.DefaultLimits)
		text := New(data)
		seen := map[*yaml.Node]bool{}
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n == nil || seen[n] {
				return
			}
			seen[n] = true
			if n.Kind == yaml.ScalarNode && n.Value != "" && !source.IsNull(n) {
				if _, ok := text.scan(n); !ok {
					t.Errorf("no replay of %q at %d:%d", n.Value, n.Line, n.Column)
				}
				for _, l := range text.Lines("f.yml", n) {
					if l.Pos.Line < 1 || l.Pos.Col < 1 {
						t.Errorf("bad position %v", l.Pos)
					}
				}
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		for _, d := range docs {
			walk(d.Root)
		}
	})
}
