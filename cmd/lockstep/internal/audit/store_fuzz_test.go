package audit

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadResults: --resume reads a results file that a killed process,
// a full disk or a person may have left in any state. It must never
// panic; what it keeps is whole lines, each repository once.
func FuzzReadResults(f *testing.F) {
	f.Add([]byte(`{"version":1,"repository":"acme/a","status":"ok","files":1,"services":0,"findings":[]}` + "\n"))
	f.Add([]byte(`{"version":1,"repository":"acme/a","status":"failed","reason":"x","files":0,"services":0,"findings":null}` + "\n" +
		`{"version":1,"repository":"acme/a","status":"ok","files":1,"services":0,"findings":[]}` + "\n{\"vers"))
	f.Add([]byte("\n\n"))
	f.Add([]byte(`{"version":1,"repository":"acme/b","status":"ok","findings":[{"rule":"LS101","line":-1}],"graph":{"nodes":null}}` + "\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		name := filepath.Join(dir, "results.jsonl")
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
		records, size, err := readResults(name)
		if err != nil {
			if records != nil || size != 0 {
				t.Fatalf("an error with %d records and size %d", len(records), size)
			}
			return
		}
		if size < 0 || size > int64(len(data)) || (size > 0 && data[size-1] != '\n') {
			t.Fatalf("kept %d bytes of %d, not whole lines", size, len(data))
		}
		if bytes.IndexByte(data[size:], '\n') >= 0 {
			t.Fatalf("a whole line after byte %d was dropped", size)
		}
		seen := map[string]bool{}
		for _, r := range records {
			if seen[r.Repository] || r.Repository == "" {
				t.Fatalf("repository %q kept twice or unnamed", r.Repository)
			}
			seen[r.Repository] = true
		}
	})
}
