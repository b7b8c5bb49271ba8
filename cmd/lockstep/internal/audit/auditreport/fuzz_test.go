package auditreport

import (
	"bytes"
	"io"
	"testing"
)

// FuzzCompare: --compare reads a report.json from anywhere. Reading it
// must fail cleanly or give a report that every format can compare
// with, without a panic.
func FuzzCompare(f *testing.F) {
	var prev bytes.Buffer
	if err := WriteJSON(&prev, Build(previousInput())); err != nil {
		f.Fatal(err)
	}
	f.Add(prev.Bytes())
	f.Add([]byte(`{"kind":"lockstep-audit-report","version":1}`))
	f.Add([]byte(`{"kind":"lockstep-audit-report","version":1,"repositories":[null,{"repository":"acme/shop","status":"ok","findings":[null]}]}`))
	f.Add([]byte(`{"kind":"lockstep-audit-report","version":1,"run":{"started":"x"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		previous, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		in := sampleInput()
		in.Previous = previous
		r := Build(in)
		for _, write := range []func(io.Writer, *Report) error{WriteJSON, WriteMarkdown, WriteHTML} {
			if err := write(io.Discard, r); err != nil {
				t.Fatal(err)
			}
		}
	})
}
