package auditreport

import (
	"bufio"
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
	"github.com/lockstep-lint/lockstep/rules"
)

var (
	//go:embed assets/report.html.tmpl
	pageTemplate string
	//go:embed assets/report.css
	pageCSS string
	//go:embed assets/sort.js
	pageJS string

	// Parsed on first use: every lockstep command links this package,
	// and only an audit writes the page.
	page = sync.OnceValue(func() *template.Template {
		return template.Must(template.New("report").Parse(pageTemplate))
	})
)

// Caps that keep the page readable and its size in proportion to the
// organization; the JSON report has everything.
const (
	htmlOffenders        = 10
	htmlOffenderFindings = 3
	htmlGraphs           = 12
	htmlRepoFindings     = 100 // per repository, in its details
	htmlChanges          = 50
	htmlChangeFindings   = 10
	htmlNames            = 30
)

// WriteHTML writes the report as one HTML page that needs no network:
// styles and the table sorter are inline, graphs are inline SVG.
func WriteHTML(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	if err := page().Execute(b, newView(r)); err != nil {
		return err
	}
	return b.Flush()
}

type view struct {
	R          *Report
	CSS        template.CSS
	JS         template.JS
	Started    string
	Cards      []card
	Headlines  []headlineView
	Categories []categoryView
	Rules      []ruleView
	Table      []row
	Offenders  []offender
	Graphs     []graphView
	MoreGraphs int
	Failures   []nameList
	Comparison *comparisonView
	Details    []details
	Stats      []card
}

type card struct{ Value, Label, Tone string }

type headlineView struct {
	Category, Label string
	N, Of, Percent  int
	Tone            string
}

type categoryView struct {
	Title         string
	Findings      SeverityCounts
	Repositories  int
	Bars          []bar
	CategoryGrade Grades
}

// bar is one segment of a stacked bar, in percent of its width.
type bar struct {
	X, W  float64
	Class string
	Title string
}

type ruleView struct {
	ID, Name, URL, Title, Category string
	Findings, Repositories         int
}

type row struct {
	Name, URL, Anchor string
	Overall           scoreCell
	Scores            []scoreCell // big-bang, protection, flags, coupling, input
	Counts            SeverityCounts
	Services          int
	Flags             string // archived, fork
}

type scoreCell struct {
	Value int
	Grade string
}

type offender struct {
	Row      row
	Findings []findingView
	More     int
}

type findingView struct {
	Rule, URL, Severity, Message, Where string
	Related                             []string
}

type graphView struct {
	Repository, Anchor string
	Services           int
	*drawing
}

type nameList struct {
	Label string
	Names []string
	More  int // names left out
}

type comparisonView struct {
	Since         string
	TargetChanged bool
	Previous      string
	Fixed, New    int
	Unchanged     int
	Lists         []nameList
	Changes       []change
	MoreChanges   int
}

type change struct {
	Repository, URL string
	Fixed, New      []findingView
	FixedN, NewN    int
	Unchanged       int
}

type details struct {
	Row          row
	Counts       string
	Branch       string
	Settings     string
	SettingsGaps []string
	Findings     []findingView
	More         int
}

// order of the score columns.
var scoreColumns = []rules.Category{rules.CategoryBigBang, rules.CategoryProtection, rules.CategoryFlags, rules.CategoryCoupling, rules.CategoryInput}

