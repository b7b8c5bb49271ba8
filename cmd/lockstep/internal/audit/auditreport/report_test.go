package auditreport

import (
	"bytes"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
)

func TestScore(t *testing.T) {
	repo := "acme/x"
	s := score([]record.Finding{
		finding(repo, "LS201", "unprotected", "", 0),          // protection error
		finding(repo, "LS205", "no scan", "", 0),              // protection warning
		finding(repo, "LS304", "stale", "flags.yaml", 1),      // flags note
		finding(repo, "LS001", "broken", "a.yaml", 1),         // input error
		finding(repo, "LS001", "broken again", "b.yaml", 1),   // input error
		finding(repo, "LS001", "broken a third", "c.yaml", 1), // input error: floored at 0
	})
	want := &Scores{Overall: 45, Input: 0, BigBang: 100, Protection: 45, Flags: 95, Coupling: 100}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("score = %+v, want %+v (input must not lower overall)", s, want)
	}
	for v, g := range map[int]string{100: "A", 90: "A", 89: "B", 75: "B", 74: "C", 50: "C", 49: "D", 25: "D", 24: "F", 0: "F"} {
		if Grade(v) != g {
			t.Errorf("Grade(%d) = %s, want %s", v, Grade(v), g)
		}
	}
}

func TestBuildSummary(t *testing.T) {
	r := Build(sampleInput())
	s := r.Summary
	if got, want := s.Repositories, (RepositoryCounts{Audited: 8, OK: 6, Failed: 2, Skipped: 1, WithFindings: 5, WithGraph: 1}); got != want {
		t.Errorf("repositories = %+v, want %+v", got, want)
	}
	if got, want := s.Findings, (SeverityCounts{Total: 17, Error: 5, Warning: 11, Note: 1}); got != want {
		t.Errorf("findings = %+v, want %+v", got, want)
	}
	if len(s.Failures) != 2 || s.Failures[0].Reason != "the repository archive is larger than the 1 GiB limit" {
		t.Errorf("failures = %+v", s.Failures)
	}
	headline := map[string]int{}
	for _, c := range s.Categories {
		for _, h := range c.Headlines {
			headline[h.ID] = h.Repositories
			if h.Of != 6 {
				t.Errorf("%s: of %d, want 6 (failed repositories are not counted)", h.ID, h.Of)
			}
		}
	}
	for id, n := range map[string]int{"unprotected-default-branch": 1, "lockstep-deploys": 3, "sync-cycles": 1, "coupled-services": 1, "no-required-review": 1} {
		if headline[id] != n {
			t.Errorf("headline %s = %d, want %d", id, headline[id], n)
		}
	}
	var names []string
	for i, repo := range r.Repositories {
		names = append(names, repo.Repository)
		if (repo.Status == record.Failed) != (repo.Scores == nil) {
			t.Errorf("%s: status %s with scores %v", repo.Repository, repo.Status, repo.Scores)
		}
		if i > 0 && names[i-1] >= names[i] {
			t.Errorf("repositories are not sorted: %v", names)
		}
	}
	var ids []string
	for _, rule := range r.Rules {
		ids = append(ids, rule.ID)
		if rule.DocURL == "" || rule.Remediation == "" || rule.Title == "" {
			t.Errorf("%s: incomplete %+v", rule.ID, rule)
		}
	}
	// LS304 was fixed: it is in no repository now, but the comparison shows it.
	if !slices.Contains(ids, "LS304") || !slices.Contains(ids, "LS404") || !slices.IsSorted(ids) {
		t.Errorf("rules = %v", ids)
	}
}

func TestBuildUnknownRule(t *testing.T) {
	f := record.Finding{Rule: "LS499", Name: "from-the-future", Category: "coupling", Severity: "warning", Message: "m", Path: "a", Fingerprint: "f:1"}
	r := Build(Input{Run: run("org:x", currentStart, 1), Records: []record.Record{ok("x/y", 1, 1, f)}})
	if len(r.Rules) != 1 || r.Rules[0].Name != "from-the-future" || !strings.HasSuffix(r.Rules[0].DocURL, "#ls499") {
		t.Errorf("rules = %+v", r.Rules)
	}
	if r.Repositories[0].Scores.Coupling != 85 {
		t.Errorf("scores = %+v", r.Repositories[0].Scores)
	}
}

