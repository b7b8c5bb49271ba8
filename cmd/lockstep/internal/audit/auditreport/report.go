// Package auditreport turns the records of an organization audit into the
// reports people and scripts read: a versioned JSON document, a Markdown
// summary for issues and job summaries, and a self-contained HTML page.
//
// Build does all the counting, scoring and comparing once; the writers
// only lay out what the Report already says, so the three formats cannot
// disagree. Nothing in a Report depends on the clock or on map order:
// the same records give the same bytes.
package auditreport

import (
	"time"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
)

// Kind marks a JSON document as an audit report, so --compare can tell
// it from a `lockstep check` report or a records file, which also carry
// a version.
const Kind = "lockstep-audit-report"

// Version is the version of the report's schema (docs/audit.md, "Reports").
// It changes only when a field is removed or changes meaning; new fields
// may be added without a change.
const Version = 1

// Input is everything a report is built from.
type Input struct {
	Run     record.Run
	Records []record.Record
	Stats   record.Stats
	// Previous is an earlier audit's report (--compare); nil for none.
	Previous *Report
}

// Report is the JSON document; the Markdown and HTML reports are views of it.
type Report struct {
	Kind         string       `json:"kind"`
	Version      int          `json:"version"`
	Tool         Tool         `json:"tool"`
	Run          Run          `json:"run"`
	Summary      Summary      `json:"summary"`
	Repositories []Repository `json:"repositories"` // sorted by name
	Rules        []Rule       `json:"rules"`        // every rule with a finding, by ID
	Comparison   *Comparison  `json:"comparison,omitempty"`
	Stats        record.Stats `json:"stats"`
}

// Tool is the lockstep that ran the audit.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Run says which audit this is.
type Run struct {
	Target  string    `json:"target"` // org:NAME, user:NAME or repos-from:SHA256
	API     string    `json:"api"`
	Options string    `json:"options"` // digest of the options that change findings
	Shards  int       `json:"shards"`
	Started time.Time `json:"started"`
	// Repositories is how many repositories the audit was given.
	Repositories int `json:"repositories"`
}

// Summary holds the numbers a reader looks at first.
type Summary struct {
	Repositories RepositoryCounts  `json:"repositories"`
	Failures     []Failure         `json:"failures"` // most common reason first
	Findings     SeverityCounts    `json:"findings"`
	Categories   []CategorySummary `json:"categories"` // in category order, LS0xx first
	Rules        []RuleCount       `json:"rules"`      // by rule ID
}

// RepositoryCounts counts repositories by how their audit went.
type RepositoryCounts struct {
	Audited int `json:"audited"` // records: ok + failed
	OK      int `json:"ok"`
	Failed  int `json:"failed"`
	// Skipped were given to the audit but have no record: the audit was
	// interrupted or a shard is missing.
	Skipped      int `json:"skipped"`
	WithFindings int `json:"with_findings"`
	WithGraph    int `json:"with_graph"` // a service graph with at least one edge
}

// Failure is one reason repositories could not be audited.
type Failure struct {
	Reason       string   `json:"reason"`
	Repositories []string `json:"repositories"`
}

// SeverityCounts counts findings by severity.
type SeverityCounts struct {
	Total   int `json:"total"`
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Note    int `json:"note"`
}

// CategorySummary is one rule family across the organization.
type CategorySummary struct {
	Category string         `json:"category"`
	Title    string         `json:"title"`
	Findings SeverityCounts `json:"findings"`
	// Repositories counts audited repositories with a finding of the
	// category; Grades counts them by their score in it.
	Repositories int        `json:"repositories"`
	Grades       Grades     `json:"grades"`
	Headlines    []Headline `json:"headlines"`
}

// Grades counts repositories by grade (see Grade).
type Grades struct {
	A int `json:"A"`
	B int `json:"B"`
	C int `json:"C"`
	D int `json:"D"`
	F int `json:"F"`
}

// Headline is a count of repositories with one problem a lead asks about,
// such as an unprotected default branch.
type Headline struct {
	ID           string   `json:"id"`
	Label        string   `json:"label"`
	Rules        []string `json:"rules"` // the rules whose findings count
	Repositories int      `json:"repositories"`
	Of           int      `json:"of"` // repositories audited successfully
}

// RuleCount is how often one rule fired.
type RuleCount struct {
	Rule         string `json:"rule"`
	Name         string `json:"name"`
	Category     string `json:"category"`
	Findings     int    `json:"findings"`
	Repositories int    `json:"repositories"`
}

// Repository is one record with its scores.
type Repository struct {
	Repository    string           `json:"repository"`
	DefaultBranch string           `json:"default_branch,omitempty"`
	Status        record.Status    `json:"status"`
	Reason        string           `json:"reason,omitempty"`
	Archived      bool             `json:"archived,omitempty"`
	Fork          bool             `json:"fork,omitempty"`
	Files         int              `json:"files"`
	Services      int              `json:"services"`
	Settings      string           `json:"settings,omitempty"`
	SettingsGaps  []string         `json:"settings_gaps,omitempty"`
	Counts        SeverityCounts   `json:"counts"`
	Scores        *Scores          `json:"scores,omitempty"` // absent when the audit failed
	Findings      []record.Finding `json:"findings"`
	Graph         *record.Graph    `json:"graph,omitempty"`
}

// Rule is what every finding of one rule shares.
type Rule struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Title       string `json:"title"`
	Category    string `json:"category"`
	Severity    string `json:"severity"` // the default; a finding's own may differ
	Remediation string `json:"remediation"`
	DocURL      string `json:"doc_url"`
}
