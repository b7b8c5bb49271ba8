package auditreport

import (
	"cmp"
	"slices"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/registry"
)

// categoryTitles name the rule families for people.
var categoryTitles = map[rules.Category]string{
	rules.CategoryInput:      "Input",
	rules.CategoryBigBang:    "Big-bang deploys",
	rules.CategoryProtection: "Branch protection",
	rules.CategoryFlags:      "Feature flags",
	rules.CategoryCoupling:   "Service coupling",
}

// headlines are the few questions a platform lead asks of each category.
// No rules means any rule of the category.
var headlines = []struct {
	category rules.Category
	id       string
	label    string
	rules    []string
}{
	{rules.CategoryInput, "settings-unreadable", "settings could not be read, so protection was only partly checked", []string{"LS003"}},
	{rules.CategoryInput, "unparseable-files", "have files lockstep could not parse", []string{"LS001"}},
	{rules.CategoryBigBang, "lockstep-deploys", "deploy services together rather than one by one", nil},
	{rules.CategoryBigBang, "release-trains", "deploy only on a schedule or a release tag", []string{"LS102"}},
	{rules.CategoryProtection, "unprotected-default-branch", "have an unprotected default branch", []string{"LS201"}},
	{rules.CategoryProtection, "no-required-review", "merge into the default branch without a required review", []string{"LS203"}},
	{rules.CategoryProtection, "history-rewritable", "allow force pushes or deletion of the default branch", []string{"LS207"}},
	{rules.CategoryFlags, "no-flag-mechanism", "deploy automatically with no feature-flag mechanism", []string{"LS301"}},
	{rules.CategoryCoupling, "coupled-services", "have services coupled to each other", nil},
	{rules.CategoryCoupling, "sync-cycles", "have services calling each other in a cycle", []string{"LS404"}},
}

// Build makes the report of an audit. It does not modify in.
func Build(in Input) *Report {
	r := &Report{
		Kind:    Kind,
		Version: Version,
		Tool:    Tool{Name: "lockstep", Version: in.Run.Tool},
		Run: Run{
			Target: in.Run.Target, API: in.Run.API, Options: in.Run.Options,
			Shards: max(1, in.Run.Shard.Count), Started: in.Run.Started, Repositories: in.Run.Repositories,
		},
		Repositories: make([]Repository, 0, len(in.Records)),
		Rules:        []Rule{},
		Stats:        in.Stats,
	}
	for i := range in.Records {
		r.Repositories = append(r.Repositories, repository(&in.Records[i]))
	}
	slices.SortStableFunc(r.Repositories, func(a, b Repository) int { return cmp.Compare(a.Repository, b.Repository) })
	r.Summary = summarize(r.Repositories, in.Run.Repositories)
	if in.Previous != nil {
		r.Comparison = compare(in.Previous, r)
	}
	r.Rules = rulesOf(r)
	return r
}

func repository(rec *record.Record) Repository {
	out := Repository{
		Repository: rec.Repository, DefaultBranch: rec.DefaultBranch, Status: rec.Status, Reason: rec.Reason,
		Archived: rec.Archived, Fork: rec.Fork, Files: rec.Files, Services: rec.Services,
		Settings: rec.Settings, SettingsGaps: rec.SettingsGaps,
		Findings: slices.Clone(rec.Findings), Graph: rec.Graph,
	}
	if out.Findings == nil {
		out.Findings = []record.Finding{}
	}
	for _, f := range out.Findings {
		out.Counts.add(f.Severity)
	}
	if rec.Status != record.Failed {
		out.Scores = score(out.Findings)
	}
	return out
}

func (c *SeverityCounts) add(severity string) {
	c.Total++
	switch severity {
	case "error":
		c.Error++
	case "warning":
		c.Warning++
	case "note":
		c.Note++
	}
}

