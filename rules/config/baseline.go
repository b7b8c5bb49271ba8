package config

import (
	"encoding/json"
	"io"
	"sort"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// Baseline is a recorded set of findings to hide, so that a large
// repository can adopt lockstep without fixing everything first.
type Baseline struct {
	Version  int             `json:"version" yaml:"version"`
	Tool     string          `json:"tool" yaml:"tool"`
	Findings []BaselineEntry `json:"findings" yaml:"findings"`

	keys map[string]bool
}

// BaselineEntry identifies one finding. The message and location are for
// people reading the file; matching uses the rule and fingerprint, which
// survive edits that only move the finding.
type BaselineEntry struct {
	Rule        string `json:"rule" yaml:"rule"`
	Path        string `json:"path,omitempty" yaml:"path"`
	Logical     string `json:"logical,omitempty" yaml:"logical"`
	Message     string `json:"message" yaml:"message"`
	Fingerprint string `json:"fingerprint" yaml:"fingerprint"`
}

// WriteBaseline writes findings as a baseline file, sorted.
func WriteBaseline(w io.Writer, findings []rules.Finding) error {
	b := Baseline{Version: BaselineVersion, Tool: "lockstep", Findings: make([]BaselineEntry, 0, len(findings))}
	for _, f := range findings {
		b.Findings = append(b.Findings, BaselineEntry{Rule: f.Rule.ID, Path: f.Path, Logical: f.Logical, Message: f.Message, Fingerprint: f.Fingerprint})
	}
	sort.SliceStable(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		if x.Path != y.Path {
			return x.Path < y.Path
		}
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		return x.Fingerprint < y.Fingerprint
	})
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(b)
}

// ReadBaseline parses a baseline file; JSON is read through the YAML
// parser so that mistakes are reported with a line and column.
func ReadBaseline(path string, data []byte) (*Baseline, error) {
	docs, problems := source.ParseYAML(path, data, source.Limits{MaxBytes: 256 << 20, MaxDepth: 16, MaxNodes: 1 << 26, MaxDocuments: 1})
	if len(problems) > 0 {
		return nil, &Error{Pos: problems[0].Pos, Msg: string(problems[0].Reason) + ": " + problems[0].Message}
	}
	if len(docs) == 0 || docs[0].Root == nil {
		return nil, errorf(source.Pos{File: path, Line: 1, Col: 1}, "empty baseline file")
	}
	root := docs[0].Root
	var b Baseline
	if err := root.Decode(&b); err != nil {
		return nil, decodeError(path, root, err)
	}
	if b.Version != BaselineVersion {
		k, _ := source.Lookup(root, "version")
		if k == nil {
			k = root
		}
		return nil, errorf(source.PosOf(path, k), "baseline version %d is not supported (want %d)", b.Version, BaselineVersion)
	}
	b.keys = make(map[string]bool, len(b.Findings))
	for _, e := range b.Findings {
		b.keys[e.Rule+"\x00"+e.Fingerprint] = true
	}
	return &b, nil
}

// Filter hides the findings recorded in the baseline.
func (b *Baseline) Filter(findings []rules.Finding) (kept []rules.Finding, baselined int) {
	for _, f := range findings {
		if b.keys[f.Rule.ID+"\x00"+f.Fingerprint] {
			baselined++
			continue
		}
		kept = append(kept, f)
	}
	return kept, baselined
}
