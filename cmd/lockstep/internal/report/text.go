package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

var severityColor = map[rules.Severity]string{rules.Error: ansiRed, rules.Warning: ansiYellow, rules.Note: ansiCyan}

// writeText prints one finding per line, as compilers do, its related
// locations indented below, and a summary.
func writeText(w io.Writer, r *Report, opts Options) error {
	bw := bufio.NewWriter(w)
	for i := range r.Findings {
		f := &r.Findings[i]
		if opts.Color {
			fmt.Fprintf(bw, "%s%s%s: %s%s%s: %s [%s %s]\n", ansiBold, f.Where(), ansiReset,
				severityColor[f.Severity], f.Severity, ansiReset, strings.ReplaceAll(f.Message, "\n", " "), f.Rule.ID, f.Rule.Name)
			for _, l := range f.RelatedLines() {
				fmt.Fprintf(bw, "%s%s%s\n", ansiDim, l, ansiReset)
			}
			continue
		}
		fmt.Fprintln(bw, f.String())
		for _, l := range f.RelatedLines() {
			fmt.Fprintln(bw, l)
		}
	}
	if len(r.Findings) > 0 {
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw, summaryLine(r))
	return bw.Flush()
}

// summaryLine reads like "3 findings (1 error, 2 warnings) in 42 files,
// 12 services; 1 suppressed".
func summaryLine(r *Report) string {
	var b strings.Builder
	n := len(r.Findings)
	if n == 0 {
		b.WriteString("no findings")
	} else {
		b.WriteString(plural(n, "finding"))
		counts := bySeverity(r.Findings)
		var parts []string
		for _, s := range []rules.Severity{rules.Error, rules.Warning, rules.Note} {
			if c := counts[s]; c > 0 {
				parts = append(parts, plural(c, s.String()))
			}
		}
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	fmt.Fprintf(&b, " in %s, %s", plural(r.Summary.Files, "file"), plural(r.Summary.Services, "service"))
	var hidden []string
	if r.Summary.Suppressed > 0 {
		hidden = append(hidden, fmt.Sprintf("%d suppressed", r.Summary.Suppressed))
	}
	if r.Summary.Baselined > 0 {
		hidden = append(hidden, fmt.Sprintf("%d in the baseline", r.Summary.Baselined))
	}
	if len(hidden) > 0 {
		b.WriteString("; " + strings.Join(hidden, ", "))
	}
	return b.String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
