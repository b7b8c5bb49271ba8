package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGraphGolden draws the ivory-jenga graph in every format and
// compares with testdata/cli/ivory-jenga.graph.*.
func TestGraphGolden(t *testing.T) {
	target := filepath.Join(root, "testdata", "examples", "ivory-jenga")
	for _, format := range graphFormats {
		t.Run(format, func(t *testing.T) {
			stdout, stderr, code := run(t, "graph", "--format", format, target)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			ext := map[string]string{"mermaid": "mmd", "dot": "dot", "json": "json"}[format]
			golden := filepath.Join(root, "testdata", "cli", "ivory-jenga.graph."+ext+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if stdout != string(want) {
				t.Errorf("output differs from %s (run with -update and review the diff)\n%s", golden, stdout)
			}
		})
	}
}

// TestGraphJSONShape checks what machines read: twelve services, one
// shared module, and positions on every piece of evidence.
func TestGraphJSONShape(t *testing.T) {
	stdout, stderr, code := run(t, "graph", filepath.Join(root, "testdata", "examples", "ivory-jenga"), "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var g struct {
		Nodes []struct{ ID, Kind string }
		Edges []struct {
			From, To, Kind string
			Sync           bool
			Evidence       []struct {
				Pos struct {
					Path         string
					Line, Column int
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &g); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, n := range g.Nodes {
		kinds[n.Kind]++
	}
	if kinds["service"] != 12 || kinds["module"] != 1 || len(g.Nodes) != 13 {
		t.Errorf("nodes by kind: %v", kinds)
	}
	for _, e := range g.Edges {
		if e.Sync != (e.Kind != "module" && e.Kind != "topic") {
			t.Errorf("%s -> %s %s: sync=%v", e.From, e.To, e.Kind, e.Sync)
		}
		for _, ev := range e.Evidence {
			if ev.Pos.Path == "" || ev.Pos.Line < 1 || ev.Pos.Column < 1 {
				t.Errorf("%s -> %s %s: evidence without a position: %+v", e.From, e.To, e.Kind, ev.Pos)
			}
		}
	}
	if len(g.Edges) != 56 {
		t.Errorf("%d edges, want 56", len(g.Edges))
	}
}

func TestGraphUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"graph", "--format", "png"}, ExitUsage, `--format: unknown format "png"`},
		{[]string{"graph", "a", "b"}, ExitUsage, "expected one PATH"},
		{[]string{"graph", filepath.Join(root, "no-such-dir")}, ExitFailure, "no such file"},
	} {
		_, stderr, code := run(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.err) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr, tt.code, tt.err)
		}
	}
	stdout, _, code := run(t, "graph", "--format", "dot", t.TempDir())
	if code != ExitOK || !strings.HasPrefix(stdout, "digraph services {") || strings.Contains(stdout, "->") {
		t.Errorf("empty repository: exit %d\n%s", code, stdout)
	}
}
