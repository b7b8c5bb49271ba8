// Package directive reads lockstep's inline suppression comments:
//
//	# lockstep:ignore LS101 -- one pipeline is intentional while we migrate
//	//lockstep:ignore LS301,LS305 -- reason
//	# lockstep:ignore-file LS104 -- reason
//
// A comment alone on its line applies to the next line that is not blank
// or a comment; a comment after other text applies to its own line.
// ignore-file applies to the whole file. A reason is required.
package directive

import (
	"bytes"
	"go/scanner"
	"go/token"
	"regexp"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Directive is one lockstep:ignore comment.
type Directive struct {
	Pos    source.Pos // where the comment starts
	Rules  []string   // IDs or names, as written
	Reason string
	// Line is the line the directive applies to; 0 for the whole file.
	Line int
	// Malformed explains what is wrong with the directive; such a
	// directive suppresses nothing.
	Malformed string
}

var marker = []byte("lockstep:ignore")

var ruleRE = regexp.MustCompile(`^(LS\d{3}|[a-z][a-z0-9]*(-[a-z0-9]+)*)$`)

// Scan finds the directives of one file.
func Scan(path string, data []byte) []Directive {
	if !bytes.Contains(data, marker) {
		return nil
	}
	if strings.HasSuffix(path, ".go") {
		return scanGo(path, data)
	}
	lines := bytes.Split(data, []byte{'\n'})
	var out []Directive
	for i, raw := range lines {
		line := string(bytes.TrimRight(raw, "\r"))
		at := strings.Index(line, string(marker))
		if at < 0 {
			continue
		}
		start, ok := commentStart(line, at)
		if !ok {
			continue
		}
		d := parse(line[at+len(marker):])
		d.Pos = source.Pos{File: path, Line: i + 1, Col: start + 1}
		switch {
		case d.Line < 0: // ignore-file
			d.Line = 0
		case strings.TrimSpace(line[:start]) != "":
			d.Line = i + 1
		default:
			d.Line = nextCodeLine(lines, i+1)
		}
		out = append(out, d)
	}
	return out
}

// commentStart finds the comment marker (# or //) that introduces the
// directive at index at, allowing only spaces between them.
func commentStart(line string, at int) (int, bool) {
	before := strings.TrimRight(line[:at], " \t")
	switch {
	case strings.HasSuffix(before, "//"):
		return len(before) - 2, true
	case strings.HasSuffix(before, "#"):
		return len(before) - 1, true
	}
	return 0, false
}

func parse(rest string) Directive {
	var d Directive
	if strings.HasPrefix(rest, "-file") {
		rest = rest[len("-file"):]
		d.Line = -1
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		d.Malformed = "expected a space and rule IDs after lockstep:ignore"
		return d
	}
	ids, reason, hasReason := strings.Cut(rest, "--")
	for _, id := range strings.FieldsFunc(ids, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if !ruleRE.MatchString(id) {
			d.Malformed = "\"" + id + "\" is not a rule ID or name"
			return d
		}
		d.Rules = append(d.Rules, id)
	}
	d.Reason = strings.TrimSpace(reason)
	switch {
	case len(d.Rules) == 0:
		d.Malformed = "no rule named; write lockstep:ignore LS101 -- reason"
	case !hasReason || d.Reason == "":
		d.Malformed = "a reason is required after \"--\""
	}
	return d
}

func nextCodeLine(lines [][]byte, from int) int {
	for j := from; j < len(lines); j++ {
		t := bytes.TrimSpace(lines[j])
		if len(t) == 0 || t[0] == '#' || bytes.HasPrefix(t, []byte("//")) {
			continue
		}
		return j + 1
	}
	return from + 1
}

// scanGo reads directives from Go line comments only, found with the Go
// scanner: the same words in a string literal, or quoted inside a doc
// comment ("//	# lockstep:ignore ..."), are not directives. As with
// //lint:ignore, the directive must open the comment.
func scanGo(path string, data []byte) []Directive {
	fset := token.NewFileSet()
	file := fset.AddFile(path, -1, len(data))
	var sc scanner.Scanner
	sc.Init(file, data, func(token.Position, string) {}, scanner.ScanComments)
	lines := bytes.Split(data, []byte{'\n'})
	var out []Directive
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			return out
		}
		if tok != token.COMMENT || !strings.HasPrefix(lit, "//") {
			continue
		}
		text := strings.TrimLeft(lit[2:], " ")
		if !strings.HasPrefix(text, string(marker)) {
			continue
		}
		p := fset.Position(pos)
		d := parse(text[len(marker):])
		d.Pos = source.Pos{File: path, Line: p.Line, Col: p.Column}
		line := string(lines[p.Line-1])
		switch {
		case d.Line < 0:
			d.Line = 0
		case strings.TrimSpace(line[:p.Column-1]) != "":
			d.Line = p.Line
		default:
			d.Line = nextCodeLine(lines, p.Line)
		}
		out = append(out, d)
	}
}
