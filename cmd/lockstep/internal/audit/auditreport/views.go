package auditreport

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
	"github.com/lockstep-lint/lockstep/rules"
)

// This file holds what the Markdown and HTML views both derive from a
// Report: orderings, the worst offenders and display strings.

// headlineOrder is the order leads ask in: who deploys in lockstep, whose
// default branch is open, where services are coupled; then flags, and
// what could not be read.
var headlineOrder = []rules.Category{
	rules.CategoryBigBang, rules.CategoryProtection, rules.CategoryCoupling, rules.CategoryFlags, rules.CategoryInput,
}

// orderedHeadlines are the summary's headlines in headlineOrder, each
// with its category's title.
func orderedHeadlines(s *Summary) []titledHeadline {
	var out []titledHeadline
	for _, c := range headlineOrder {
		for _, cs := range s.Categories {
			if cs.Category == string(c) {
				for _, h := range cs.Headlines {
					out = append(out, titledHeadline{cs.Title, h})
				}
			}
		}
	}
	return out
}

type titledHeadline struct {
	Category string
	Headline
}

// byWorst orders audited repositories worst first: lowest overall score,
// then most points lost in all categories, then name.
func byWorst(r *Report) []*Repository {
	var out []*Repository
	for i := range r.Repositories {
		if r.Repositories[i].Scores != nil {
			out = append(out, &r.Repositories[i])
		}
	}
	slices.SortStableFunc(out, func(a, b *Repository) int {
		return cmp.Or(
			cmp.Compare(a.Scores.Overall, b.Scores.Overall),
			cmp.Compare(b.lost(), a.lost()),
			cmp.Compare(a.Repository, b.Repository))
	})
	return out
}

func (r *Repository) lost() int {
	n := 0
	for _, f := range r.Findings {
		n += cost(f.Severity)
	}
	return n
}

// worstOffenders are the first n repositories by byWorst that have a
// finding outside the input category.
func worstOffenders(r *Report, n int) []*Repository {
	var out []*Repository
	for _, repo := range byWorst(r) {
		if len(out) == n {
			break
		}
		if repo.Scores.Overall < 100 {
			out = append(out, repo)
		}
	}
	return out
}

var severityRank = map[string]int{"error": 3, "warning": 2, "note": 1}

// topFindings are a repository's n most severe findings, in rule order
// within a severity.
func topFindings(repo *Repository, n int) []record.Finding {
	fs := slices.Clone(repo.Findings)
	slices.SortStableFunc(fs, func(a, b record.Finding) int {
		return cmp.Or(cmp.Compare(severityRank[b.Severity], severityRank[a.Severity]), cmp.Compare(a.Rule, b.Rule))
	})
	return fs[:min(n, len(fs))]
}

// where is a finding's location as people write it: path:line, or the
// logical location of a setting.
func where(path string, line int, logical string) string {
	switch {
	case path == "":
		return logical
	case line <= 0:
		return path
	}
	return fmt.Sprintf("%s:%d", path, line)
}

func findingWhere(f record.Finding) string { return where(f.Path, f.Line, f.Logical) }

// webRoot is GitHub's web address for an API root: api.github.com for
// github.com, HOST/api/v3 for GitHub Enterprise Server.
func webRoot(api string) string {
	api = strings.TrimSuffix(api, "/")
	switch {
	case api == "" || api == "https://api.github.com":
		return "https://github.com/"
	case strings.HasSuffix(api, "/api/v3"):
		return strings.TrimSuffix(api, "api/v3")
	}
	return ""
}

func repoURL(r *Report, repo string) string {
	root := webRoot(r.Run.API)
	if root == "" {
		return ""
	}
	return root + repo
}

func day(t time.Time) string {
	if t.IsZero() {
		return "an unknown date"
	}
	return t.UTC().Format("2006-01-02")
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "an unknown time"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ruleURL is the doc address of a rule the report describes.
func ruleURLs(r *Report) map[string]string {
	m := make(map[string]string, len(r.Rules))
	for _, rule := range r.Rules {
		m[rule.ID] = rule.DocURL
	}
	return m
}

// changedRules lists the distinct rule IDs of findings, in order.
func changedRules(fs []record.Finding) string {
	var ids []string
	for _, f := range fs {
		if !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	slices.Sort(ids)
	return strings.Join(ids, ", ")
}
