package repo

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// InputDigest hashes the name and content of every file Load would read
// in dir. Result caches keyed on Go files only (go vet's, golangci-lint's)
// mix it into their keys, so that a change to a workflow or a manifest is
// never answered with a stale result.
func InputDigest(dir string, opts Options) (string, error) {
	fsys, err := openDir(dir)
	if err != nil {
		return "", err
	}
	defer func() { _ = fsys.Close() }()
	cands, _, err := walk(fsys, opts.Excludes, opts.Flags.Definitions)
	if err != nil {
		return "", err
	}
	lim := opts.Limits
	if lim == (source.Limits{}) {
		lim = source.DefaultLimits
	}
	h := sha256.New()
	for _, c := range cands {
		fmt.Fprintf(h, "%s\x00%d\x00", c.path, c.size)
		if lim.MaxBytes > 0 && c.size > lim.MaxBytes {
			continue // Load reports it without reading it; so do we
		}
		if err := hashFile(h, fsys, c.target); err != nil {
			fmt.Fprintf(h, "error: %v\x00", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(w io.Writer, fsys fs.FS, name string) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
