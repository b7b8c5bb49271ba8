package ci

import (
	"regexp/syntax"
	"strings"
)

// clauses are literals every match of a regular expression contains: each
// clause lists alternatives, one of which must appear. Matching checks
// them with strings.Contains before running the regexp: most rows of the
// table name a tool ("kubectl", "jest|vitest|rspec"), and skipping the
// regexp for lines that do not mention it removes most of the
// classifier's cost (the rows start with \b, so the regexp engine cannot
// skip ahead by itself).
type clauses [][]string

// needles computes the clauses of a regular expression; nil when there is
// nothing to rely on.
func needles(expr string) clauses {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	return required(re.Simplify())
}

func required(re *syntax.Regexp) clauses {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) < 2 {
			return nil
		}
		return clauses{{string(re.Rune)}}
	case syntax.OpCapture:
		return required(re.Sub[0])
	case syntax.OpConcat:
		var out clauses
		for _, sub := range re.Sub {
			out = append(out, required(sub)...)
		}
		return out
	case syntax.OpAlternate:
		// One literal from each branch; without one for every branch the
		// alternation promises nothing.
		var any []string
		for _, sub := range re.Sub {
			lit := longest(required(sub))
			if lit == "" {
				return nil
			}
			any = append(any, lit)
		}
		return clauses{any}
	}
	return nil
}

// longest picks a branch's most selective required literal: the longest
// among its single-alternative clauses ("" when it has none; a clause of
// alternatives names no literal the branch must contain).
func longest(c clauses) string {
	best := ""
	for _, alts := range c {
		if len(alts) == 1 && len(alts[0]) > len(best) {
			best = alts[0]
		}
	}
	return best
}

// admit reports whether s contains a literal of every clause.
func (c clauses) admit(s string) bool {
	for _, alts := range c {
		found := false
		for _, a := range alts {
			if strings.Contains(s, a) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
