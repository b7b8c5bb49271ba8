package compose

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// EnvFile is a .env file, as Compose reads it for variable substitution
// and env_file:.
type EnvFile struct {
	Path string
	Vars []EnvVar
}

// ParseEnvFile reads KEY=VALUE lines. It accepts what Compose accepts:
// comments, blank lines, "export " prefixes, single-quoted (literal) and
// double-quoted (escaped, possibly multi-line) values, inline comments
// after unquoted values, and CRLF line endings. Name and value positions
// are exact; a quoted value's position is its opening quote.
func ParseEnvFile(path string, data []byte) (*EnvFile, []source.Problem) {
	f := &EnvFile{Path: path}
	if p := source.CheckText(path, data, source.DefaultLimits); p != nil {
		return f, []source.Problem{*p}
	}
	s := &envScanner{file: path, data: data, line: 1}
	s.data = bytes.TrimPrefix(s.data, []byte("\ufeff"))
	for {
		s.skip(" \t\r\n")
		if s.off >= len(s.data) {
			break
		}
		if s.data[s.off] == '#' {
			s.toLineEnd()
			continue
		}
		if v, ok := s.variable(); ok {
			f.Vars = append(f.Vars, v)
		}
	}
	return f, s.problems
}

type envScanner struct {
	file    string
	data    []byte
	off     int
	line    int
	lineOff int // offset of the current line's first byte
	// colOff and col cache the last column computed on the current line.
	colOff, col int
	problems    []source.Problem
}

func (s *envScanner) pos() source.Pos {
	if s.col == 0 || s.colOff < s.lineOff || s.colOff > s.off {
		s.colOff, s.col = s.lineOff, 1
	}
	s.col += utf8.RuneCount(s.data[s.colOff:s.off])
	s.colOff = s.off
	return source.Pos{File: s.file, Line: s.line, Col: s.col}
}

// advance moves to off, keeping the line count.
func (s *envScanner) advance(off int) {
	for ; s.off < off; s.off++ {
		if s.data[s.off] == '\n' {
			s.line++
			s.lineOff = s.off + 1
		}
	}
}

func (s *envScanner) skip(set string) {
	i := s.off
	for i < len(s.data) && strings.IndexByte(set, s.data[i]) >= 0 {
		i++
	}
	s.advance(i)
}

// lineRest is the text from the current offset to the end of the line.
func (s *envScanner) lineRest() []byte {
	rest := s.data[s.off:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

func (s *envScanner) toLineEnd() { s.advance(s.off + len(s.lineRest())) }

func (s *envScanner) problem(pos source.Pos, format string, args ...any) {
	s.problems = source.AddCapped(s.problems, source.Problemf(pos, source.ReasonInvalid, format, args...))
}

// variable reads one NAME[=value] entry starting at a non-blank byte.
func (s *envScanner) variable() (EnvVar, bool) {
	if rest := s.lineRest(); bytes.HasPrefix(rest, []byte("export")) && len(rest) > 6 && (rest[6] == ' ' || rest[6] == '\t') {
		s.advance(s.off + 6)
		s.skip(" \t")
	}
	namePos := s.pos()
	rest := s.lineRest()
	eq := bytes.IndexByte(rest, '=')
	if eq < 0 {
		// A bare NAME passes the shell's value through.
		text := bytes.TrimRight(rest, " \t\r")
		if i := bytes.Index(text, []byte(" #")); i >= 0 {
			text = bytes.TrimRight(text[:i], " \t")
		}
		s.toLineEnd()
		if !validName(string(text)) {
			s.problem(namePos, "expected NAME=value, got %q", string(text))
			return EnvVar{}, false
		}
		return EnvVar{Name: source.String{Value: string(text), Pos: namePos}}, true
	}
	name := string(bytes.TrimRight(rest[:eq], " \t"))
	if !validName(name) {
		s.problem(namePos, "invalid variable name %q", name)
		s.toLineEnd()
		return EnvVar{}, false
	}
	s.advance(s.off + eq + 1)
	s.skip(" \t")
	v := EnvVar{Name: source.String{Value: name, Pos: namePos}}
	value, ok := s.value()
	if !ok {
		return EnvVar{}, false
	}
	v.Value = value
	return v, true
}

func (s *envScanner) value() (source.String, bool) {
	pos := s.pos()
	if s.off < len(s.data) && (s.data[s.off] == '"' || s.data[s.off] == '\'') {
		quote := s.data[s.off]
		end := closingQuote(s.data, s.off+1, quote)
		if end < 0 {
			s.problem(pos, "unterminated %c-quoted value", quote)
			s.toLineEnd()
			return source.String{}, false
		}
		raw := string(s.data[s.off+1 : end])
		if quote == '"' {
			raw = unescape(raw)
		}
		s.advance(end + 1)
		s.toLineEnd() // whatever follows the closing quote is a comment
		return source.String{Value: strings.ReplaceAll(raw, "\r\n", "\n"), Pos: pos}, true
	}
	text := s.lineRest()
	for i := 0; i < len(text); i++ {
		if text[i] == '#' && i > 0 && (text[i-1] == ' ' || text[i-1] == '\t') {
			text = text[:i]
			break
		}
	}
	s.toLineEnd()
	return source.String{Value: string(bytes.TrimRight(text, " \t\r")), Pos: pos}, true
}

// closingQuote finds the quote ending a value that starts at from; double
// quotes honour backslash escapes, single quotes do not.
func closingQuote(data []byte, from int, quote byte) int {
	for i := from; i < len(data); i++ {
		switch data[i] {
		case '\\':
			if quote == '"' {
				i++
			}
		case quote:
			return i
		}
	}
	return -1
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case '"', '\\', '$':
			b.WriteByte(s[i])
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// validName accepts the names Compose accepts: no blanks, not empty.
func validName(name string) bool {
	return name != "" && !strings.ContainsAny(name, " \t\r\n\"'=#")
}
