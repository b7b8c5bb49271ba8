package gomod

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/modfile"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// lexer recovers the position of each token of a modfile.Line, which
// records only where the line starts.
type lexer struct {
	file string
	data []byte
}

func (l lexer) start(line *modfile.Line) source.Pos {
	if line == nil || line.Start.Line < 1 {
		return source.Pos{File: l.file, Line: 1, Col: 1}
	}
	col := max(line.Start.LineRune, 1)
	return source.Pos{File: l.file, Line: line.Start.Line, Col: col}
}

// arg is argument i of line (the tokens after the verb, which a line in a
// block does not repeat), positioned at its token; value is what modfile
// decoded from it (quotes removed).
func (l lexer) arg(line *modfile.Line, i int, value string) source.String {
	if line == nil {
		return source.String{Value: value}
	}
	if !line.InBlock {
		i++ // skip the verb
	}
	offsets := tokenOffsets(l.data, line.Start.Byte)
	pos := l.start(line)
	if i < len(offsets) && line.Start.Byte >= 0 && line.Start.Byte <= len(l.data) {
		pos.Col += utf8.RuneCount(l.data[line.Start.Byte:offsets[i]])
	}
	return source.String{Value: value, Pos: pos}
}

// tokenOffsets lists the byte offsets of the tokens of the line starting
// at from, lexed as modfile lexes them: blank-separated words, quoted
// strings, and one-character punctuation, up to a // comment.
func tokenOffsets(data []byte, from int) []int {
	var out []int
	for i := from; i >= 0 && i < len(data); {
		c, size := utf8.DecodeRune(data[i:])
		switch {
		case c == '\n':
			return out
		case c == ' ' || c == '\t' || c == '\r':
			i += size
		case c == '/' && i+1 < len(data) && data[i+1] == '/':
			return out
		case c == '"' || c == '`':
			out = append(out, i)
			i = quotedEnd(data, i+1, byte(c))
		case isPunct(c):
			out = append(out, i)
			i += size
		default:
			out = append(out, i)
			for i < len(data) {
				c, size := utf8.DecodeRune(data[i:])
				if isPunct(c) || unicode.IsSpace(c) || c == '/' && i+1 < len(data) && data[i+1] == '/' {
					break
				}
				i += size
			}
		}
	}
	return out
}

func quotedEnd(data []byte, i int, quote byte) int {
	for ; i < len(data) && data[i] != '\n'; i++ {
		switch data[i] {
		case quote:
			return i + 1
		case '\\':
			if quote == '"' {
				i++
			}
		}
	}
	return i
}

func isPunct(c rune) bool {
	switch c {
	case '(', ')', '[', ']', '{', '}', ',':
		return true
	}
	return false
}
