package compose

import (
	"slices"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func TestParseEnvFile(t *testing.T) {
	text := "# comment\r\n" +
		"PLAIN=value\r\n" +
		"export EXPORTED=1\n" +
		"  SPACED = with spaces   # trailing comment\n" +
		"HASH=a#b\n" +
		"EMPTY=\n" +
		"SINGLE='it''s $raw \\n'\n" +
		"DOUBLE=\"line\\n\\\"q\\\" $$\" # after\n" +
		"MULTI=\"first\n" +
		"second\"\n" +
		"BARE\n" +
		"\n" +
		"ÄPFEL=grün\n" +
		"TAIL=ü"
	f, problems := ParseEnvFile(".env", []byte(text))
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	var got []string
	for _, v := range f.Vars {
		got = append(got, at(v.Name)+" = "+at(v.Value))
	}
	want := []string{
		"2:1 PLAIN = 2:7 value",
		"3:8 EXPORTED = 3:17 1",
		"4:3 SPACED = 4:12 with spaces",
		"5:1 HASH = 5:6 a#b",
		"6:1 EMPTY = 6:7 ",
		"7:1 SINGLE = 7:8 it",
		"8:1 DOUBLE = 8:8 line\n\"q\" $$",
		"9:1 MULTI = 9:7 first\nsecond",
		"11:1 BARE = 0:0 ",
		"13:1 ÄPFEL = 13:7 grün",
		"14:1 TAIL = 14:6 ü",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if f.Path != ".env" {
		t.Errorf("Path = %q", f.Path)
	}
}

func TestParseEnvFileProblems(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
		vars       int
	}{
		{"unterminated double quote keeps later lines", "A=\"open\nB=2\n", []string{`.env:1:3: invalid content: unterminated "-quoted value`}, 1},
		{"unterminated single quote", "A='open\nB=2\n", []string{`.env:1:3: invalid content: unterminated '-quoted value`}, 1},
		{"name with a space", "MY VAR=1\nOK=1\n", []string{`.env:1:1: invalid content: invalid variable name "MY VAR"`}, 1},
		{"empty name", "=1\n", []string{`.env:1:1: invalid content: invalid variable name ""`}, 0},
		{"text without =", "just some words\n", []string{`.env:1:1: invalid content: expected NAME=value, got "just some words"`}, 0},
		{"NUL byte", "A=1\x00\n", []string{`.env:1:4: binary content: NUL byte in a text file`}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, problems := ParseEnvFile(".env", []byte(tt.text))
			got := sourcetest.Errors(problems)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if len(f.Vars) != tt.vars {
				t.Errorf("got %d vars, want %d", len(f.Vars), tt.vars)
			}
		})
	}
}

func TestVariables(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"${IMAGE_NAME}:${DEMO_VERSION}-cart", []string{"IMAGE_NAME", "DEMO_VERSION"}},
		{"$REPO/x:$TAG", []string{"REPO", "TAG"}},
		{"x:${TAG:-latest}", []string{"TAG"}},
		{"x:${TAG-latest} ${A:?required} ${B?err} ${C:+alt} ${D+alt}", []string{"TAG", "A", "B", "C", "D"}},
		{"${TAG:-${FALLBACK:-v1}}", []string{"TAG", "FALLBACK"}},
		{"$$NOT ${A} $A", []string{"A"}},
		{"price: 5$", nil},
		{"${unterminated", nil},
		{"$1 ${} ${-x}", nil},
		{"plain", nil},
	}
	for _, tt := range tests {
		if got := Variables(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Variables(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