func newView(r *Report) *view {
	v := &view{R: r, CSS: template.CSS(pageCSS), JS: template.JS(pageJS), Started: stamp(r.Run.Started)}
	docs := ruleURLs(r)
	s := r.Summary
	v.Cards = []card{
		{fmt.Sprint(s.Repositories.Audited), "repositories audited", ""},
		{fmt.Sprint(s.Repositories.Failed), "could not be audited", toneIf(s.Repositories.Failed > 0, "warn")},
		{fmt.Sprint(s.Findings.Error), "errors", toneIf(s.Findings.Error > 0, "bad")},
		{fmt.Sprint(s.Findings.Warning), "warnings", toneIf(s.Findings.Warning > 0, "warn")},
		{fmt.Sprint(s.Findings.Note), "notes", ""},
		{fmt.Sprint(s.Repositories.WithGraph), "with coupled services", ""},
	}
	if s.Repositories.Skipped > 0 {
		v.Cards = slices.Insert(v.Cards, 1, card{fmt.Sprint(s.Repositories.Skipped), "not audited (unfinished)", "warn"})
	}
	previous := ""
	for _, h := range orderedHeadlines(&s) {
		pct := 0
		if h.Of > 0 {
			pct = (h.Repositories*100 + h.Of/2) / h.Of
		}
		hv := headlineView{h.Category, h.Label, h.Repositories, h.Of, pct, toneIf(h.Repositories > 0, "bad")}
		if h.Category == previous {
			hv.Category = "" // one label per group reads as a list, not a column of repeats
		}
		previous = h.Category
		v.Headlines = append(v.Headlines, hv)
	}
	for _, c := range s.Categories {
		v.Categories = append(v.Categories, categoryView{Title: c.Title, Findings: c.Findings, Repositories: c.Repositories, Bars: gradeBars(c.Grades), CategoryGrade: c.Grades})
	}
	for _, rc := range s.Rules {
		v.Rules = append(v.Rules, ruleView{ID: rc.Rule, Name: rc.Name, URL: docs[rc.Rule], Title: title(r, rc.Rule), Category: rc.Category, Findings: rc.Findings, Repositories: rc.Repositories})
	}
	hasDetails := map[string]bool{}
	for _, repo := range byWorst(r) {
		rw := newRow(r, repo)
		v.Table = append(v.Table, rw)
		if len(repo.Findings) > 0 || len(repo.SettingsGaps) > 0 {
			hasDetails[repo.Repository] = true
		}
	}
	for i := range v.Table {
		if !hasDetails[v.Table[i].Name] {
			v.Table[i].Anchor = ""
		}
	}
	for _, repo := range worstOffenders(r, htmlOffenders) {
		fs := topFindings(repo, htmlOffenderFindings)
		v.Offenders = append(v.Offenders, offender{Row: newRow(r, repo), Findings: findingViews(fs, docs), More: len(repo.Findings) - len(fs)})
	}
	v.Graphs, v.MoreGraphs = graphs(r)
	for _, f := range s.Failures {
		v.Failures = append(v.Failures, names(f.Reason, f.Repositories))
	}
	v.Comparison = comparisonOf(r, docs)
	for i := range r.Repositories {
		repo := &r.Repositories[i]
		if !hasDetails[repo.Repository] {
			continue
		}
		shown := repo.Findings[:min(len(repo.Findings), htmlRepoFindings)]
		v.Details = append(v.Details, details{
			Row: newRow(r, repo), Counts: countsText(repo.Counts), Branch: repo.DefaultBranch, Settings: repo.Settings, SettingsGaps: repo.SettingsGaps,
			Findings: findingViews(shown, docs), More: len(repo.Findings) - len(shown),
		})
	}
	st := r.Stats
	v.Stats = []card{
		{fmt.Sprint(st.Requests), "API requests", ""},
		{fmt.Sprint(st.NotModified), "answered from cache (304)", ""},
		{fmt.Sprint(st.CachedArchives), "archives reused", ""},
		{fmt.Sprint(st.Retries), "retries", ""},
		{fmt.Sprintf("%d (%s)", st.RateLimitWaits, st.RateLimitWaited.Round(time.Second)), "rate-limit waits", ""},
		{st.Elapsed.Round(time.Second).String(), "elapsed", ""},
	}
	return v
}

func countsText(c SeverityCounts) string {
	return plural(c.Error, "error", "errors") + " · " + plural(c.Warning, "warning", "warnings") + " · " + plural(c.Note, "note", "notes")
}

func toneIf(b bool, tone string) string {
	if b {
		return tone
	}
	return ""
}

func title(r *Report, id string) string {
	for _, rule := range r.Rules {
		if rule.ID == id {
			return rule.Title
		}
	}
	return ""
}

// gradeBars is the distribution of grades as a stacked bar.
func gradeBars(g Grades) []bar {
	total := g.A + g.B + g.C + g.D + g.F
	if total == 0 {
		return nil
	}
	var out []bar
	x := 0.0
	for _, s := range []struct {
		grade string
		n     int
	}{{"A", g.A}, {"B", g.B}, {"C", g.C}, {"D", g.D}, {"F", g.F}} {
		if s.n == 0 {
			continue
		}
		w := float64(s.n) * 100 / float64(total)
		out = append(out, bar{X: x, W: w, Class: "g" + s.grade, Title: fmt.Sprintf("%s: %s", s.grade, plural(s.n, "repository", "repositories"))})
		x += w
	}
	return out
}

