package yamltext

import "strings"

// The three scanners below follow yaml.v3's scannerc.go
// (yaml_parser_scan_block_scalar, _flow_scalar and _plain_scalar) step for
// step, minus error reporting: input that yaml.v3 rejected never reaches
// here, and anything unexpected simply fails the replay.

// maxIndentTries bounds the search for an explicit indentation indicator's
// base indentation, which the scalar node does not record.
const maxIndentTries = 64

// blockScalar replays a literal (|) or folded (>) block scalar.
func (s *scanner) blockScalar() ([]lineStart, bool) {
	literal := s.peek() == '|'
	s.skip()
	increment := 0
	for i := 0; i < 2; i++ {
		switch r := s.peek(); {
		case r == '+' || r == '-':
			s.skip()
		case r >= '1' && r <= '9':
			increment = int(r - '0')
			s.skip()
		}
	}
	for r := s.peek(); r != lineBreak && r != eof; r = s.peek() {
		s.skip() // blanks and a comment
	}
	s.skip()
	content := s.c

	// Trailing breaks are only chomping; every line with text ends before them.
	target := len(strings.TrimRight(s.want, "\n\u2028\u2029"))
	if target == 0 {
		return nil, true
	}
	if increment == 0 {
		s.reset(content)
		ok := s.blockContent(literal, 0, target)
		return s.starts, ok
	}
	// yaml.v3 adds the indicator to the enclosing collection's indentation,
	// which only the parser knew; the candidate that replays the value
	// exactly is the right one, as the value fixes every line's indentation.
	for base := 0; base < maxIndentTries; base++ {
		s.reset(content)
		if s.blockContent(literal, base+increment, target) {
			return s.starts, true
		}
	}
	return nil, false
}

// blockContent scans the lines of a block scalar at indent (0: detect it)
// until target bytes of the value have been matched.
func (s *scanner) blockContent(literal bool, indent, target int) bool {
	var leadingBreak, trailingBreaks []char
	if !s.blockBreaks(&indent, &trailingBreaks) {
		return false
	}
	leadingBlank := false
	for s.c.col-1 == indent && s.peek() != eof {
		trailingBlank := isBlank(s.peek())
		if !literal && !leadingBlank && !trailingBlank && len(leadingBreak) > 0 && leadingBreak[0].r == '\n' {
			if len(trailingBreaks) == 0 {
				s.emit(char{r: ' '})
			}
		} else {
			s.emitAll(leadingBreak)
		}
		leadingBreak = leadingBreak[:0]
		s.emitAll(trailingBreaks)
		trailingBreaks = trailingBreaks[:0]
		leadingBlank = isBlank(s.peek())
		for r := s.peek(); r != lineBreak && r != eof; r = s.peek() {
			s.read()
		}
		if s.failed {
			return false
		}
		if s.n == target {
			return true
		}
		leadingBreak = s.readLine(leadingBreak)
		if !s.blockBreaks(&indent, &trailingBreaks) {
			return false
		}
	}
	return false
}

// blockBreaks eats indentation and empty lines, and settles an undetected
// indentation on the first line with text.
func (s *scanner) blockBreaks(indent *int, breaks *[]char) bool {
	maxIndent := 0
	for {
		for (*indent == 0 || s.c.col-1 < *indent) && s.peek() == ' ' {
			s.skip()
		}
		maxIndent = max(maxIndent, s.c.col-1)
		if (*indent == 0 || s.c.col-1 < *indent) && s.peek() == '\t' {
			return false
		}
		if s.peek() != lineBreak {
			break
		}
		*breaks = s.readLine(*breaks)
	}
	if *indent == 0 {
		*indent = max(maxIndent, 1)
	}
	return true
}

