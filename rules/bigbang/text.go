package bigbang

import (
	"strings"
	"unicode/utf8"

	"github.com/lockstep-lint/lockstep/rules/internal/wording"
)

// The shared phrasing of rule messages.
var (
	nameList = wording.NameList
	plural   = wording.Plural
)

// maxQuoted bounds how much of a condition or command a message quotes.
const maxQuoted = 60

// excerpt shortens s for a message, cutting at a word where it can.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= maxQuoted {
		return s
	}
	cut := strings.LastIndexByte(s[:maxQuoted], ' ')
	if cut < maxQuoted/2 {
		cut = maxQuoted
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + " …"
}
