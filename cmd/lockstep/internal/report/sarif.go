package report

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
)

// SARIF 2.1.0 as GitHub code scanning reads it: the fields GitHub
// requires (research: docs/output.md) and nothing it ignores.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"` // present even when empty: GitHub requires it
}

type sarifInvocation struct {
	ExecutionSuccessful bool `json:"executionSuccessful"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifHelp      `json:"help"`
	HelpURI              string         `json:"helpUri"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           sarifRuleProps `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags            []string `json:"tags"`
	Precision       string   `json:"precision"`
	ProblemSeverity string   `json:"problem.severity"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation *sarifPhysical         `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifLogicalLocation struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// noFile is the artifact of findings about repository settings: GitHub
// rejects results without a physical location, so, as OpenSSF Scorecard
// does, they point at a placeholder and carry the real (logical) location
// beside it.
const noFile = "no file associated with this alert"

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// fingerprintKey names lockstep's fingerprint in partialFingerprints.
// GitHub's upload-sarif computes primaryLocationLineHash itself; ours is
// kept beside it for tools that deduplicate across runs.
const fingerprintKey = "lockstep/v1"

func writeSARIF(w io.Writer, r *Report, _ Options) error {
	metas := r.Rules
	index := map[string]int{}
	for i, m := range metas {
		index[m.ID] = i
	}
	for i := range r.Findings {
		if m := r.Findings[i].Rule; m != nil {
			if _, ok := index[m.ID]; !ok {
				index[m.ID] = len(metas)
				metas = append(metas, m)
			}
		}
	}
	driver := sarifDriver{
		Name: r.Tool.Name, Version: r.Tool.Version, InformationURI: r.Tool.InformationURI,
		Rules: make([]sarifRule, 0, len(metas)),
	}
	if strings.HasPrefix(r.Tool.Version, "v") {
		driver.SemanticVersion = strings.TrimPrefix(r.Tool.Version, "v")
	}
	for _, m := range metas {
		driver.Rules = append(driver.Rules, sarifRuleOf(m))
	}
	run := sarifRun{
		Tool:        sarifTool{Driver: driver},
		Invocations: []sarifInvocation{{ExecutionSuccessful: true}},
		Results:     make([]sarifResult, 0, len(r.Findings)),
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		res := sarifResult{
			RuleID: f.Rule.ID, RuleIndex: index[f.Rule.ID], Level: sarifLevel(f.Severity),
			Message:             sarifText{Text: f.Message},
			Locations:           []sarifLocation{sarifLocationOf(f.Location, "")},
			PartialFingerprints: map[string]string{fingerprintKey: f.Fingerprint},
		}
		for j, rel := range f.Related {
			loc := sarifLocationOf(rel.Location, rel.Message)
			id := j + 1
			loc.ID = &id
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

func sarifRuleOf(m *rules.Meta) sarifRule {
	help := strings.TrimSpace(m.Doc) + "\n\n**Remediation.** " + m.Remediation + "\n\n[" + m.ID + " documentation](" + m.DocURL() + ")"
	return sarifRule{
		ID:                   m.ID,
		Name:                 m.Name,
		ShortDescription:     sarifText{Text: m.Title},
		FullDescription:      sarifText{Text: m.Title + ". " + m.Remediation},
		Help:                 sarifHelp{Text: m.Remediation + " See " + m.DocURL(), Markdown: help},
		HelpURI:              m.DocURL(),
		DefaultConfiguration: sarifConfig{Level: sarifLevel(m.Severity)},
		Properties: sarifRuleProps{
			Tags: []string{"lockstep", string(m.Category)}, Precision: "high",
			ProblemSeverity: problemSeverity(m.Severity),
		},
	}
}

func sarifLocationOf(l rules.Location, message string) sarifLocation {
	var loc sarifLocation
	if message != "" {
		loc.Message = &sarifText{Text: message}
	}
	if l.Path == "" {
		loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: noFile}, Region: &sarifRegion{StartLine: 1}}
		loc.LogicalLocations = []sarifLogicalLocation{{FullyQualifiedName: l.Logical, Kind: "resource"}}
		return loc
	}
	region := &sarifRegion{StartLine: max(l.Line, 1), StartColumn: l.Column, EndLine: l.EndLine, EndColumn: l.EndColumn}
	loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: uriEscape(l.Path)}, Region: region}
	return loc
}

// uriEscape makes a relative path a valid URI reference (spaces, %, #).
func uriEscape(p string) string {
	r := strings.NewReplacer("%", "%25", " ", "%20", "#", "%23", "?", "%3F")
	return r.Replace(p)
}

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Note:
		return "note"
	}
	return "warning"
}

func problemSeverity(s rules.Severity) string {
	if s == rules.Note {
		return "recommendation"
	}
	return sarifLevel(s)
}
