package repo

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	cands, _, err := walkAll(fsys, opts.Excludes, opts.Flags.Definitions)
	if err != nil {
		return "", err
	}
	lim := opts.limits()
	h := sha256.New()
	for _, c := range cands {
		if err := hashFile(h, fsys, c, lim.MaxBytes); err != nil {
			fmt.Fprintf(h, "%s\x00error: %v\x00", c.path, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashFile writes a file's path, size and content, as Load reads it.
func hashFile(w io.Writer, fsys fs.FS, c candidate, max int64) error {
	f, size, err := c.open(fsys, max)
	var large *tooLargeError
	switch {
	case errors.Is(err, errNotRegular):
		return nil // Load leaves it out; so do we
	case errors.As(err, &large):
		fmt.Fprintf(w, "%s\x00%d\x00", c.path, size)
		return nil // Load reports it without reading it; so do we
	case err != nil:
		return err
	}
	defer func() { _ = f.Close() }() // read-only
	fmt.Fprintf(w, "%s\x00%d\x00", c.path, size)
	_, err = io.Copy(w, f)
	return err
}
