package gomod

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func at(s source.String) string {
	return fmt.Sprintf("%d:%d %s", s.Pos.Line, s.Pos.Col, s.Value)
}

func pos(p source.Pos) string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

func renderReplaces(rs []*Replace) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("replace %s %s %s => %s %s local=%v target=%q", pos(r.Pos),
			at(r.Old), at(r.OldVersion), at(r.New), at(r.NewVersion), r.Local, r.Target))
	}
	return out
}

func render(m *Module) []string {
	out := []string{"module " + pos(m.Pos) + " " + at(m.Module), "go " + at(m.Go)}
	for _, r := range m.Requires {
		out = append(out, fmt.Sprintf("require %s %s %s indirect=%v", pos(r.Pos), at(r.Path), at(r.Version), r.Indirect))
	}
	return append(out, renderReplaces(m.Replaces)...)
}

const goMod = `// The cart service.
module example.com/shop/cart

go 1.22.3

require github.com/open-feature/go-sdk v1.11.0

require (
	example.com/shop/shared v0.0.0-20240101000000-abcdefabcdef
	"golang.org/x/text" v0.14.0 // indirect
)

replace example.com/shop/shared => ../shared

replace (
	example.com/shop/proto v1.2.3 => ./internal/proto
	golang.org/x/net => github.com/fork/net v0.1.0
	example.com/outside => ../../../elsewhere
	example.com/abs => /opt/src/abs
)
`

func TestParse(t *testing.T) {
	m, problems := Parse("services/cart/go.mod", []byte(goMod))
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	want := []string{
		"module 2:1 2:8 example.com/shop/cart",
		"go 4:4 1.22.3",
		"require 6:1 6:9 github.com/open-feature/go-sdk 6:40 v1.11.0 indirect=false",
		"require 9:2 9:2 example.com/shop/shared 9:26 v0.0.0-20240101000000-abcdefabcdef indirect=false",
		"require 10:2 10:2 golang.org/x/text 10:22 v0.14.0 indirect=true",
		`replace 13:1 13:9 example.com/shop/shared 0:0  => 13:36 ../shared 0:0  local=true target="services/shared"`,
		`replace 16:2 16:2 example.com/shop/proto 16:25 v1.2.3 => 16:35 ./internal/proto 0:0  local=true target="services/cart/internal/proto"`,
		`replace 17:2 17:2 golang.org/x/net 0:0  => 17:22 github.com/fork/net 17:42 v0.1.0 local=false target=""`,
		`replace 18:2 18:2 example.com/outside 0:0  => 18:25 ../../../elsewhere 0:0  local=true target=""`,
		`replace 19:2 19:2 example.com/abs 0:0  => 19:21 /opt/src/abs 0:0  local=true target=""`,
	}
	if got := render(m); !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if m.Path != "services/cart/go.mod" || m.Dir != "services/cart" {
		t.Errorf("Path, Dir = %q, %q", m.Path, m.Dir)
	}
	if r := m.Require("golang.org/x/text"); r == nil || !r.Indirect {
		t.Errorf("Require(golang.org/x/text) = %+v", r)
	}
	if r := m.Require("example.com/none"); r != nil {
		t.Errorf("Require(example.com/none) = %+v", r)
	}
}