func summarize(repos []Repository, assigned int) Summary {
	s := Summary{Failures: []Failure{}, Categories: []CategorySummary{}, Rules: []RuleCount{}}
	s.Repositories.Audited = len(repos)
	s.Repositories.Skipped = max(0, assigned-len(repos))
	failures := map[string][]string{}
	perCategory := map[rules.Category]*CategorySummary{}
	for _, c := range categories {
		perCategory[c] = &CategorySummary{Category: string(c), Title: categoryTitles[c], Headlines: []Headline{}}
	}
	perRule := map[string]*RuleCount{}
	for i := range repos {
		repo := &repos[i]
		if repo.Scores == nil {
			s.Repositories.Failed++
			failures[repo.Reason] = append(failures[repo.Reason], repo.Repository)
			continue
		}
		s.Repositories.OK++
		if len(repo.Findings) > 0 {
			s.Repositories.WithFindings++
		}
		if hasEdges(repo.Graph) {
			s.Repositories.WithGraph++
		}
		seenCategory := map[rules.Category]bool{}
		seenRule := map[string]bool{}
		for _, f := range repo.Findings {
			s.Findings.add(f.Severity)
			c := rules.Category(f.Category)
			if cs := perCategory[c]; cs != nil {
				cs.Findings.add(f.Severity)
				if !seenCategory[c] {
					seenCategory[c] = true
					cs.Repositories++
				}
			}
			rc := perRule[f.Rule]
			if rc == nil {
				rc = &RuleCount{Rule: f.Rule, Name: f.Name, Category: f.Category}
				perRule[f.Rule] = rc
			}
			rc.Findings++
			if !seenRule[f.Rule] {
				seenRule[f.Rule] = true
				rc.Repositories++
			}
		}
		for _, c := range categories {
			perCategory[c].Grades.add(repo.Scores.Of(c))
		}
	}
	for _, c := range categories {
		cs := perCategory[c]
		for _, h := range headlines {
			if h.category == c {
				cs.Headlines = append(cs.Headlines, headline(repos, h.category, h.id, h.label, h.rules, s.Repositories.OK))
			}
		}
		s.Categories = append(s.Categories, *cs)
	}
	for reason, names := range failures {
		s.Failures = append(s.Failures, Failure{Reason: reason, Repositories: names})
	}
	slices.SortFunc(s.Failures, func(a, b Failure) int {
		return cmp.Or(cmp.Compare(len(b.Repositories), len(a.Repositories)), cmp.Compare(a.Reason, b.Reason))
	})
	for _, rc := range perRule {
		s.Rules = append(s.Rules, *rc)
	}
	slices.SortFunc(s.Rules, func(a, b RuleCount) int { return cmp.Compare(a.Rule, b.Rule) })
	return s
}

func headline(repos []Repository, c rules.Category, id, label string, ids []string, of int) Headline {
	h := Headline{ID: id, Label: label, Rules: ids, Of: of}
	if h.Rules == nil {
		h.Rules = []string{}
		for _, m := range registry.Metas() {
			if m.Category == c {
				h.Rules = append(h.Rules, m.ID)
			}
		}
	}
	for i := range repos {
		if repos[i].Scores == nil {
			continue
		}
		if slices.ContainsFunc(repos[i].Findings, func(f record.Finding) bool { return slices.Contains(h.Rules, f.Rule) }) {
			h.Repositories++
		}
	}
	return h
}

func hasEdges(g *record.Graph) bool { return g != nil && len(g.Edges) > 0 }

// rulesOf describes every rule with a finding, fixed ones included. A
// rule this lockstep does not know (records written by a newer one) is
// described from its findings, so the report still links it.
func rulesOf(r *Report) []Rule {
	seen := map[string]bool{}
	out := []Rule{}
	add := func(fs []record.Finding) {
		for _, f := range fs {
			if !seen[f.Rule] {
				seen[f.Rule] = true
				out = append(out, describe(f))
			}
		}
	}
	for i := range r.Repositories {
		add(r.Repositories[i].Findings)
	}
	if r.Comparison != nil {
		for _, ch := range r.Comparison.Repositories {
			add(ch.Fixed)
		}
	}
	slices.SortFunc(out, func(a, b Rule) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func describe(f record.Finding) Rule {
	m := registry.Lookup(f.Rule)
	if m == nil {
		m = &rules.Meta{ID: f.Rule, Name: f.Name, Category: rules.Category(f.Category)}
		return Rule{ID: m.ID, Name: m.Name, Category: f.Category, Severity: f.Severity, DocURL: m.DocURL()}
	}
	return Rule{
		ID: m.ID, Name: m.Name, Title: m.Title, Category: string(m.Category),
		Severity: m.Severity.String(), Remediation: m.Remediation, DocURL: m.DocURL(),
	}
}
