package auditreport

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Caps on the Markdown lists: a job summary holds at most 1 MiB, and an
// issue is read, not searched. The JSON report has everything.
const (
	mdOffenders     = 15
	mdNames         = 10 // repository names in one line
	mdFailures      = 10 // failure reasons
	mdChanges       = 20 // repositories in the comparison table
	mdMessageLength = 160
)

// WriteMarkdown writes a GitHub-flavoured summary of the report, for an
// issue or $GITHUB_STEP_SUMMARY. Its length does not grow with the number
// of findings, only (boundedly) with the number of rules.
func WriteMarkdown(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	md := &mdWriter{w: b, r: r, docs: ruleURLs(r)}
	md.header()
	md.offenders()
	md.categories()
	md.rules()
	md.failures()
	md.comparison()
	fmt.Fprintf(b, "\n<sub>lockstep %s · scores: 100 less 40 per error, 15 per warning, 5 per note; overall is the worst deployment category · the JSON report has every finding</sub>\n", mdCell(r.Tool.Version))
	return b.Flush()
}

type mdWriter struct {
	w    *bufio.Writer
	r    *Report
	docs map[string]string
}

func (md *mdWriter) header() {
	r, s := md.r, md.r.Summary
	fmt.Fprintf(md.w, "# lockstep audit of %s\n\n", mdCell(r.Run.Target))
	fmt.Fprintf(md.w, "Audited %d of %d repositories on %s: %d ok, %d failed",
		s.Repositories.Audited, max(r.Run.Repositories, s.Repositories.Audited), day(r.Run.Started), s.Repositories.OK, s.Repositories.Failed)
	if s.Repositories.Skipped > 0 {
		fmt.Fprintf(md.w, ", %d not audited (the audit did not finish)", s.Repositories.Skipped)
	}
	fmt.Fprintf(md.w, ".\n**%s**: %s, %s, %s, in %s.\n",
		plural(s.Findings.Total, "finding", "findings"), plural(s.Findings.Error, "error", "errors"),
		plural(s.Findings.Warning, "warning", "warnings"), plural(s.Findings.Note, "note", "notes"),
		plural(s.Repositories.WithFindings, "repository", "repositories"))
	if s.Repositories.OK == 0 {
		return
	}
	fmt.Fprintf(md.w, "\n| repositories that… | count | share |\n| --- | ---: | ---: |\n")
	for _, h := range orderedHeadlines(&s) {
		fmt.Fprintf(md.w, "| %s | %d of %d | %s |\n", mdCell(h.Label), h.Repositories, h.Of, percent(h.Repositories, h.Of))
	}
}

func percent(n, of int) string {
	if of == 0 {
		return ""
	}
	return fmt.Sprintf("%d%%", (n*100+of/2)/of)
}

func (md *mdWriter) repoLink(name string) string {
	if u := repoURL(md.r, name); u != "" {
		return "[" + mdCell(name) + "](" + u + ")"
	}
	return mdCell(name)
}

func (md *mdWriter) ruleLink(id string) string {
	if u := md.docs[id]; u != "" {
		return "[" + mdCell(id) + "](" + u + ")"
	}
	return mdCell(id)
}