func TestParseColumnsCountRunes(t *testing.T) {
	m, problems := Parse("go.mod", []byte("module m\n\nrequire \"é.example/x\" v1.0.0\n"))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if got := at(m.Requires[0].Version); got != "3:23 v1.0.0" {
		t.Errorf("version at %s, want 3:23", got)
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
		render     []string
	}{{
		name: "a bad version keeps the other lines",
		text: "module m\n\nrequire (\n\ta.example/x master\n\tb.example/y v1.0.0\n)\n",
		want: []string{`go.mod:4:2: invalid content: require a.example/x: version "master" invalid: must be of the form v1.2.3`},
		render: []string{"module 1:1 1:8 m", "go 0:0 ",
			"require 5:2 5:2 b.example/y 5:14 v1.0.0 indirect=false"},
	}, {
		name: "an unknown directive",
		text: "module m\nfrobnicate x\nrequire b.example/y v1.0.0\n",
		want: []string{`go.mod:2:1: invalid content: unknown directive: frobnicate`},
		render: []string{"module 1:1 1:8 m", "go 0:0 ",
			"require 3:1 3:9 b.example/y 3:21 v1.0.0 indirect=false"},
	}, {
		name: "syntax errors on two lines are both reported",
		text: "module m\nrequire \"a.example/x v1.0.0\nrequire b.example/y v1.0.0\nrequire c.example/z /* v1 */\n",
		want: []string{
			`go.mod:2:28: syntax error: unexpected newline in string`,
			`go.mod:4:21: syntax error: mod files must use // comments (not /* */ comments)`,
		},
		render: []string{"module 1:1 1:8 m", "go 0:0 ",
			"require 3:1 3:9 b.example/y 3:21 v1.0.0 indirect=false"},
	}, {
		name:   "an unclosed block loses the file",
		text:   "module m\nrequire (\n\ta.example/x v1.0.0\n",
		want:   []string{`go.mod:4:1: syntax error: unterminated block started at go.mod:2:1`},
		render: []string{"module 1:1 0:0 ", "go 0:0 "},
	}, {
		name:   "binary content",
		text:   "module m\x00\n",
		want:   []string{`go.mod:1:9: binary content: NUL byte in a text file`},
		render: []string{"module 1:1 0:0 ", "go 0:0 "},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, problems := Parse("go.mod", []byte(tt.text))
			got := sourcetest.Errors(problems)
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\ngot  %q\nwant %q", got, tt.want)
			}
			if got := render(m); !slices.Equal(got, tt.render) {
				t.Errorf("model:\ngot  %q\nwant %q", got, tt.render)
			}
		})
	}
}

func TestParseWork(t *testing.T) {
	text := "go 1.22\n\nuse (\n\t./services/cart\n\t\"./services/checkout\"\n)\nuse ./shared\n\nreplace example.com/x => ./x\n"
	w, problems := ParseWork("go.work", []byte(text))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	got := []string{"go " + at(w.Go)}
	for _, u := range w.Uses {
		got = append(got, "use "+at(u))
	}
	got = append(got, renderReplaces(w.Replaces)...)
	want := []string{"go 1:4 1.22", "use 4:2 ./services/cart", "use 5:2 ./services/checkout", "use 7:5 ./shared",
		`replace 9:1 9:9 example.com/x 0:0  => 9:26 ./x 0:0  local=true target="x"`}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if w.Dir != "." {
		t.Errorf("Dir = %q", w.Dir)
	}

	_, problems = ParseWork("go.work", []byte("go 1.22\nmodule x\nuse ./a\n"))
	if len(problems) != 1 || problems[0].Error() != "go.work:2:1: invalid content: unknown directive: module" {
		t.Errorf("problems = %v", problems)
	}
}

func TestResolveDir(t *testing.T) {
	for _, tt := range []struct{ dir, p, want string }{
		{".", "./a", "a"},
		{"svc/a", "../shared", "svc/shared"},
		{"svc/a", "../../x", "x"},
		{"svc/a", "../../../x", ""},
		{".", "..", ""},
		{".", ".", "."},
		{"a", `..\b`, "b"},
		{"a", "/abs", ""},
		{"a", `C:\x`, ""},
		{"a", "", ""},
	} {
		if got := ResolveDir(tt.dir, tt.p); got != tt.want {
			t.Errorf("ResolveDir(%q, %q) = %q, want %q", tt.dir, tt.p, got, tt.want)
		}
	}
}

func TestParseTooLarge(t *testing.T) {
	data := []byte("module m\n" + strings.Repeat("// padding\n", 1<<20/11))
	m, problems := Parse("go.mod", data)
	if len(problems) != 1 || problems[0].Reason != source.ReasonTooLarge || m.Module.Value != "" {
		t.Errorf("got module %q and problems %v", m.Module.Value, problems)
	}
}

func TestParseCapsProblems(t *testing.T) {
	_, problems := Parse("go.mod", []byte("module m\n"+strings.Repeat("frobnicate\n", 500)))
	if len(problems) != maxProblems {
		t.Errorf("got %d problems, want %d", len(problems), maxProblems)
	}
}