// quoted replays a single- or double-quoted scalar.
func (s *scanner) quoted() bool {
	quote := s.peek()
	single := quote == '\''
	s.skip()
	s.reset(s.c)
	var leadingBreak, trailingBreaks, whitespaces []char
	for {
		if s.t.documentMarker(s.c) || s.peek() == eof {
			return false
		}
		leadingBlanks := false
	chars:
		for r := s.peek(); !isBlankz(r); r = s.peek() {
			switch {
			case single && r == '\'' && s.peekAt(1) == '\'':
				s.emit(s.here('\''))
				s.skip()
				s.skip()
			case r == quote:
				break chars
			case !single && r == '\\' && s.peekAt(1) == lineBreak:
				s.skip()
				s.skip()
				leadingBlanks = true
				break chars
			case !single && r == '\\':
				if !s.escape() {
					return false
				}
			default:
				s.read()
			}
		}
		if s.failed {
			return false
		}
		if s.peek() == quote {
			break
		}
		for r := s.peek(); isBlank(r) || r == lineBreak; r = s.peek() {
			switch {
			case isBlank(r) && leadingBlanks:
				s.skip()
			case isBlank(r):
				whitespaces = append(whitespaces, s.here(r))
				s.skip()
			case !leadingBlanks:
				whitespaces = whitespaces[:0]
				leadingBreak = s.readLine(leadingBreak)
				leadingBlanks = true
			default:
				trailingBreaks = s.readLine(trailingBreaks)
			}
		}
		if leadingBlanks {
			s.fold(leadingBreak, trailingBreaks)
		} else {
			s.emitAll(whitespaces)
		}
		leadingBreak, trailingBreaks, whitespaces = leadingBreak[:0], trailingBreaks[:0], whitespaces[:0]
	}
	return !s.failed && s.n == len(s.want)
}

// simpleEscapes are the one-character escapes of a double-quoted scalar.
var simpleEscapes = map[rune]rune{
	'0': 0, 'a': '\a', 'b': '\b', 't': '\t', '\t': '\t', 'n': '\n', 'v': '\v',
	'f': '\f', 'r': '\r', 'e': 0x1B, ' ': ' ', '"': '"', '\'': '\'', '\\': '\\',
	'N': 0x85, '_': 0xA0, 'L': 0x2028, 'P': 0x2029,
}

// hexEscapes are the escapes followed by a code point in hex digits.
var hexEscapes = map[rune]int{'x': 2, 'u': 4, 'U': 8}

// escape emits the character a backslash escape stands for, positioned at
// the backslash.
func (s *scanner) escape() bool {
	at := s.here(0)
	kind := s.peekAt(1)
	if r, ok := simpleEscapes[kind]; ok {
		at.r = r
		s.emit(at)
		s.skip()
		s.skip()
		return true
	}
	digits, ok := hexEscapes[kind]
	if !ok {
		return false
	}
	code := 0
	for k := 0; k < digits; k++ {
		d := hexDigit(s.peekAt(2 + k))
		if d < 0 {
			return false
		}
		code = code<<4 | d
	}
	if (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF {
		return false
	}
	at.r = rune(code)
	s.emit(at)
	for k := 0; k < digits+2; k++ {
		s.skip()
	}
	return true
}

func hexDigit(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= 'a' && r <= 'f':
		return int(r-'a') + 10
	case r >= 'A' && r <= 'F':
		return int(r-'A') + 10
	}
	return -1
}

// plain replays a plain scalar. Where it ends depends on the context
// (flow or block, the enclosing indentation) which the node does not
// record, so the replay stops as soon as the whole value has been matched.
func (s *scanner) plain() bool {
	s.reset(s.c)
	var leadingBreak, trailingBreaks, whitespaces []char
	leadingBlanks := false
	for {
		if s.t.documentMarker(s.c) || s.peek() == '#' {
			return false
		}
		for r := s.peek(); !isBlankz(r); r = s.peek() {
			if r == ':' && isBlankz(s.peekAt(1)) {
				return false
			}
			if leadingBlanks {
				s.fold(leadingBreak, trailingBreaks)
				leadingBreak, trailingBreaks, leadingBlanks = leadingBreak[:0], trailingBreaks[:0], false
			} else if len(whitespaces) > 0 {
				s.emitAll(whitespaces)
				whitespaces = whitespaces[:0]
			}
			s.read()
			if s.failed {
				return false
			}
			if s.n == len(s.want) {
				return true
			}
		}
		if r := s.peek(); !isBlank(r) && r != lineBreak {
			return false
		}
		for r := s.peek(); isBlank(r) || r == lineBreak; r = s.peek() {
			switch {
			case isBlank(r) && leadingBlanks:
				s.skip()
			case isBlank(r):
				whitespaces = append(whitespaces, s.here(r))
				s.skip()
			case !leadingBlanks:
				whitespaces = whitespaces[:0]
				leadingBreak = s.readLine(leadingBreak)
				leadingBlanks = true
			default:
				trailingBreaks = s.readLine(trailingBreaks)
			}
		}
	}
}
