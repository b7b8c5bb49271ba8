package audit

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/tarfs"
)

// TestCorruptCause: the reason of a corrupt archive names what went
// wrong, never the repository's own member names, so that the report
// groups repositories by it.
func TestCorruptCause(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(bytes.Repeat([]byte{1}, 4096))
	_ = zw.Close()
	cut := gz.Bytes()[:gz.Len()/2]
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{[]byte("<html>not an archive"), "gzip: invalid header"},
		{cut, "unexpected EOF"},
		{nil, "empty stream"},
	} {
		_, err := tarfs.ReadTarGz(bytes.NewReader(tc.in), tarfs.Options{})
		if !errors.Is(err, tarfs.ErrCorrupt) {
			t.Fatalf("%q: %v, want corrupt", tc.in, err)
		}
		if got := corruptCause(err); got != tc.want {
			t.Errorf("corruptCause(%v) = %q, want %q", err, got, tc.want)
		}
	}
	wrapped := fmt.Errorf("%w: after member %q: %w", tarfs.ErrCorrupt, "acme-x-1234/deploy/", io.ErrUnexpectedEOF)
	if got := corruptCause(wrapped); got != "unexpected EOF" {
		t.Errorf("corruptCause(%v) = %q", wrapped, got)
	}
}
