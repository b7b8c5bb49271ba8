package compose

// Variables lists, in order of first use, the names of the variables a
// Compose value interpolates: $VAR, ${VAR}, and the forms with a default
// or an error message (${VAR:-default}, ${VAR-default}, ${VAR:?err},
// ${VAR?err}, ${VAR:+alt}, ${VAR+alt}), including variables nested in a
// default. "$$" is an escaped dollar and names nothing.
func Variables(s string) []string {
	var names []string
	seen := map[string]bool{}
	collectVariables(s, 0, func(name string) {
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	})
	return names
}

// maxNesting bounds recursion into defaults on hostile input.
const maxNesting = 32

func collectVariables(s string, depth int, use func(string)) {
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			continue
		}
		switch c := s[i+1]; {
		case c == '$':
			i++
		case c == '{':
			end := matchingBrace(s, i+2)
			if end < 0 {
				return // unterminated: Compose rejects it, nothing more to name
			}
			body := s[i+2 : end]
			n := identLen(body)
			if n > 0 {
				use(body[:n])
				if n < len(body) && depth < maxNesting {
					collectVariables(body[n:], depth+1, use)
				}
			}
			i = end
		case isIdentStart(c):
			n := identLen(s[i+1:])
			use(s[i+1 : i+1+n])
			i += n
		}
	}
}

// matchingBrace finds the '}' closing a "${" whose body starts at from.
func matchingBrace(s string, from int) int {
	depth := 1
	for i := from; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func identLen(s string) int {
	if s == "" || !isIdentStart(s[0]) {
		return 0
	}
	n := 1
	for n < len(s) && (isIdentStart(s[n]) || '0' <= s[n] && s[n] <= '9') {
		n++
	}
	return n
}

func isIdentStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
