package apispec

import (
	"unicode/utf8"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

type tokenKind int

const (
	tokIdent  tokenKind = iota // identifiers, keywords and numbers
	tokString                  // a quoted string; text is its content
	tokPunct                   // any other single character
)

type token struct {
	kind tokenKind
	text string
	pos  source.Pos
}

// protoLexer splits a .proto file into tokens, dropping blanks and
// comments. Unterminated strings and comments are reported and end at the
// line's end or the file's end, so the rest of the file is still read.
// Tokens are produced one at a time: a hostile file must not cost a
// slice of millions of them.
type protoLexer struct {
	file    string
	data    []byte
	off     int
	line    int
	lineOff int
	// colOff and col cache the last column computed on the current line,
	// so that a file on one long line costs linear time.
	colOff, col int
	problems    []source.Problem
}

// next returns the next token, or false at the end of the file.
func (l *protoLexer) next() (token, bool) {
	l.skipBlanksAndComments()
	if l.off >= len(l.data) {
		return token{}, false
	}
	pos := l.pos()
	c := l.data[l.off]
	switch {
	case isIdentByte(c):
		start := l.off
		for l.off < len(l.data) && isIdentByte(l.data[l.off]) {
			l.off++
		}
		return token{tokIdent, string(l.data[start:l.off]), pos}, true
	case c == '"' || c == '\'':
		return token{tokString, l.quoted(c, pos), pos}, true
	default:
		_, size := utf8.DecodeRune(l.data[l.off:])
		t := token{tokPunct, string(l.data[l.off : l.off+size]), pos}
		l.off += size
		return t, true
	}
}

func (l *protoLexer) problem(pos source.Pos, format string, args ...any) {
	if len(l.problems) < maxProblems {
		l.problems = append(l.problems, source.Problemf(pos, source.ReasonSyntax, format, args...))
	}
}

func (l *protoLexer) pos() source.Pos {
	if l.col == 0 || l.colOff < l.lineOff || l.colOff > l.off {
		l.colOff, l.col = l.lineOff, 1
	}
	l.col += utf8.RuneCount(l.data[l.colOff:l.off])
	l.colOff = l.off
	return source.Pos{File: l.file, Line: l.line, Col: l.col}
}

func (l *protoLexer) newline() {
	l.off++
	l.line++
	l.lineOff = l.off
}

func (l *protoLexer) skipBlanksAndComments() {
	for l.off < len(l.data) {
		switch c := l.data[l.off]; {
		case c == '\n':
			l.newline()
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			l.off++
		case c == '/' && l.off+1 < len(l.data) && l.data[l.off+1] == '/':
			for l.off < len(l.data) && l.data[l.off] != '\n' {
				l.off++
			}
		case c == '/' && l.off+1 < len(l.data) && l.data[l.off+1] == '*':
			start := l.pos()
			l.off += 2
			for l.off < len(l.data) && (l.data[l.off] != '*' || l.off+1 >= len(l.data) || l.data[l.off+1] != '/') {
				if l.data[l.off] == '\n' {
					l.newline()
				} else {
					l.off++
				}
			}
			if l.off >= len(l.data) {
				l.problem(start, "comment is not terminated")
				return
			}
			l.off += 2
		default:
			return
		}
	}
}

// quoted reads a string literal and returns its content with escapes left
// as written: names and versions do not contain any.
func (l *protoLexer) quoted(quote byte, pos source.Pos) string {
	l.off++
	start := l.off
	for l.off < len(l.data) {
		switch l.data[l.off] {
		case quote:
			s := string(l.data[start:l.off])
			l.off++
			return s
		case '\\':
			l.off++
			if l.off < len(l.data) && l.data[l.off] != '\n' {
				l.off++
			}
		case '\n':
			l.problem(pos, "string is not terminated")
			return string(l.data[start:l.off])
		default:
			l.off++
		}
	}
	l.problem(pos, "string is not terminated")
	return string(l.data[start:l.off])
}

func isIdentByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
