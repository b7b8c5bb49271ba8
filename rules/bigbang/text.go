package bigbang

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxListed is how many names a message lists before "and N more".
const maxListed = 6

// nameList renders names sorted and deduplicated, abbreviated past
// maxListed: "cart, catalog, checkout, orders, payments, search and 6 more".
func nameList(names []string) string {
	s := slices.Clone(names)
	slices.Sort(s)
	s = slices.Compact(s)
	if len(s) > maxListed {
		return strings.Join(s[:maxListed], ", ") + fmt.Sprintf(" and %d more", len(s)-maxListed)
	}
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// plural is "1 service" or "3 services".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

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
