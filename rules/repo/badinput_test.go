package repo

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBadInputEndsInFindings: a 200 MB file, binary content, invalid
// UTF-8, a YAML alias bomb and deep nesting each become one problem naming
// the file, and the good file beside them is still read.
func TestBadInputEndsInFindings(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A sparse file: 200 MB on paper, nothing on disk, never read.
	huge := filepath.Join(dir, "deploy", "huge.yaml")
	write("deploy/huge.yaml", "")
	if err := os.Truncate(huge, 200<<20); err != nil {
		t.Fatal(err)
	}
	write("deploy/binary.yaml", "kind: \x00\x01\x02")
	write("deploy/latin1.yaml", "name: caf\xe9\n")
	write("deploy/nested.yaml", strings.Repeat("[", 20000)+strings.Repeat("]", 20000))
	var bomb strings.Builder
	bomb.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		prev, name := "*a"+strconv.Itoa(i-1), "a"+strconv.Itoa(i)
		bomb.WriteString(name + ": &" + name + " [" + strings.Repeat(prev+", ", 9) + prev + "]\n")
	}
	write("deploy/bomb.yaml", bomb.String())
	write(".github/workflows/ok.yml", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n")

	r, err := LoadDir(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range r.Problems {
		got[p.Pos.File] = string(p.Reason)
	}
	want := map[string]string{
		"deploy/huge.yaml":   "file too large",
		"deploy/binary.yaml": "binary content",
		"deploy/latin1.yaml": "not UTF-8",
		"deploy/nested.yaml": "nesting limit",
		"deploy/bomb.yaml":   "alias expansion limit",
	}
	for file, reason := range want {
		if got[file] != reason {
			t.Errorf("%s: got %q, want %q", file, got[file], reason)
		}
	}
	if len(r.Workflows) != 1 {
		t.Errorf("the good workflow was not read: %d workflows", len(r.Workflows))
	}
}