func (md *mdWriter) offenders() {
	worst := worstOffenders(md.r, mdOffenders)
	if len(worst) == 0 {
		return
	}
	fmt.Fprintf(md.w, "\n## Worst offenders\n\n")
	fmt.Fprintf(md.w, "| repository | overall | big-bang | protection | flags | coupling | input | most severe finding |\n")
	fmt.Fprintf(md.w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, repo := range worst {
		s := repo.Scores
		top := topFindings(repo, 1)[0]
		fmt.Fprintf(md.w, "| %s | %s | %s | %s | %s | %s | %s | %s %s |\n", md.repoLink(repo.Repository),
			mdScore(s.Overall), mdScore(s.BigBang), mdScore(s.Protection), mdScore(s.Flags), mdScore(s.Coupling), mdScore(s.Input),
			md.ruleLink(top.Rule), mdCell(clip(top.Message, mdMessageLength)))
	}
	if rest := len(worstOffenders(md.r, len(md.r.Repositories))) - len(worst); rest > 0 {
		fmt.Fprintf(md.w, "\nand %s with findings.\n", plural(rest, "more repository", "more repositories"))
	}
}

func mdScore(v int) string { return fmt.Sprintf("%d %s", v, Grade(v)) }

func (md *mdWriter) categories() {
	if md.r.Summary.Repositories.OK == 0 {
		return
	}
	fmt.Fprintf(md.w, "\n## Findings by category\n\n")
	fmt.Fprintf(md.w, "| category | errors | warnings | notes | repositories | grades A / B / C / D / F |\n")
	fmt.Fprintf(md.w, "| --- | ---: | ---: | ---: | ---: | --- |\n")
	for _, c := range md.r.Summary.Categories {
		g := c.Grades
		fmt.Fprintf(md.w, "| %s | %d | %d | %d | %d | %d / %d / %d / %d / %d |\n",
			mdCell(c.Title), c.Findings.Error, c.Findings.Warning, c.Findings.Note, c.Repositories, g.A, g.B, g.C, g.D, g.F)
	}
}

func (md *mdWriter) rules() {
	counts := md.r.Summary.Rules
	if len(counts) == 0 {
		return
	}
	fmt.Fprintf(md.w, "\n## Findings by rule\n\n| rule | name | findings | repositories |\n| --- | --- | ---: | ---: |\n")
	for _, rc := range counts {
		fmt.Fprintf(md.w, "| %s | %s | %d | %d |\n", md.ruleLink(rc.Rule), mdCell(rc.Name), rc.Findings, rc.Repositories)
	}
}

func (md *mdWriter) failures() {
	fs := md.r.Summary.Failures
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(md.w, "\n## Repositories that could not be audited\n\n")
	for _, f := range fs[:min(len(fs), mdFailures)] {
		fmt.Fprintf(md.w, "- %s (%d): %s\n", mdCell(f.Reason), len(f.Repositories), md.names(f.Repositories))
	}
	if rest := len(fs) - mdFailures; rest > 0 {
		fmt.Fprintf(md.w, "- and %s\n", plural(rest, "more reason", "more reasons"))
	}
}

// names lists repositories, at most mdNames of them.
func (md *mdWriter) names(names []string) string {
	shown := make([]string, 0, mdNames)
	for _, n := range names[:min(len(names), mdNames)] {
		shown = append(shown, mdCell(n))
	}
	s := strings.Join(shown, ", ")
	if rest := len(names) - len(shown); rest > 0 {
		s += fmt.Sprintf(" and %d more", rest)
	}
	return s
}

func (md *mdWriter) comparison() {
	c := md.r.Comparison
	if c == nil {
		return
	}
	fmt.Fprintf(md.w, "\n## Since the audit of %s\n\n", day(c.Previous.Started))
	if c.Previous.Target != md.r.Run.Target {
		fmt.Fprintf(md.w, "> [!WARNING]\n> The earlier audit was of %s, this one of %s.\n\n", mdCell(c.Previous.Target), mdCell(md.r.Run.Target))
	}
	fmt.Fprintf(md.w, "**%d fixed**, **%d new**, %d unchanged.\n", c.Fixed, c.New, c.Unchanged)
	for _, l := range []struct {
		label string
		names []string
	}{{"New repositories", c.Added}, {"Gone since", c.Removed}, {"Not compared (failed in one audit)", c.NotCompared}} {
		if len(l.names) > 0 {
			fmt.Fprintf(md.w, "%s: %s.\n", l.label, md.names(l.names))
		}
	}
	if len(c.Repositories) == 0 {
		return
	}
	changes := slices.Clone(c.Repositories)
	slices.SortStableFunc(changes, changeOrder)
	fmt.Fprintf(md.w, "\n| repository | fixed | new | unchanged | rules fixed | rules new |\n| --- | ---: | ---: | ---: | --- | --- |\n")
	for _, ch := range changes[:min(len(changes), mdChanges)] {
		fmt.Fprintf(md.w, "| %s | %d | %d | %d | %s | %s |\n", md.repoLink(ch.Repository), len(ch.Fixed), len(ch.New), ch.Unchanged,
			changedRules(ch.Fixed), changedRules(ch.New))
	}
	if rest := len(changes) - mdChanges; rest > 0 {
		fmt.Fprintf(md.w, "\nand %s.\n", plural(rest, "more repository", "more repositories"))
	}
}

// mdCell makes text safe inside a table cell: no line breaks, no pipes,
// no markup GitHub would render.
var mdCellReplacer = strings.NewReplacer(
	"\r\n", " ", "\n", " ", "\r", " ", "|", `\|`, "<", "&lt;", ">", "&gt;", "&", "&amp;",
	"\\", `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`,
)

func mdCell(s string) string { return mdCellReplacer.Replace(s) }

// clip shortens s to n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
