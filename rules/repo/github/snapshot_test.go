package github

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const snapshotDir = "../../../testdata/github/snapshot"

// TestStoredSnapshot reads a snapshot as `lockstep settings dump` wrote
// it: the format must stay readable, and a stored snapshot must read
// like the live answers it recorded.
func TestStoredSnapshot(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(snapshotDir, "rulesets-only.json"))
	if err != nil {
		t.Fatal(err)
	}
	var snap Snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		t.Fatal(err)
	}
	s, err := FromSnapshot(&snap)
	if err != nil {
		t.Fatal(err)
	}
	if s.Source != SourceSnapshot {
		t.Errorf("Source = %q", s.Source)
	}
	live, err := os.ReadFile("../../../testdata/github/rulesets-only/want.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(string(live), "source: live", "source: snapshot", 1)
	if got := render(s); got != want {
		t.Errorf("the stored snapshot reads differently from the live answers:\n%s", diffLines(want, got))
	}
}

// TestSnapshotDamage feeds FromSnapshot damaged snapshots: never a panic,
// never a pass, always a Gap.
func TestSnapshotDamage(t *testing.T) {
	good := func() *Snapshot {
		return &Snapshot{Version: SnapshotVersion, Owner: "acme", Repo: "shop", Authenticated: true,
			Repository: &Exchange{Path: "repos/acme/shop", Status: 200, Body: json.RawMessage(`{"default_branch":"main"}`)}}
	}
	for name, damage := range map[string]func(*Snapshot){
		"no repository":       func(s *Snapshot) { s.Repository = nil },
		"repository not JSON": func(s *Snapshot) { s.Repository.Body = json.RawMessage(`"<html>"`) },
		"no default branch":   func(s *Snapshot) { s.Repository.Body = json.RawMessage(`{}`) },
		"nothing else":        func(*Snapshot) {},
		"protection garbage": func(s *Snapshot) {
			s.Protection = &Exchange{Status: 200, Body: json.RawMessage(`{"enforce_admins": "yes"}`)}
		},
		"rules garbage": func(s *Snapshot) {
			s.Rules = []*Exchange{{Status: 200, Body: json.RawMessage(`{"type": 1}`)}}
		},
		"rule parameters garbage": func(s *Snapshot) {
			s.Rules = []*Exchange{{Status: 200, Body: json.RawMessage(
				`[{"type": "pull_request", "parameters": [1], "ruleset_id": 3}, {"type": "required_status_checks", "parameters": "x", "ruleset_id": 3}]`)}}
		},
		"environments garbage": func(s *Snapshot) {
			s.Environments = []*Exchange{{Status: 200, Body: json.RawMessage(`{"environments": [{"protection_rules": [{"reviewers": [{}]}]}]}`)}}
		},
		"detail path garbage": func(s *Snapshot) {
			s.RulesetDetails = []*Exchange{{Path: "", Status: 500}, {Path: "/", Status: 200, Body: json.RawMessage(`{}`)}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			snap := good()
			damage(snap)
			s, err := FromSnapshot(snap)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Gaps) == 0 {
				t.Errorf("no gap:\n%s", render(s))
			}
			if s.Protection.Protected.State == Off {
				t.Errorf("damage reads as a pass:\n%s", render(s))
			}
		})
	}
}
