package yamltext

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// runNode parses src and returns the value of the first "run" key in it.
func runNode(t *testing.T, src string) *yaml.Node {
	t.Helper()
	docs, probs := source.ParseYAML("f.yml", []byte(src), source.DefaultLimits)
	if len(probs) > 0 || len(docs) == 0 {
		t.Fatalf("parse: %v", probs)
	}
	var found *yaml.Node
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil || found != nil {
			return
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "run" {
					found = n.Content[i+1]
					return
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(docs[0].Root)
	if found == nil {
		t.Fatal("no run key")
	}
	return found
}

// format renders lines as "line:col value" for compact comparisons.
func format(lines []source.String) []string {
	var out []string
	for _, l := range lines {
		out = append(out, fmt.Sprintf("%d:%d %s", l.Pos.Line, l.Pos.Col, l.Value))
	}
	return out
}

func TestLines(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"plain single line", "run: echo hi\n", []string{"1:6 echo hi"}},
		{"plain multi-line folds", "run: echo a\n  echo b\n\n  echo c\n", []string{"1:6 echo a echo b", "4:3 echo c"}},
		{"literal", "steps:\n  - run: |\n      echo a\n        indented\n\n      echo b\n", []string{"3:7 echo a", "4:9 indented", "6:7 echo b"}},
		{"literal strip", "run: |-\n  a\n  b\n\n\n", []string{"2:3 a", "3:3 b"}},
		{"literal keep", "run: |+\n  a\n\n  b\n\n", []string{"2:3 a", "4:3 b"}},
		{"literal explicit indent", "job:\n  run: |4\n        a\n      b\n", []string{"3:9 a", "4:7 b"}},
		{"literal explicit indent and chomp", "job:\n  run: |-2\n      a\n    b\n", []string{"3:7 a", "4:5 b"}},
		{"literal continuation lines", "run: |\n  docker build \\\n    -t x .\n", []string{"2:3 docker build \\", "3:5 -t x ."}},
		{"literal tab in content", "run: |\n  x\n  \techo a\n", []string{"2:3 x", "3:4 echo a"}},
		{"literal leading empty lines", "run: |\n\n\n  a\n", []string{"4:3 a"}},
		{"literal with comment in header", "run: | # comment\n  a\n", []string{"2:3 a"}},
		{"folded", "run: >\n  kubectl apply\n  -f x.yml\n\n  helm upgrade\n", []string{"2:3 kubectl apply -f x.yml", "5:3 helm upgrade"}},
		{"folded more indented", "run: >-\n  a\n    b\n  c\n", []string{"2:3 a", "3:5 b", "4:3 c"}},
		{"double quoted escapes", `run: "echo a\necho b\t\x41"` + "\n", []string{"1:7 echo a", "1:15 echo b\tA"}},
		{"double quoted folding", "run: \"a\n  b\n\n  c \\\n  d\"\n", []string{"1:7 a b", "4:3 c d"}},
		{"double quoted escaped break", "run: \"a\\\n  b\"\n", []string{"1:7 ab"}},
		{"single quoted", "run: 'it''s\n  ok\n\n  x'\n", []string{"1:7 it's ok", "4:3 x"}},
		{"crlf literal", "run: |\r\n  a\r\n  b\r\n", []string{"2:3 a", "3:3 b"}},
		{"crlf plain", "run: a\r\n  b\r\n", []string{"1:6 a b"}},
		{"anchor and tag", "run: &x !!str |\n  a\n", []string{"2:3 a"}},
		{"flow mapping", "s: {run: echo a, x: 1}\n", []string{"1:10 echo a"}},
		{"multi-byte columns", "n: \"é\"\nrun: \"é\\nü x\"\n", []string{"2:7 é", "2:10 ü x"}},
		{"bom", "\xEF\xBB\xBFrun: |\n  a\n", []string{"2:3 a"}},
		{"null", "run:\n", nil},
		{"empty literal", "run: |\nx: 1\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := runNode(t, tt.src)
			if _, ok := New([]byte(tt.src)).scan(n); !ok && tt.want != nil {
				t.Errorf("replay failed for %q", n.Value)
			}
			got := format(New([]byte(tt.src)).Lines("f.yml", n))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// A value the source does not replay to falls back to the node's position.
func TestLinesFallback(t *testing.T) {
	src := "run: |\n  a\n  b\n"
	n := runNode(t, src)
	n.Value = "x\ny\n"
	got := format(New([]byte(src)).Lines("f.yml", n))
	want := []string{"1:6 x", "1:6 y"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %v, want %v", got, want)
	}
}
