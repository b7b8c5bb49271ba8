package ci

import (
	"fmt"
	"regexp"
	"strings"
)

// Classifier decides what commands and actions do: the built-in table
// plus a project's own patterns.
type Classifier struct {
	commands []pattern
	uses     []pattern
	extra    []pattern // matched against command segments and action references alike
}

// Default is the classifier with the built-in table only.
var Default = &Classifier{commands: commandTable, uses: usesTable}

// NewClassifier extends the built-in table with a project's patterns:
// regular expressions per activity, matched against each simple command
// of a script line and against action references ("owner/repo" without
// "@ref"), for wrapper scripts and in-house actions the table cannot
// know, e.g. {Deploy: [`^\./ops/ship\b`, `^acme/deploy-action$`]}.
func NewClassifier(extra map[Activity][]string) (*Classifier, error) {
	c := &Classifier{commands: commandTable, uses: usesTable}
	for a := Activity(0); a < numActivities; a++ {
		for _, expr := range extra[a] {
			re, err := regexp.Compile(expr)
			if err != nil {
				return nil, fmt.Errorf("ci pattern for %s: %w", a, err)
			}
			c.extra = append(c.extra, newPattern(a, expr, &lazyRE{expr: expr, re: re}))
		}
	}
	return c, nil
}

// ClassifyCommand says what one shell line does, with the built-in table.
func ClassifyCommand(line string) Activities { return Default.Command(line) }

// ClassifyUses says what a "uses:" action does, with the built-in table;
// with holds the step's inputs.
func ClassifyUses(uses string, with map[string]string) Activities { return Default.Uses(uses, with) }

// Command says what one shell line does. The line is split into pipes at
// &&, || and ; (outside quotes and ${{ }} expressions), and each pipe into simple commands at |; a deploy anywhere
// in a pipe makes the pipe a deploy rather than a dry-run, since the
// rendered manifests are applied.
func (c *Classifier) Command(line string) Activities {
	var all Activities
	for _, pipe := range splitShell(line, true) {
		var s Activities
		for _, seg := range splitShell(pipe, false) {
			s |= c.segment(seg)
		}
		if s.Has(Deploy) {
			s = s.Without(DryRun)
		}
		all |= s
	}
	return all
}

func (c *Classifier) segment(seg string) Activities {
	seg = strings.TrimSpace(seg)
	if seg == "" || inertCommand.MatchString(seg) {
		return 0
	}
	var g grams
	g.add(seg)
	var s Activities
	for _, p := range c.commands {
		if p.matches(seg, &g) {
			s = s.With(p.activity)
		}
	}
	for _, p := range c.extra {
		if p.matches(seg, &g) {
			s = s.With(p.activity)
		}
	}
	return s
}

// Uses says what a "uses:" action does; with holds the step's inputs.
// Local actions ("./...") and container actions ("docker://...") are
// unknown unless a project pattern names them.
func (c *Classifier) Uses(uses string, with map[string]string) Activities {
	ref, _, _ := strings.Cut(uses, "@")
	ref = strings.ToLower(strings.TrimSpace(ref))
	var g grams
	g.add(ref)
	var s Activities
	for _, p := range c.uses {
		if p.matches(ref, &g) {
			s = s.With(p.activity)
		}
	}
	if pushInput.MatchString(ref) {
		if v := strings.TrimSpace(with["push"]); v != "" && v != "false" {
			s = s.With(Push)
		}
	}
	for _, p := range c.extra {
		if p.matches(ref, &g) {
			s = s.With(p.activity)
		}
	}
	return s
}

// matches reports whether s, whose byte pairs are g, is a match.
func (p *pattern) matches(s string, g *grams) bool {
	if !p.needles.admitWith(s, g, p.pairs) {
		return false
	}
	return p.re.MatchString(s) &&
		(p.also == nil || p.also.MatchString(s)) &&
		(p.unless == nil || !p.unless.MatchString(s))
}

// splitShell splits a line at the shell's list operators (&&, ||, ;) when
// lists is set, or at pipes (a single |) otherwise, outside quotes.
func splitShell(line string, lists bool) []string {
	var out []string
	var quote byte
	start := 0
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			} else if ch == '\\' && quote == '"' {
				i++
			}
		case ch == '$' && strings.HasPrefix(line[i:], "${{"): // a GitHub expression, whose || is not the shell's
			if end := strings.Index(line[i:], "}}"); end > 0 {
				i += end + 1
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '\\':
			i++
		case lists && (ch == ';' || (ch == '&' || ch == '|') && i+1 < len(line) && line[i+1] == ch):
			out = append(out, line[start:i])
			if ch != ';' {
				i++
			}
			start = i + 1
		case !lists && ch == '|' && (i+1 >= len(line) || line[i+1] != '|') && (i == 0 || line[i-1] != '|'):
			out = append(out, line[start:i])
			start = i + 1
		}
	}
	return append(out, line[start:])
}

// ClassifierFor builds a classifier from configuration: extra patterns
// keyed by activity name (see ParseActivity), as .lockstep.yml's ci: key
// holds them.
func ClassifierFor(patterns map[string][]string) (*Classifier, error) {
	if len(patterns) == 0 {
		return Default, nil
	}
	extra := map[Activity][]string{}
	for name, res := range patterns {
		a, err := ParseActivity(name)
		if err != nil {
			return nil, err
		}
		extra[a] = append(extra[a], res...)
	}
	return NewClassifier(extra)
}