func TestComparison(t *testing.T) {
	c := Build(sampleInput()).Comparison
	if c == nil {
		t.Fatal("no comparison")
	}
	if c.Fixed != 2 || c.New != 8 || c.Unchanged != 7 {
		t.Errorf("fixed %d, new %d, unchanged %d; want 2, 8, 7", c.Fixed, c.New, c.Unchanged)
	}
	if !slices.Equal(c.Added, []string{"acme/data-lake", "acme/search"}) || !slices.Equal(c.Removed, []string{"acme/old-monolith"}) ||
		!slices.Equal(c.NotCompared, []string{"acme/legacy-erp"}) {
		t.Errorf("added %v, removed %v, not compared %v", c.Added, c.Removed, c.NotCompared)
	}
	changes := map[string]RepositoryChange{}
	for _, ch := range c.Repositories {
		changes[ch.Repository] = ch
	}
	billing := changes["acme/billing"]
	if len(billing.Fixed) != 1 || billing.Fixed[0].Rule != "LS203" || len(billing.New) != 1 || billing.New[0].Rule != "LS207" || billing.Unchanged != 2 {
		t.Errorf("acme/billing: %+v", billing)
	}
	if _, ok := changes["acme/docs-site"]; ok {
		t.Error("a repository without change is listed")
	}
}

func TestComparisonCountsDuplicates(t *testing.T) {
	f := finding("x/y", "LS101", "same", "a.yml", 1)
	was := []record.Finding{f, f}
	ch := diff("x/y", was, []record.Finding{f})
	if len(ch.Fixed) != 1 || ch.Unchanged != 1 || len(ch.New) != 0 {
		t.Errorf("%+v", ch)
	}
}

