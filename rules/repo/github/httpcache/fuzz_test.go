package httpcache

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad: an entry on disk may be damaged, cut short or written by
// another program. Loading it must never panic, and whatever it gives
// has the body its header promises.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"version":1,"header":{"Etag":["\"a\""]},"body_length":2,"body_sha256":"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"}` + "\n{}"))
	f.Add([]byte(`{"version":1,"body_length":-1}` + "\n"))
	f.Add([]byte(`{"version":1,"body_length":99999999999}` + "\n"))
	f.Add([]byte("\n"))
	tr, err := New(f.TempDir(), nil)
	if err != nil {
		f.Fatal(err)
	}
	tr.maxEntry = 1 << 16
	const key = "00aa"
	if err := os.MkdirAll(filepath.Dir(tr.path(key)), 0o700); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(tr.path(key), data, 0o600); err != nil {
			t.Fatal(err)
		}
		e := tr.load(key)
		if e != nil && len(e.body) > tr.maxEntry {
			t.Fatalf("loaded a body of %d bytes, above the limit", len(e.body))
		}
	})
}
