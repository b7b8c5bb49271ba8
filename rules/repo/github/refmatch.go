package github

import (
	"regexp"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// appliesToBranch reports whether a ruleset's ref_name condition matches
// branch. Exclusions are checked first; an empty include list with
// exclusions means every branch (scorecard#4835); both lists empty means
// none. Patterns are fnmatch patterns over the full ref, refs/heads/NAME,
// with the macros ~DEFAULT_BRANCH and ~ALL.
func appliesToBranch(include, exclude []source.String, branch, defaultBranch string) bool {
	ref := "refs/heads/" + branch
	for _, p := range exclude {
		if refMatches(p.Value, ref, branch == defaultBranch) {
			return false
		}
	}
	if len(include) == 0 {
		return len(exclude) > 0
	}
	for _, p := range include {
		if refMatches(p.Value, ref, branch == defaultBranch) {
			return true
		}
	}
	return false
}

func refMatches(pattern, ref string, isDefault bool) bool {
	switch pattern {
	case "~ALL":
		return true
	case "~DEFAULT_BRANCH":
		return isDefault
	}
	re, err := regexp.Compile(fnmatchRegexp(pattern))
	return err == nil && re.MatchString(ref)
}

// fnmatchRegexp translates an fnmatch pattern as GitHub reads ref
// patterns: * and ? stop at a slash, ** crosses slashes, [...] is a class
// ([!...] negated) and a backslash escapes the next character.
func fnmatchRegexp(pattern string) string {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch c {
		case '*':
			if i+1 < len(pattern) && pattern[i+1] == '*' {
				b.WriteString(".*")
				i++
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '\\':
			if i+1 < len(pattern) {
				i++
				b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
			} else {
				b.WriteString(`\\`)
			}
		case '[':
			end := strings.IndexByte(pattern[i+1:], ']')
			if end < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := pattern[i+1 : i+1+end]
			i += end + 1
			b.WriteString(classRegexp(class))
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return b.String()
}

// classRegexp rewrites the inside of an fnmatch bracket expression.
func classRegexp(class string) string {
	var b strings.Builder
	b.WriteString("[")
	if strings.HasPrefix(class, "!") || strings.HasPrefix(class, "^") {
		b.WriteString("^/")
		class = class[1:]
	}
	for _, r := range class {
		if r == '\\' || r == ']' || r == '[' || r == '^' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteString("]")
	return b.String()
}
