package audit

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"testing"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/fakegithub"
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

// TestGraphQLProtectionForgetsStaleMemo: a repository that a REST audit
// remembered as without classic protection, and that GraphQL now shows
// protected, is not remembered so any more, should GraphQL fail next time.
func TestGraphQLProtectionForgetsStaleMemo(t *testing.T) {
	org := fakegithub.Generate(fakegithub.OrgOptions{Name: "acme", Repos: 40, Seed: 1})
	srv := fakegithub.Start(org, fakegithub.Options{Token: "ghp_memoTEST0123456789abcdef"})
	defer srv.Close()
	g, err := NewGitHub(GitHubOptions{Token: "ghp_memoTEST0123456789abcdef", BaseURL: srv.URL(), Target: "org:acme", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	repos, err := g.Repositories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var protected, unprotected Repository
	for _, r := range repos {
		fake := org.Repo(r.Name)
		switch {
		case fake.Kind == fakegithub.Empty || r.Archived || r.Fork:
		case fake.Settings.Protection != nil && protected.Name == "":
			protected = r
		case fake.Settings.Protection == nil && unprotected.Name == "":
			unprotected = r
		}
	}
	if protected.Name == "" || unprotected.Name == "" {
		t.Fatal("the organization lacks a repository with and one without classic protection")
	}
	for _, r := range []Repository{protected, unprotected} {
		if err := WriteFile(g.memoPath(r), []byte("digest of a branch answer")); err != nil {
			t.Fatal(err)
		}
	}
	g.Prepare([]Repository{protected, unprotected})
	for _, r := range []Repository{protected, unprotected} {
		if _, err := g.Settings(context.Background(), r, false); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(g.memoPath(protected)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the memo of %s, protected, is still there (%v)", protected.Name, err)
	}
	if _, err := os.Stat(g.memoPath(unprotected)); err != nil {
		t.Errorf("the memo of %s, unprotected, is gone: %v", unprotected.Name, err)
	}
	if st := srv.Stats(); st.ByRoute["graphql"] != 1 || st.ByRoute["protection"] != 0 || st.ByRoute["branch"] != 0 {
		t.Errorf("asked by route %v, want one GraphQL query and neither protection nor branch", st.ByRoute)
	}
}
