package dockerfile

import "strings"

// word is one blank-separated word of an instruction, quotes included;
// start is its byte offset in the instruction text.
type word struct {
	start int
	raw   string
}

// splitWords splits s at blanks outside quotes. The escape character
// protects the next character outside single quotes, as in the shell
// BuildKit emulates.
func splitWords(s string, escape byte) []word {
	var out []word
	start := -1
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if start < 0 {
			if c == ' ' || c == '\t' {
				continue
			}
			start = i
		}
		switch {
		case quote == 0 && (c == ' ' || c == '\t'):
			out = append(out, word{start, s[start:i]})
			start = -1
		case c == escape && quote != '\'' && i+1 < len(s):
			i++
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case c == quote:
			quote = 0
		}
	}
	if start >= 0 {
		out = append(out, word{start, s[start:]})
	}
	return out
}

// unquote removes the quotes of a word and the escape characters that
// protect the next character: any character outside quotes, and inside
// double quotes only the quote, the escape character and $, as in the
// shell.
func unquote(s string, escape byte) string {
	if !strings.ContainsAny(s, "\"'"+string(escape)) {
		return s
	}
	var b strings.Builder
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == escape && i+1 < len(s) && (quote == 0 || quote == '"' && strings.IndexByte("\"$"+string(escape), s[i+1]) >= 0):
			i++
			b.WriteByte(s[i])
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case c == quote:
			quote = 0
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
