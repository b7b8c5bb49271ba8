// Package yamltext maps YAML scalar values back to the text they were
// written as, so that a rule can point at one line of a multi-line script
// rather than at the key that holds it.
//
// yaml.v3 gives the position where a scalar starts, not where each of its
// lines is. Lines re-scans the scalar's source with the same rules as
// yaml.v3's scanner (folding, escapes, block indentation, chomping) and
// records where the first non-blank character of every value line was read.
// The re-scan is checked character by character against the value yaml.v3
// produced; on any disagreement the lines fall back to the scalar's own
// position, so a position may be coarse but is never wrong.
package yamltext

import (
	"bytes"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Text indexes the lines of a file the way yaml.v3 counts them: CR LF, CR,
// LF, NEL, LS and PS all end a line, and a leading UTF-8 BOM takes no column.
type Text struct {
	data   []byte
	starts []int // byte offset where each line's content begins
	ends   []int // byte offset of each line's break, or len(data) for the last line

	// lines memoises Lines: through aliases, one long scalar may be used
	// thousands of times, and splitting it each time would cost far more
	// than the file's size.
	lines map[linesKey][]source.String
}

type linesKey struct {
	file string
	node *yaml.Node
}

// New indexes data. It is cheap (one pass) and meant to be built once per
// file and shared by every scalar of that file.
func New(data []byte) *Text {
	// Sized for the \n breaks, nearly always all of them: growing the
	// slices line by line was most of New's cost.
	n := bytes.Count(data, []byte{'\n'}) + 1
	t := &Text{data: data, lines: map[linesKey][]source.String{}, starts: make([]int, 0, n), ends: make([]int, 0, n)}
	start := 0
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		start = 3
	}
	for i := start; i < len(data); {
		if c := data[i]; c != '\n' && c != '\r' && c != 0xC2 && c != 0xE2 {
			i++ // not the first byte of any line break
			continue
		}
		if n := breakLen(data[i:]); n > 0 {
			t.starts = append(t.starts, start)
			t.ends = append(t.ends, i)
			i += n
			start = i
			continue
		}
		i++
	}
	t.starts = append(t.starts, start)
	t.ends = append(t.ends, len(data))
	return t
}

// breakLen is the byte length of the line break b starts with, or 0.
func breakLen(b []byte) int {
	switch {
	case len(b) == 0:
		return 0
	case b[0] == '\r' && len(b) > 1 && b[1] == '\n':
		return 2
	case b[0] == '\r' || b[0] == '\n':
		return 1
	case b[0] == 0xC2 && len(b) > 1 && b[1] == 0x85: // NEL
		return 2
	case b[0] == 0xE2 && len(b) > 2 && b[1] == 0x80 && (b[2] == 0xA8 || b[2] == 0xA9): // LS, PS
		return 3
	}
	return 0
}

// Sentinels returned by peek in place of a character.
const (
	eof       rune = -1 // past the last character of the file
	lineBreak rune = -2 // at the end of a line that is followed by another
)

// cursor is a position in a Text: a 0-based line index, a byte offset into
// the data, and yaml.v3's 1-based column, which counts characters.
type cursor struct {
	line, off, col int
}

// at is the cursor at yaml.v3's 1-based line and column, if it exists.
func (t *Text) at(line, col int) (cursor, bool) {
	if line < 1 || line > len(t.starts) || col < 1 {
		return cursor{}, false
	}
	c := cursor{line: line - 1, off: t.starts[line-1], col: 1}
	for c.col < col {
		if c.off >= t.ends[c.line] {
			return cursor{}, false
		}
		c = t.advance(c)
	}
	return c, true
}

// peek is the character at c, or one of the sentinels.
func (t *Text) peek(c cursor) rune {
	if c.off >= t.ends[c.line] {
		if c.line+1 >= len(t.starts) {
			return eof
		}
		return lineBreak
	}
	r, _ := utf8.DecodeRune(t.data[c.off:t.ends[c.line]])
	return r
}

// advance moves past one character, or past the line break at the end of
// a line. It never moves past the end of the file.
func (t *Text) advance(c cursor) cursor {
	if c.off < t.ends[c.line] {
		_, w := utf8.DecodeRune(t.data[c.off:t.ends[c.line]])
		return cursor{line: c.line, off: c.off + w, col: c.col + 1}
	}
	if c.line+1 < len(t.starts) {
		return cursor{line: c.line + 1, off: t.starts[c.line+1], col: 1}
	}
	return c
}

// peekAt looks k characters ahead on the same line; a sentinel when the
// line ends first.
func (t *Text) peekAt(c cursor, k int) rune {
	for ; k > 0; k-- {
		if c.off >= t.ends[c.line] {
			return t.peek(c)
		}
		c = t.advance(c)
	}
	return t.peek(c)
}

// breakRune is what yaml.v3 stores for the line break ending c's line:
// LS and PS are kept, every other break becomes '\n'.
func (t *Text) breakRune(c cursor) rune {
	if r, _ := utf8.DecodeRune(t.data[t.ends[c.line]:]); r == '\u2028' || r == '\u2029' {
		return r
	}
	return '\n'
}

// documentMarker reports a "---" or "..." line start at c, which ends any
// scalar in yaml.v3.
func (t *Text) documentMarker(c cursor) bool {
	if c.col != 1 {
		return false
	}
	rest := t.data[c.off:t.ends[c.line]]
	if !bytes.HasPrefix(rest, []byte("---")) && !bytes.HasPrefix(rest, []byte("...")) {
		return false
	}
	return len(rest) == 3 || rest[3] == ' ' || rest[3] == '\t'
}

func isBlank(r rune) bool { return r == ' ' || r == '\t' }

// isBlankz is yaml.v3's is_blankz: a blank, a line break or the end.
func isBlankz(r rune) bool { return isBlank(r) || r == lineBreak || r == eof }
