// Package report renders findings in every output format lockstep offers:
// text for people, JSON for machines, SARIF for code scanning, and GitHub
// Actions workflow commands for pull-request annotations.
package report

import (
	"fmt"
	"io"

	"github.com/lockstep-lint/lockstep/rules"
)

// Report is everything an output format may show.
type Report struct {
	Tool Tool
	// Root is the checked directory as the user named it.
	Root     string
	Findings []rules.Finding // sorted by the engine
	Rules    []*rules.Meta   // the rules that ran
	Summary  Summary
}

// Tool identifies lockstep in machine-readable outputs.
type Tool struct {
	Name, Version, InformationURI string
}

// Summary counts what was checked and what was hidden.
type Summary struct {
	Files, Services       int
	Suppressed, Baselined int
}

// Options tune human-oriented formats.
type Options struct {
	Color bool // ANSI colours in text output
}

type writer func(io.Writer, *Report, Options) error

var formats = map[string]writer{
	"text":   writeText,
	"json":   writeJSON,
	"sarif":  writeSARIF,
	"github": writeGitHub,
}

// Formats lists the format names, in the order the help text shows them.
func Formats() []string { return []string{"text", "json", "sarif", "github"} }

// Write renders r in format.
func Write(w io.Writer, format string, r *Report, opts Options) error {
	f, ok := formats[format]
	if !ok {
		return fmt.Errorf("unknown format %q", format)
	}
	return f(w, r, opts)
}

// bySeverity counts findings per severity.
func bySeverity(findings []rules.Finding) map[rules.Severity]int {
	out := map[rules.Severity]int{}
	for i := range findings {
		out[findings[i].Severity]++
	}
	return out
}
