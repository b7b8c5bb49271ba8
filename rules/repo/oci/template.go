package oci

import "strings"

// hasTemplate reports whether s holds a shell, Compose, GitHub Actions,
// Helm or Makefile-style expression.
func hasTemplate(s string) bool {
	return strings.Contains(s, "${") || strings.Contains(s, "{{") || strings.Contains(s, "$(")
}

// expression delimiters, longest opening first so "${{" (GitHub Actions)
// is not read as "${" closed by the first "}".
var delimiters = []struct{ open, close string }{
	{"${{", "}}"},
	{"{{", "}}"},
	{"${", "}"},
	{"$(", ")"},
}

// maskTemplates returns s with every byte inside a template expression,
// delimiters included, replaced by 'x'. Offsets are preserved, and an
// unterminated expression runs to the end of s.
func maskTemplates(s string) string {
	b := []byte(s)
	for i := 0; i < len(b); {
		end := expressionEnd(s, i)
		if end == i {
			i++
			continue
		}
		for j := i; j < end; j++ {
			b[j] = 'x'
		}
		i = end
	}
	return string(b)
}

// expressionEnd is the offset just past the expression starting at i, or i
// when none starts there.
func expressionEnd(s string, i int) int {
	for _, d := range delimiters {
		if !strings.HasPrefix(s[i:], d.open) {
			continue
		}
		body := i + len(d.open)
		if d.close == ")" {
			return parenEnd(s, body)
		}
		if j := strings.Index(s[body:], d.close); j >= 0 {
			return body + j + len(d.close)
		}
		return len(s)
	}
	return i
}

// parenEnd finds the ")" closing a "$(" whose body starts at i, counting
// nested parentheses as a shell would.
func parenEnd(s string, i int) int {
	depth := 1
	for ; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}

// isExpression reports whether s is exactly one template expression.
func isExpression(s string) bool {
	return s != "" && expressionEnd(s, 0) == len(s)
}
