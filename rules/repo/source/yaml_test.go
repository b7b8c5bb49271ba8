package source

import (
	"strings"
	"testing"
	"time"
)

func TestParseYAMLProblems(t *testing.T) {
	bomb := `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
`
	tests := []struct {
		name, data string
		lim        Limits
		want       string
	}{
		{"syntax", "a: b\nc: [d\n", DefaultLimits, "f.yaml:2:1: syntax error: did not find expected ',' or ']'"},
		{"nul", "a: b\x00", DefaultLimits, "f.yaml:1:5: binary content: NUL byte in a text file"},
		{"utf8", "a: b\nc: \xff\n", DefaultLimits, "f.yaml:2:4: not UTF-8: invalid UTF-8 sequence"},
		{"too large", "a: bcdefgh", Limits{MaxBytes: 4}, "f.yaml:1:1: file too large: 10 bytes exceeds the limit of 4 bytes"},
		{"alias bomb", bomb, DefaultLimits, "f.yaml:7:4: alias expansion limit: document expands to more than 1048576 nodes"},
		{"depth", strings.Repeat("[", 600) + strings.Repeat("]", 600), DefaultLimits, "f.yaml:1:"},
		{"parser error line", "a:\n  b: c\n d: e\n", DefaultLimits, "f.yaml:3:1: syntax error: did not find expected key"},
		{"scanner error line", "a: b\nc: d\ne: f: g\n", DefaultLimits, "f.yaml:3:1: syntax error: mapping values are not allowed in this context"},
		// A scanner error that reads like a parser's ("did not find
		// expected ..."): its line is 1-based already.
		{"anchor without a name", "a: 1\nb: &\n", DefaultLimits, "f.yaml:2:1: syntax error: did not find expected alphabetic or numeric character"},
		{"tab indentation", "jobs:\n\tbuild: x\n", DefaultLimits, "f.yaml:2:1: syntax error: found character that cannot start any token"},
		{"duplicate key", "a: 1\nb:\n  c: 2\n  c: 3\n", DefaultLimits, `f.yaml:4:3: duplicate key: key "c" is already defined at line 3`},
		{"self alias", "a: &a [*a]\n", DefaultLimits, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := ParseYAML("f.yaml", []byte(tt.data), tt.lim)
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
			}
			joined := strings.Join(got, "\n")
			if tt.want == "" {
				return // only: must not hang or panic
			}
			if !strings.HasPrefix(joined, tt.want) {
				t.Errorf("got %q, want prefix %q", joined, tt.want)
			}
		})
	}
}

func TestParseYAMLMultiDocument(t *testing.T) {
	docs, problems := ParseYAML("m.yaml", []byte("a: 1\n---\nb: 2\n---\n"), DefaultLimits)
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	if len(docs) != 3 || docs[1].Root.Content[0].Line != 3 || docs[2].Root != nil {
		t.Fatalf("docs = %+v", docs)
	}
}

func TestParseYAMLKeepsDocumentsBeforeError(t *testing.T) {
	docs, problems := ParseYAML("m.yaml", []byte("a: 1\n---\nb: [\n"), DefaultLimits)
	if len(docs) != 1 || len(problems) != 1 || problems[0].Reason != ReasonSyntax {
		t.Fatalf("docs %d, problems %v", len(docs), problems)
	}
}

func TestParseYAMLBombIsFast(t *testing.T) {
	// 30 levels of nine-fold aliases would expand to 9^30 nodes.
	var b strings.Builder
	b.WriteString("l0: &l0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 30; i++ {
		prev := "*l" + itoa(i-1)
		b.WriteString("l" + itoa(i) + ": &l" + itoa(i) + " [" + strings.Repeat(prev+", ", 8) + prev + "]\n")
	}
	start := time.Now()
	_, problems := ParseYAML("bomb.yaml", []byte(b.String()), DefaultLimits)
	if len(problems) != 1 || problems[0].Reason != ReasonAliasLimit {
		t.Fatalf("problems = %v", problems)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("took %v", d) // a guard against exponential work, not a benchmark
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func FuzzParseYAML(f *testing.F) {
	for _, s := range []string{"a: 1", "a: &a [*a]", "- [", "a:\n  <<: *x", "k: v\n---\n- 1", "\xef\xbb\xbfa: b\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, problems := ParseYAML("f.yaml", data, Limits{MaxBytes: 1 << 16, MaxDepth: 64, MaxNodes: 1 << 14, MaxDocuments: 64})
		// sourcetest.CheckPositions would be an import cycle here.
		// YAML breaks lines at CR LF, LF and a lone CR.
		lines := 1 + strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") +
			strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r")
		check := func(what string, p Pos) {
			if p.File != "f.yaml" || p.Line < 1 || p.Col < 1 || p.Line > lines+1 {
				t.Fatalf("%s: bad position %+v in a file of %d lines", what, p, lines)
			}
		}
		for _, p := range problems {
			check(p.Message, p.Pos)
		}
		for _, d := range docs {
			for _, kv := range Pairs(d.Root) {
				check("key", Str("f.yaml", kv.Key).Pos)
				check("value", Str("f.yaml", kv.Value).Pos)
			}
			_ = Items(d.Root)
		}
	})
}

// TestDuplicateKeysSmallAndLarge: small mappings are checked pair by pair,
// large ones with a map; both report each repetition at the same place,
// naming the nearest earlier definition.
func TestDuplicateKeysSmallAndLarge(t *testing.T) {
	for _, n := range []int{3, smallMapping, smallMapping + 1, 40} {
		var b strings.Builder
		for i := range n {
			b.WriteString("k" + itoa(i) + ": 1\n")
		}
		b.WriteString("k1: 2\nk1: 3\n<<: {}\n<<: {}\n")
		_, problems := ParseYAML("f.yaml", []byte(b.String()), DefaultLimits)
		var got []string
		for _, p := range problems {
			got = append(got, p.Error())
		}
		want := []string{
			"f.yaml:" + itoa(n+1) + ":1: duplicate key: key \"k1\" is already defined at line 2",
			"f.yaml:" + itoa(n+2) + ":1: duplicate key: key \"k1\" is already defined at line " + itoa(n+1),
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%d keys:\ngot  %q\nwant %q", n, got, want)
		}
	}
}

func TestAddCappedCountsWhatItDrops(t *testing.T) {
	var ps []Problem
	for i := 1; i <= MaxProblemsPerFile+5; i++ {
		ps = AddCapped(ps, Problemf(Pos{File: "f", Line: i, Col: 1}, ReasonInvalid, "bad"))
	}
	if len(ps) != MaxProblemsPerFile+1 {
		t.Fatalf("kept %d problems, want %d", len(ps), MaxProblemsPerFile+1)
	}
	last := ps[len(ps)-1]
	if last.Pos.Line != MaxProblemsPerFile+1 || last.Omitted != 4 {
		t.Errorf("last kept problem at line %d omits %d, want line %d omitting 4", last.Pos.Line, last.Omitted, MaxProblemsPerFile+1)
	}
	for _, p := range ps[:len(ps)-1] {
		if p.Omitted != 0 {
			t.Fatalf("problem at line %d omits %d, want 0", p.Pos.Line, p.Omitted)
		}
	}
}
