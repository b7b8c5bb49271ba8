// Package wording holds the phrases rule messages share, so that every
// family lists services and counts things the same way.
package wording

import (
	"fmt"
	"slices"
	"strings"
)

// MaxListed is how many names a message lists before "and N more";
// related locations list them all.
const MaxListed = 6

// NameList renders names sorted and deduplicated, abbreviated past
// MaxListed: "cart, catalog, checkout, orders, payments, search and 6 more".
func NameList(names []string) string {
	s := slices.Clone(names)
	slices.Sort(s)
	s = slices.Compact(s)
	if len(s) > MaxListed {
		return strings.Join(s[:MaxListed], ", ") + fmt.Sprintf(" and %d more", len(s)-MaxListed)
	}
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// Plural is "1 service" or "3 services".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
