package gomod

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// maxRecoveries bounds the re-parses of a broken file: each one blanks
// the lines the previous errors point at.
const maxRecoveries = 8

// maxProblems bounds what one broken file reports; past it, the reader
// has seen enough to fix the file.
const maxProblems = 50

// parseRecovering runs parse and, while it fails, blanks the lines its
// errors point at and parses again. modfile rejects a whole file for one
// bad line (and stops at the first syntax error); blanking keeps every
// other line, and every position, usable. Each distinct error is reported.
func parseRecovering[T any](file string, data []byte, parse func([]byte) (*T, error)) (*T, []source.Problem) {
	var problems []source.Problem
	seen := map[source.Problem]bool{}
	buf := data
	for range maxRecoveries {
		f, err := parse(buf)
		if err == nil {
			return f, problems
		}
		var lines []int
		for _, e := range modErrors(err) {
			p := problemOf(file, e)
			if !seen[p] && len(problems) < maxProblems {
				seen[p] = true
				problems = append(problems, p)
			}
			lines = append(lines, e.Pos.Line)
		}
		next := blankLines(buf, lines)
		if next == nil {
			break
		}
		buf = next
	}
	return nil, problems
}

func modErrors(err error) []modfile.Error {
	var list modfile.ErrorList
	if errors.As(err, &list) {
		return list
	}
	var one *modfile.Error
	if errors.As(err, &one) {
		return []modfile.Error{*one}
	}
	return []modfile.Error{{Err: err}}
}

func problemOf(file string, e modfile.Error) source.Problem {
	pos := source.Pos{File: file, Line: 1, Col: 1}
	if e.Pos.Line > 0 {
		pos.Line, pos.Col = e.Pos.Line, max(e.Pos.LineRune, 1)
	}
	msg := e.Err.Error()
	reason := reasonOf(msg)
	if inner, ok := strings.CutPrefix(msg, "syntax error ("); ok {
		msg = strings.TrimSuffix(inner, ")") // the reason already says it
	}
	switch {
	case e.ModPath != "":
		msg = fmt.Sprintf("%s %s: %s", e.Verb, e.ModPath, msg)
	case e.Verb != "":
		msg = fmt.Sprintf("%s: %s", e.Verb, msg)
	}
	return source.Problem{Pos: pos, Reason: reason, Message: msg}
}

// reasonOf tells the lexer's and grammar's errors (their messages, as
// x/mod words them) from errors about what a well-formed line says. A
// message x/mod words differently one day only changes the label.
func reasonOf(msg string) source.Reason {
	for _, prefix := range []string{"unexpected ", "syntax error", "mod files must use", "internal "} {
		if strings.HasPrefix(msg, prefix) {
			return source.ReasonSyntax
		}
	}
	return source.ReasonInvalid
}

// blankLines returns a copy of data with the given lines replaced by
// spaces, or nil when none of them has anything left to blank.
func blankLines(data []byte, lines []int) []byte {
	blank := make(map[int]bool, len(lines))
	for _, l := range lines {
		blank[l] = true
	}
	out := bytes.Clone(data)
	changed := false
	line := 1
	for i, c := range out {
		switch {
		case c == '\n':
			line++
		case blank[line] && c != ' ' && c != '\r':
			out[i], changed = ' ', true
		}
	}
	if !changed {
		return nil
	}
	return out
}
