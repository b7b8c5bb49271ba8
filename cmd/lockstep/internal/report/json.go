package report

import (
	"encoding/json"
	"io"
)

// JSONVersion is the version of the JSON output's schema (docs/output.md);
// it changes only when a field is removed or changes meaning.
const JSONVersion = 1

type jsonReport struct {
	Version  int           `json:"version"`
	Tool     jsonTool      `json:"tool"`
	Findings []jsonFinding `json:"findings"`
	Summary  jsonSummary   `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFinding struct {
	Rule        string        `json:"rule"`
	Name        string        `json:"name"`
	Category    string        `json:"category"`
	Severity    string        `json:"severity"`
	Message     string        `json:"message"`
	Path        string        `json:"path,omitempty"`
	Line        int           `json:"line,omitempty"`
	Column      int           `json:"column,omitempty"`
	EndLine     int           `json:"end_line,omitempty"`
	EndColumn   int           `json:"end_column,omitempty"`
	Logical     string        `json:"logical,omitempty"`
	Remediation string        `json:"remediation"`
	DocURL      string        `json:"doc_url"`
	Related     []jsonRelated `json:"related"`
	Fingerprint string        `json:"fingerprint"`
}

type jsonRelated struct {
	Path    string `json:"path,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Logical string `json:"logical,omitempty"`
	Message string `json:"message"`
}

type jsonSummary struct {
	Files              int            `json:"files"`
	Services           int            `json:"services"`
	Suppressed         int            `json:"suppressed"`
	Baselined          int            `json:"baselined"`
	FindingsBySeverity map[string]int `json:"findings_by_severity"`
}

func writeJSON(w io.Writer, r *Report, _ Options) error {
	out := jsonReport{
		Version:  JSONVersion,
		Tool:     jsonTool{Name: r.Tool.Name, Version: r.Tool.Version},
		Findings: make([]jsonFinding, 0, len(r.Findings)),
		Summary: jsonSummary{
			Files: r.Summary.Files, Services: r.Summary.Services,
			Suppressed: r.Summary.Suppressed, Baselined: r.Summary.Baselined,
			FindingsBySeverity: map[string]int{"error": 0, "warning": 0, "note": 0},
		},
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		jf := jsonFinding{
			Rule: f.Rule.ID, Name: f.Rule.Name, Category: string(f.Rule.Category),
			Severity: f.Severity.String(), Message: f.Message,
			Path: f.Path, Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
			Logical: f.Logical, Remediation: f.Rule.Remediation, DocURL: f.Rule.DocURL(),
			Related: make([]jsonRelated, 0, len(f.Related)), Fingerprint: f.Fingerprint,
		}
		for _, rel := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{rel.Path, rel.Line, rel.Column, rel.Logical, rel.Message})
		}
		out.Findings = append(out.Findings, jf)
		out.Summary.FindingsBySeverity[f.Severity.String()]++
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
