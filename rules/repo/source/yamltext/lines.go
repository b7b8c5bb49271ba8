package yamltext

import (
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Lines splits scalar n of file into the non-empty lines of its value, each
// trimmed of blanks and positioned at its first non-blank character. A line
// of the value is what a shell would see: a folded (>) or plain scalar joins
// source lines, a literal (|) block keeps them, and a line ending in a
// backslash stays a line of its own. Lines of a null or non-scalar node are
// nil. The result may be shared between calls and must not be modified.
func (t *Text) Lines(file string, n *yaml.Node) []source.String {
	n = source.Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || source.IsNull(n) || n.Value == "" {
		return nil
	}
	key := linesKey{file, n}
	if lines, ok := t.lines[key]; ok {
		return lines
	}
	lines := slices.Clip(t.split(file, n))
	t.lines[key] = lines
	return lines
}

func (t *Text) split(file string, n *yaml.Node) []source.String {
	values := strings.Split(n.Value, "\n")
	starts, ok := t.scan(n)
	out := make([]source.String, 0, len(values))
	for i, v := range values {
		v = strings.Trim(v, blanks)
		if v == "" {
			continue
		}
		pos := source.PosOf(file, n)
		if ok && i < len(starts) && starts[i].line > 0 {
			pos = source.Pos{File: file, Line: starts[i].line, Col: starts[i].col}
		}
		out = append(out, source.String{Value: v, Pos: pos})
	}
	return out
}

// blanks are the characters a line is trimmed of; scanning records the
// first character that is not one of them.
const blanks = " \t\r"

// lineStart is where a value line's first non-blank character was read;
// line is 0 until one was.
type lineStart struct{ line, col int }

// char is a character read from the source but not yet emitted, because
// whether it survives depends on what follows (folding).
type char struct {
	r         rune
	line, col int
}

// scanner replays yaml.v3's scanning of one scalar, checking every emitted
// character against the value yaml.v3 produced.
type scanner struct {
	t      *Text
	c      cursor
	want   string      // the value yaml.v3 decoded
	n      int         // bytes of want matched so far
	starts []lineStart // one per value line
	failed bool
}

// scan returns the start of every line of n's value, or false when the
// source does not replay to exactly that value.
func (t *Text) scan(n *yaml.Node) ([]lineStart, bool) {
	c, ok := t.at(n.Line, n.Column)
	if !ok {
		return nil, false
	}
	s := &scanner{t: t, c: c, want: n.Value}
	s.skipProperties()
	switch t.peek(s.c) {
	case '|', '>':
		return s.blockScalar()
	case '\'', '"':
		if s.quoted() {
			return s.starts, true
		}
	default:
		if s.plain() {
			return s.starts, true
		}
	}
	return nil, false
}

func (s *scanner) reset(c cursor) {
	s.c, s.n, s.starts, s.failed = c, 0, []lineStart{{}}, false
}

func (s *scanner) peek() rune        { return s.t.peek(s.c) }
func (s *scanner) peekAt(k int) rune { return s.t.peekAt(s.c, k) }
func (s *scanner) skip()             { s.c = s.t.advance(s.c) }
func (s *scanner) here(r rune) char  { return char{r: r, line: s.c.line + 1, col: s.c.col} }

// read emits the character under the cursor and moves past it.
func (s *scanner) read() {
	s.emit(s.here(s.peek()))
	s.skip()
}

// readLine moves past a line break, appending what yaml.v3 keeps of it.
func (s *scanner) readLine(buf []char) []char {
	if s.peek() != lineBreak {
		return buf
	}
	buf = append(buf, s.here(s.t.breakRune(s.c)))
	s.skip()
	return buf
}

func (s *scanner) emit(ch char) {
	if s.failed {
		return
	}
	if s.starts == nil {
		s.starts = []lineStart{{}}
	}
	var b [utf8.UTFMax]byte
	w := utf8.EncodeRune(b[:], ch.r)
	if s.n+w > len(s.want) || s.want[s.n:s.n+w] != string(b[:w]) {
		s.failed = true
		return
	}
	s.n += w
	last := &s.starts[len(s.starts)-1]
	switch {
	case ch.r == '\n':
		s.starts = append(s.starts, lineStart{})
	case last.line == 0 && !strings.ContainsRune(blanks, ch.r):
		*last = lineStart{line: ch.line, col: ch.col}
	}
}

func (s *scanner) emitAll(chars []char) {
	for _, ch := range chars {
		s.emit(ch)
	}
}

// fold emits what yaml.v3 keeps of the breaks between two pieces of a
// flow or plain scalar: one break becomes a space, more keep all but the
// first, and LS or PS are kept as written.
func (s *scanner) fold(leadingBreak, trailingBreaks []char) {
	if len(leadingBreak) > 0 && leadingBreak[0].r == '\n' {
		if len(trailingBreaks) == 0 {
			s.emit(char{r: ' '})
		} else {
			s.emitAll(trailingBreaks)
		}
		return
	}
	s.emitAll(leadingBreak)
	s.emitAll(trailingBreaks)
}

// skipProperties moves past an anchor or tag, where yaml.v3 starts the
// node's position, to the scalar itself.
func (s *scanner) skipProperties() {
	for r := s.peek(); r == '&' || r == '!'; r = s.peek() {
		s.skip()
		switch {
		case r == '&':
			for isAnchorChar(s.peek()) {
				s.skip()
			}
		case s.peek() == '<':
			// A verbatim tag, !<tag:yaml.org,2002:str>.
			for r := s.peek(); r != '>' && r != lineBreak && r != eof; r = s.peek() {
				s.skip()
			}
			if s.peek() == '>' {
				s.skip()
			}
		default:
			for isTagChar(s.peek()) {
				s.skip()
			}
		}
		for r := s.peek(); isBlank(r) || r == lineBreak; r = s.peek() {
			s.skip()
		}
		if s.peek() == '#' {
			for r := s.peek(); r != lineBreak && r != eof; r = s.peek() {
				s.skip()
			}
			for r := s.peek(); isBlank(r) || r == lineBreak; r = s.peek() {
				s.skip()
			}
		}
	}
}

// isTagChar is what yaml.v3's scanner reads as a tag (its handle, then
// the URI characters): a comma belongs to a tag, even in flow context.
func isTagChar(r rune) bool {
	return isAnchorChar(r) || strings.ContainsRune(";/?:@&=+$,.!~*'()[]%", r)
}

// isAnchorChar is yaml.v3's is_alpha, the characters of an anchor name.
func isAnchorChar(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r == '-'
}
