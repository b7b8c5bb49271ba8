package auditreport

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

var writers = map[string]func(io.Writer, *Report) error{
	"json": WriteJSON,
	"md":   WriteMarkdown,
	"html": WriteHTML,
}

func render(t *testing.T, format string, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := writers[format](&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// emptyInput is an audit that found no repository at all.
func emptyInput() Input { return Input{Run: run("org:nobody", currentStart, 0)} }

func TestGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		in   func() Input
	}{{"sample", sampleInput}, {"empty", emptyInput}} {
		for _, format := range []string{"json", "md", "html"} {
			t.Run(c.name+"."+format, func(t *testing.T) {
				got := render(t, format, Build(c.in()))
				if again := render(t, format, Build(c.in())); !bytes.Equal(got, again) {
					t.Fatal("output is not deterministic")
				}
				golden := filepath.Join("testdata", c.name+"."+format+".golden")
				if *update {
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("output differs from %s (run with -update and review the diff)\n%s", golden, got)
				}
			})
		}
	}
}
