package ruletest

import (
	"fmt"
	"strings"
)

// DocExample is the runnable part of a rule's documentation: files shown
// in "## Example" (fenced blocks whose first line is a comment naming the
// file, "# path" or "// path"), the ```text block with the exact output,
// and the replacement files of "## Fix". Files named under "base/" are the
// merge-base version of a diff-mode example (see Output).
type DocExample struct {
	Files  map[string]string
	Output string
	Fix    map[string]string
}

// ParseDoc extracts the example of a rule doc.
func ParseDoc(doc string) (*DocExample, error) {
	ex := &DocExample{Files: map[string]string{}, Fix: map[string]string{}}
	section := ""
	lines := strings.Split(doc, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "## ") {
			section = strings.TrimSpace(strings.TrimPrefix(l, "## "))
			continue
		}
		if !strings.HasPrefix(l, "```") {
			continue
		}
		lang := strings.TrimPrefix(l, "```")
		var body []string
		for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
			body = append(body, lines[i])
		}
		if section != "Example" && section != "Fix" {
			continue
		}
		if lang == "text" && section == "Example" {
			ex.Output = strings.Join(body, "\n") + "\n"
			continue
		}
		if len(body) == 0 {
			continue
		}
		name, ok := fileHeader(body[0])
		if !ok {
			continue
		}
		if rest, ok := strings.CutPrefix(name, BasePrefix); ok {
			// The header is part of the file: it names the file as it is in
			// both versions, so that an unchanged file is the same in both.
			body[0] = strings.Replace(body[0], name, rest, 1)
		}
		content := strings.Join(body, "\n") + "\n"
		if section == "Example" {
			ex.Files[name] = content
		} else {
			ex.Fix[name] = content
		}
	}
	if len(ex.Files) == 0 || ex.Output == "" {
		return nil, fmt.Errorf("doc has no runnable example: want a \"## Example\" section with files headed by \"# path\" and a ```text output block")
	}
	return ex, nil
}

func fileHeader(line string) (string, bool) {
	for _, p := range []string{"# ", "// "} {
		if rest, ok := strings.CutPrefix(line, p); ok {
			rest = strings.TrimSpace(rest)
			if rest != "" && !strings.Contains(rest, " ") && (strings.Contains(rest, "/") || strings.Contains(rest, ".")) {
				return rest, true
			}
		}
	}
	return "", false
}
