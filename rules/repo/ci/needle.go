package ci

import (
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// needle returns a literal that every match of the regular expression
// contains, or "" when there is none to rely on. Matching first checks
// the needle with strings.Contains: most of the table's rows name a tool
// ("kubectl", "helm"), and skipping the regexp for lines that do not
// mention it removes most of the classifier's cost (the rows start with
// \b, so the regexp engine cannot skip ahead by itself).
func needle(expr string) string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return ""
	}
	return longestRequired(re.Simplify())
}

// longestRequired walks the top-level concatenation (and captures) for
// case-sensitive literals, all of which any match must contain.
func longestRequired(re *syntax.Regexp) string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return ""
		}
		return string(re.Rune)
	case syntax.OpCapture:
		return longestRequired(re.Sub[0])
	case syntax.OpConcat:
		best := ""
		for _, sub := range re.Sub {
			if l := longestRequired(sub); utf8.RuneCountInString(l) > utf8.RuneCountInString(best) {
				best = l
			}
		}
		return strings.TrimSpace(best)
	}
	return ""
}