func TestReadJSONRoundTrip(t *testing.T) {
	in := sampleInput()
	want := render(t, "json", Build(in))
	back, err := ReadJSON(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	if got := render(t, "json", back); !bytes.Equal(got, want) {
		t.Errorf("read and written again, the report changed:\n%s", got)
	}
	// --compare reads the earlier report from a file: the result must be
	// the one Build gives with the report in memory.
	prev, err := ReadJSON(bytes.NewReader(render(t, "json", in.Previous)))
	if err != nil {
		t.Fatal(err)
	}
	in.Previous = prev
	if got := render(t, "json", Build(in)); !bytes.Equal(got, want) {
		t.Error("comparing with a report read from JSON gives another result")
	}
}

func TestReadJSONRejects(t *testing.T) {
	for name, c := range map[string]struct{ data, want string }{
		"check report":  {`{"version": 1, "tool": {"name": "lockstep"}, "findings": []}`, `not an audit report: it has no "kind": "lockstep-audit-report"`},
		"records line":  {`{"version":1,"repository":"acme/x","status":"ok","files":1,"services":0,"findings":[]}`, "not an audit report"},
		"newer version": {`{"kind": "lockstep-audit-report", "version": 2}`, "audit report version 2: this lockstep reads version 1"},
		"not JSON":      {"# lockstep audit of org:acme\n", "not an audit report: 1:1: invalid JSON: invalid character '#'"},
		"bad value":     {"{\n  \"kind\": x}", "not an audit report: 2:11: invalid JSON: invalid character 'x'"},
		"empty":         {"", "not an audit report"},
		"bad field":     {`{"kind": "lockstep-audit-report", "version": 1, "repositories": {}}`, "audit report: json: cannot unmarshal"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadJSON(strings.NewReader(c.data))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestJSONValidates(t *testing.T) {
	f, err := os.Open("../../../../../testdata/audit/audit-report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://github.com/lockstep-lint/lockstep/testdata/audit/audit-report.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]Input{"sample": sampleInput(), "empty": emptyInput(), "previous": previousInput()} {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(render(t, "json", Build(in))))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s does not validate: %v", name, err)
		}
	}
}

// TestLargeOrganization checks that the reports stay usable for 1,000
// repositories of about ten findings each, compared with an audit in
// which every finding was different.
func TestLargeOrganization(t *testing.T) {
	in := bigInput(1000)
	prev := bigInput(1000)
	for i := range prev.Records {
		for j := range prev.Records[i].Findings {
			prev.Records[i].Findings[j].Fingerprint += "-old"
		}
	}
	in.Previous = Build(prev)
	r := Build(in)
	if r.Comparison.New == 0 || r.Comparison.Fixed != r.Comparison.New {
		t.Errorf("comparison: %d fixed, %d new", r.Comparison.Fixed, r.Comparison.New)
	}
	html := render(t, "html", r)
	if len(html) > 5<<20 {
		t.Errorf("HTML report is %d bytes, more than 5 MiB", len(html))
	}
	if n := bytes.Count(html, []byte(`<details id=`)); n != 980 {
		t.Errorf("%d repositories in details, want 980", n)
	}
	if n := bytes.Count(html, []byte(`<figure class="graph">`)); n != htmlGraphs {
		t.Errorf("%d graphs drawn, want %d", n, htmlGraphs)
	}
	md := render(t, "md", r)
	if len(md) > 32<<10 {
		t.Errorf("Markdown report is %d bytes; it must stay short whatever the organization", len(md))
	}
	for _, want := range []string{"and 965 more repositories with findings", "(20): big/service-0049, ", " and 10 more", "and 960 more repositories."} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	t.Logf("1,000 repositories: HTML %d KiB, Markdown %d KiB", len(html)>>10, len(md)>>10)
}

func TestHTMLEscapes(t *testing.T) {
	html := string(render(t, "html", Build(sampleInput())))
	if strings.Contains(html, "<login>") || !strings.Contains(html, "new-&lt;login&gt;|beta&#34; &amp; no definition") {
		t.Error("a finding's message is not escaped")
	}
}

// TestHTMLSelfContained: nothing in the page makes the browser fetch;
// links are to the page itself, the rules' docs and the repositories.
func TestHTMLSelfContained(t *testing.T) {
	html := render(t, "html", Build(sampleInput()))
	for _, re := range []string{`(?i)\ssrc(set)?=`, `(?i)<link`, `(?i)@import`, `(?i)url\((?:[^#)]|$)`, `(?i)<(iframe|object|embed|img|video|audio)`} {
		if loc := regexp.MustCompile(re).FindIndex(html); loc != nil {
			t.Errorf("the page would fetch something: %s", html[max(0, loc[0]-40):min(len(html), loc[1]+40)])
		}
	}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllSubmatch(html, -1) {
		href := string(m[1])
		if !strings.HasPrefix(href, "#") && !strings.HasPrefix(href, "https://github.com/") {
			t.Errorf("unexpected link %q", href)
		}
	}
	// Every in-page link has its target.
	for _, m := range regexp.MustCompile(`href="#([^"]*)"`).FindAllSubmatch(html, -1) {
		if !bytes.Contains(html, []byte(`id="`+string(m[1])+`"`)) {
			t.Errorf("link to #%s has no target", m[1])
		}
	}
}

func TestHTMLRowsWorstFirst(t *testing.T) {
	html := render(t, "html", Build(sampleInput()))
	got := tableRepositories(string(html))
	want := []string{"acme/billing", "acme/shop", "acme/mobile-api", "acme/search", "acme/identity", "acme/docs-site"}
	if !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
}

// tableRepositories lists the repository column of the sortable table.
func tableRepositories(html string) []string {
	start := strings.Index(html, `<table class="grid repos"`)
	if start < 0 {
		return nil
	}
	table, _, _ := strings.Cut(html[start:], "</table>")
	var out []string
	for _, m := range regexp.MustCompile(`<tr><td>(?:<a [^>]*>)?([^<]+)`).FindAllStringSubmatch(table, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestMarkdownEscapes(t *testing.T) {
	md := string(render(t, "md", Build(sampleInput())))
	if !strings.Contains(md, `"new-&lt;login&gt;\|beta" &amp; no definition`) {
		t.Error("a finding's message is not escaped for a table cell")
	}
}
