package dockerfile

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// segment is the part of one physical line that belongs to an
// instruction; start is its offset in the joined instruction text.
type segment struct {
	start int
	line  int
	col   int // rune column of the segment's first byte
}

// instruction is one logical line: its physical lines joined with the
// continuation characters removed, as BuildKit joins them.
type instruction struct {
	text     string
	segments []segment
	// The last position computed, so that a long line read left to right
	// costs linear time.
	lastSeg, lastOff, lastCol int
}

// pos is the position of byte offset off of the joined text.
func (in *instruction) pos(file string, off int) source.Pos {
	off = min(max(off, 0), len(in.text))
	i := sort.Search(len(in.segments), func(i int) bool { return in.segments[i].start > off }) - 1
	i = max(i, 0)
	s := in.segments[i]
	from, col := s.start, s.col
	if i == in.lastSeg && in.lastOff >= s.start && in.lastOff <= off && in.lastCol > 0 {
		from, col = in.lastOff, in.lastCol
	}
	col += utf8.RuneCountInString(in.text[from:off])
	in.lastSeg, in.lastOff, in.lastCol = i, off, col
	return source.Pos{File: file, Line: s.line, Col: col}
}

// reader turns the physical lines of a Dockerfile into instructions.
type reader struct {
	file     string
	lines    []string
	i        int  // next line index
	escape   byte // the continuation and escape character
	problems []source.Problem
}

func newReader(file string, data []byte) *reader {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	r := &reader{file: file, lines: strings.Split(text, "\n"), escape: '\\'}
	r.directives()
	return r
}

// directiveRE is a parser directive: "# name=value" before anything else.
var directiveRE = regexp.MustCompile(`^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$`)

// directives reads the parser directives at the top of the file. BuildKit
// stops looking at the first line that is not one, including a blank line
// or an unknown directive, which is a comment.
func (r *reader) directives() {
	for ; r.i < len(r.lines); r.i++ {
		m := directiveRE.FindStringSubmatch(r.lines[r.i])
		if m == nil {
			return
		}
		switch strings.ToLower(m[1]) {
		case "escape":
			if m[2] != `\` && m[2] != "`" {
				r.problem(source.Pos{File: r.file, Line: r.i + 1, Col: 1}, source.ReasonInvalid,
					"escape directive must be \\ or `, got %q", m[2])
				continue
			}
			r.escape = m[2][0]
		case "syntax", "check":
		default:
			return
		}
	}
}

func (r *reader) problem(pos source.Pos, reason source.Reason, format string, args ...any) {
	r.problems = source.AddCapped(r.problems, source.Problemf(pos, reason, format, args...))
}

// isComment reports a line BuildKit drops: '#' as its first non-blank
// character. A '#' later in a line is part of the instruction.
func isComment(line string) bool {
	return strings.HasPrefix(strings.TrimLeft(line, " \t"), "#")
}

func isBlank(line string) bool { return strings.TrimSpace(line) == "" }

// next returns the next instruction, skipping comments, blank lines and
// the heredoc bodies that follow an instruction.
func (r *reader) next() (*instruction, bool) {
	for r.i < len(r.lines) && (isBlank(r.lines[r.i]) || isComment(r.lines[r.i])) {
		r.i++
	}
	if r.i >= len(r.lines) {
		return nil, false
	}
	in := &instruction{}
	var b strings.Builder
	for r.i < len(r.lines) {
		line := r.lines[r.i]
		lineNo := r.i + 1
		r.i++
		if b.Len() > 0 && (isBlank(line) || isComment(line)) {
			continue // BuildKit drops these inside a continued instruction
		}
		trimmed := strings.TrimRight(line, " \t")
		continued := strings.HasSuffix(trimmed, string(r.escape))
		if continued {
			line = trimmed[:len(trimmed)-1]
		}
		lead := 0
		if b.Len() == 0 {
			lead = len(line) - len(strings.TrimLeft(line, " \t"))
		}
		in.segments = append(in.segments, segment{start: b.Len(), line: lineNo, col: 1 + utf8.RuneCountInString(line[:lead])})
		b.WriteString(line[lead:])
		if !continued {
			break
		}
	}
	in.text = b.String()
	r.skipHeredocs(in)
	return in, true
}

// heredocRE is a heredoc word as BuildKit recognises it: an optional file
// descriptor, <<, an optional - (strip leading tabs), and the delimiter,
// possibly quoted.
var heredocRE = regexp.MustCompile(`^[0-9]*<<(-?)([^<]+)$`)

// skipHeredocs consumes the bodies of the heredocs an instruction opens:
// each runs to a line holding only its delimiter.
func (r *reader) skipHeredocs(in *instruction) {
	if !strings.Contains(in.text, "<<") {
		return
	}
	words := splitWords(in.text, r.escape)
	if len(words) < 2 {
		return
	}
	switch strings.ToUpper(words[0].raw) {
	case "RUN", "COPY", "ADD":
	default:
		return
	}
	for _, w := range words[1:] {
		m := heredocRE.FindStringSubmatch(w.raw)
		if m == nil {
			continue
		}
		delim := unquote(m[2], r.escape)
		if delim == "" {
			continue
		}
		if !r.skipBody(delim, m[1] == "-") {
			r.problem(in.pos(r.file, w.start), source.ReasonSyntax, "heredoc %s is not terminated", delim)
			return
		}
	}
}

func (r *reader) skipBody(delim string, stripTabs bool) bool {
	for r.i < len(r.lines) {
		line := r.lines[r.i]
		r.i++
		if stripTabs {
			line = strings.TrimLeft(line, "\t")
		}
		if line == delim {
			return true
		}
	}
	return false
}
