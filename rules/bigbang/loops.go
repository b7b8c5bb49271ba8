package bigbang

import (
	"regexp"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// shellLoop is a "for VAR in WORDS" loop of a job's script.
type shellLoop struct {
	variable string
	values   []source.String // positioned at the for line
	start    source.Pos
}

var forLoop = regexp.MustCompile(`^for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+([^;]*?)\s*(?:;\s*do\b.*)?$`)

// shellLoops finds the for loops of a job's commands whose words are
// literal, so that a deploy command inside one can be read once per word.
func shellLoops(j *ci.Job) []shellLoop {
	var out []shellLoop
	for _, c := range j.Commands {
		m := forLoop.FindStringSubmatchIndex(c.Text.Value)
		if m == nil {
			continue
		}
		words := c.Text.Value[m[4]:m[5]]
		if strings.ContainsAny(words, "$`*") {
			continue
		}
		l := shellLoop{variable: c.Text.Value[m[2]:m[3]], start: c.Text.Pos}
		for off := m[4]; off < m[5]; {
			rest := c.Text.Value[off:m[5]]
			trimmed := strings.TrimLeft(rest, " \t")
			off += len(rest) - len(trimmed)
			w, _, _ := strings.Cut(trimmed, " ")
			if w == "" {
				break
			}
			at := c.Text.Pos
			at.Col += off // the command's text starts at its position, on one line
			l.values = append(l.values, source.String{Value: strings.Trim(w, `"'`), Pos: at})
			off += len(w)
		}
		out = append(out, l)
	}
	return out
}

// covers reports whether c, a later line of the same script, uses the
// loop's variable.
func (l shellLoop) covers(c ci.Command) bool {
	if c.Text.Pos.File != l.start.File || !l.start.Before(c.Text.Pos) {
		return false
	}
	v := l.variable
	return strings.Contains(c.Text.Value, "$"+v) || strings.Contains(c.Text.Value, "${"+v+"}")
}
