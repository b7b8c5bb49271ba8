package flagdef

import (
	"strings"
	"unicode/utf8"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// ParseTOML reads a GO Feature Flag file in TOML: each flag is a table,
//
//	[new-checkout]
//	  [new-checkout.variations]
//	    on = true
//	    off = false
//	  [new-checkout.defaultRule]
//	    variation = "off"
//
// or the same keys written inline in the flag's table. It is read line by
// line (tables and their keys are all GO Feature Flag uses), which keeps
// the exact position of every flag name without a TOML dependency. ok is
// false unless some table has both variations and a defaultRule. AlwaysOn
// is never set from TOML: lockstep does not evaluate TOML rules.
func ParseTOML(path string, data []byte) (f *File, ok bool) {
	type flag struct {
		key                  source.String
		variations, defaults bool
	}
	byName := map[string]*flag{}
	var order []*flag
	var current *flag
	for i, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasPrefix(trimmed, "[") && !strings.HasPrefix(trimmed, "[[") {
			end := strings.Index(trimmed, "]")
			if end < 0 {
				current = nil
				continue
			}
			name, rest := splitKey(strings.TrimSpace(trimmed[1:end]))
			if name == "" {
				current = nil
				continue
			}
			fl := byName[name]
			if fl == nil {
				col := utf8.RuneCountInString(line[:strings.Index(line, "[")+1]) + 1
				if idx := strings.Index(line, name); idx >= 0 {
					col = utf8.RuneCountInString(line[:idx]) + 1
				}
				fl = &flag{key: source.String{Value: name, Pos: source.Pos{File: path, Line: i + 1, Col: col}}}
				byName[name] = fl
				order = append(order, fl)
			}
			current = fl
			switch sub, _ := splitKey(rest); sub {
			case "variations":
				fl.variations = true
			case "defaultRule":
				fl.defaults = true
			}
			continue
		}
		if current == nil {
			continue
		}
		key, _, found := strings.Cut(trimmed, "=")
		if !found {
			continue
		}
		switch k, _ := splitKey(strings.TrimSpace(key)); k {
		case "variations":
			current.variations = true
		case "defaultRule":
			current.defaults = true
		}
	}
	var flags []*Flag
	for _, fl := range order {
		if fl.variations && fl.defaults {
			flags = append(flags, &Flag{Key: fl.key})
		}
	}
	if len(flags) == 0 {
		return nil, false
	}
	return &File{Path: path, Format: GOFF, Flags: flags}, true
}

// splitKey splits a dotted TOML key into its first part, unquoted, and the
// rest.
func splitKey(k string) (first, rest string) {
	if strings.HasPrefix(k, `"`) || strings.HasPrefix(k, "'") {
		q := k[:1]
		end := strings.Index(k[1:], q)
		if end < 0 {
			return "", ""
		}
		first, rest = k[1:1+end], strings.TrimSpace(k[2+end:])
		return first, strings.TrimSpace(strings.TrimPrefix(rest, "."))
	}
	first, rest, _ = strings.Cut(k, ".")
	return strings.TrimSpace(first), strings.TrimSpace(rest)
}
