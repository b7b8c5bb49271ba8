package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
)

// writeGitHub prints GitHub Actions workflow commands, which GitHub turns
// into annotations on the pull request's diff.
func writeGitHub(w io.Writer, r *Report, _ Options) error {
	bw := bufio.NewWriter(w)
	for i := range r.Findings {
		f := &r.Findings[i]
		var props []string
		if f.Path != "" {
			props = append(props, "file="+escapeProperty(f.Path))
			if f.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", f.Line))
			}
			if f.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.Column))
			}
			if f.EndLine > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", f.EndLine))
			}
			if f.EndColumn > 0 {
				props = append(props, fmt.Sprintf("endColumn=%d", f.EndColumn))
			}
		}
		props = append(props, "title="+escapeProperty(f.Rule.ID+" "+f.Rule.Name))
		msg := f.Message
		if f.Path == "" && f.Logical != "" {
			msg = f.Logical + ": " + msg
		}
		for _, l := range f.RelatedLines() {
			msg += "\n" + strings.TrimSpace(l)
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", command(f.Severity), strings.Join(props, ","), escapeData(msg))
	}
	return bw.Flush()
}

func command(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Note:
		return "notice"
	}
	return "warning"
}

// escapeData and escapeProperty follow the workflow-command escaping of
// @actions/core (toCommandValue and escapeProperty).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