func newRow(r *Report, repo *Repository) row {
	rw := row{Name: repo.Repository, URL: repoURL(r, repo.Repository), Anchor: anchor(repo.Repository), Counts: repo.Counts, Services: repo.Services}
	if repo.Scores != nil {
		rw.Overall = scoreCell{repo.Scores.Overall, Grade(repo.Scores.Overall)}
		for _, c := range scoreColumns {
			v := repo.Scores.Of(c)
			rw.Scores = append(rw.Scores, scoreCell{v, Grade(v)})
		}
	}
	switch {
	case repo.Archived && repo.Fork:
		rw.Flags = "archived fork"
	case repo.Archived:
		rw.Flags = "archived"
	case repo.Fork:
		rw.Flags = "fork"
	}
	return rw
}

// anchor is a repository's id in the page. The slash becomes "~", which
// no GitHub name holds and no URL escapes, so ids stay unique and links
// to them readable.
func anchor(repo string) string {
	out := []byte("repo-")
	for i := 0; i < len(repo); i++ {
		c := repo[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
			out = append(out, c)
		default:
			out = append(out, '~')
		}
	}
	return string(out)
}

func findingViews(fs []record.Finding, docs map[string]string) []findingView {
	out := make([]findingView, 0, len(fs))
	for _, f := range fs {
		fv := findingView{Rule: f.Rule, URL: docs[f.Rule], Severity: f.Severity, Message: f.Message, Where: findingWhere(f)}
		for _, rel := range f.Related {
			fv.Related = append(fv.Related, where(rel.Path, rel.Line, rel.Logical)+": "+rel.Message)
		}
		out = append(out, fv)
	}
	return out
}

// graphs draws the coupling graphs with the most edges first.
func graphs(r *Report) ([]graphView, int) {
	var with []*Repository
	for i := range r.Repositories {
		if r.Repositories[i].Scores != nil && hasEdges(r.Repositories[i].Graph) {
			with = append(with, &r.Repositories[i])
		}
	}
	slices.SortStableFunc(with, func(a, b *Repository) int {
		return cmp.Or(cmp.Compare(len(b.Graph.Edges), len(a.Graph.Edges)), cmp.Compare(a.Repository, b.Repository))
	})
	var out []graphView
	for _, repo := range with[:min(len(with), htmlGraphs)] {
		out = append(out, graphView{Repository: repo.Repository, Anchor: anchor(repo.Repository), Services: repo.Services, drawing: layout(repo.Graph)})
	}
	return out, len(with) - len(out)
}

func names(label string, all []string) nameList {
	shown := all[:min(len(all), htmlNames)]
	return nameList{Label: label, Names: shown, More: len(all) - len(shown)}
}

func comparisonOf(r *Report, docs map[string]string) *comparisonView {
	c := r.Comparison
	if c == nil {
		return nil
	}
	cv := &comparisonView{
		Since: day(c.Previous.Started), TargetChanged: c.Previous.Target != r.Run.Target, Previous: c.Previous.Target,
		Fixed: c.Fixed, New: c.New, Unchanged: c.Unchanged,
	}
	for _, l := range []nameList{
		names("New in this audit", c.Added), names("Gone since", c.Removed), names("Not compared: failed in one of the audits", c.NotCompared),
	} {
		if len(l.Names) > 0 {
			cv.Lists = append(cv.Lists, l)
		}
	}
	changes := slices.Clone(c.Repositories)
	slices.SortStableFunc(changes, changeOrder)
	for _, ch := range changes[:min(len(changes), htmlChanges)] {
		cv.Changes = append(cv.Changes, change{
			Repository: ch.Repository, URL: repoURL(r, ch.Repository),
			Fixed: findingViews(ch.Fixed[:min(len(ch.Fixed), htmlChangeFindings)], docs), FixedN: len(ch.Fixed),
			New: findingViews(ch.New[:min(len(ch.New), htmlChangeFindings)], docs), NewN: len(ch.New),
			Unchanged: ch.Unchanged,
		})
	}
	cv.MoreChanges = len(changes) - len(cv.Changes)
	return cv
}
