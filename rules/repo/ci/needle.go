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

// grams is the set of byte pairs a string contains, hashed into 4,096
// bits. A literal can only occur in a string holding all its pairs, and
// testing a literal's pairs against the set costs a few bit tests where
// strings.Contains scans the string: with some 140 rows per command
// segment, the scans were most of the classifier's time.
type grams [64]uint64

func gram(a, b byte) uint16 { return (uint16(a)*31 + uint16(b)) & 4095 }

func (g *grams) add(s string) {
	for i := 0; i+1 < len(s); i++ {
		h := gram(s[i], s[i+1])
		g[h>>6] |= 1 << (h & 63)
	}
}

func (g *grams) hasAll(hs []uint16) bool {
	for _, h := range hs {
		if g[h>>6]&(1<<(h&63)) == 0 {
			return false
		}
	}
	return true
}

// pairs are the hashed byte pairs of each literal of c, clause by clause.
func (c clauses) pairs() [][][]uint16 {
	out := make([][][]uint16, len(c))
	for i, alts := range c {
		out[i] = make([][]uint16, len(alts))
		for k, a := range alts {
			for j := 0; j+1 < len(a); j++ {
				out[i][k] = append(out[i][k], gram(a[j], a[j+1]))
			}
		}
	}
	return out
}

// admitWith reports whether s, whose byte pairs are g, contains a
// literal of every clause; pairs are c.pairs().
func (c clauses) admitWith(s string, g *grams, pairs [][][]uint16) bool {
	for i, alts := range c {
		found := false
		for k, a := range alts {
			if g.hasAll(pairs[i][k]) && strings.Contains(s, a) {
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
