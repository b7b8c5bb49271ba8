package github

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOwnerRepoFromURL(t *testing.T) {
	for _, tc := range []struct{ url, owner, repo string }{
		{"https://github.com/acme/shop.git", "acme", "shop"},
		{"https://github.com/acme/shop", "acme", "shop"},
		{"https://github.com/acme/shop/", "acme", "shop"},
		{"https://x-access-token:secret@github.com/acme/shop.git", "acme", "shop"},
		{"git@github.com:acme/shop.git", "acme", "shop"},
		{"github.com:acme/shop", "acme", "shop"},
		{"ssh://git@github.com/acme/shop.git", "acme", "shop"},
		{"ssh://git@ghe.example.com:2222/acme/shop.git", "acme", "shop"},
		{"git://github.com/acme/shop.git", "acme", "shop"},
		{"https://github.com/acme/my.repo-1.git", "acme", "my.repo-1"},
	} {
		owner, repo, err := ownerRepoFromURL(tc.url)
		if err != nil || owner != tc.owner || repo != tc.repo {
			t.Errorf("%s: %q %q %v, want %q %q", tc.url, owner, repo, err, tc.owner, tc.repo)
		}
	}
	for _, bad := range []string{
		"/srv/git/shop.git",
		"../shop",
		"https://gitlab.com/group/sub/shop.git",
		"https://ghp_secret0123456789@github.com/acme",
		"ghp_secret0123456789@github.com:acme",
	} {
		_, _, err := ownerRepoFromURL(bad)
		if err == nil {
			t.Errorf("%s: accepted", bad)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: error shows credentials: %v", bad, err)
		}
	}
}

const originConfig = `[core]
	repositoryformatversion = 0
	bare = false
[remote "upstream"]
	url = git@github.com:upstream/shop.git
[remote "origin"]  # the fork
	url = "git@github.com:acme/shop.git" ; quoted, with a comment
	fetch = +refs/heads/*:refs/remotes/origin/*
[branch "main"]
	remote = origin
`

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRepoFromGitConfig(t *testing.T) {
	root := t.TempDir()
	main := filepath.Join(root, "shop")
	writeFile(t, filepath.Join(main, ".git", "config"), originConfig)
	sub := filepath.Join(main, "services", "cart")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}

	// A linked worktree: .git is a file, and the config is in the
	// common directory.
	wt := filepath.Join(root, "shop-wt")
	wtGit := filepath.Join(main, ".git", "worktrees", "shop-wt")
	writeFile(t, filepath.Join(wt, ".git"), "gitdir: "+wtGit+"\n")
	writeFile(t, filepath.Join(wtGit, "commondir"), "../..\n")

	// A submodule: .git is a relative gitdir file with its own config.
	mod := filepath.Join(main, "vendor", "lib")
	writeFile(t, filepath.Join(mod, ".git"), "gitdir: ../../.git/modules/lib\n")
	writeFile(t, filepath.Join(main, ".git", "modules", "lib", "config"),
		"[remote \"origin\"]\n\turl = https://github.com/acme/lib\n")

	for _, tc := range []struct{ dir, owner, repo string }{
		{main, "acme", "shop"},
		{sub, "acme", "shop"},
		{wt, "acme", "shop"},
		{mod, "acme", "lib"},
	} {
		owner, repo, err := RepoFromGitConfig(tc.dir)
		if err != nil || owner != tc.owner || repo != tc.repo {
			t.Errorf("%s: %q %q %v, want %q %q", tc.dir, owner, repo, err, tc.owner, tc.repo)
		}
	}

	noOrigin := filepath.Join(root, "bare")
	writeFile(t, filepath.Join(noOrigin, ".git", "config"), "[core]\n\tbare = false\n")
	if _, _, err := RepoFromGitConfig(noOrigin); !errors.Is(err, ErrNoOrigin) {
		t.Errorf("no origin: %v", err)
	}
}

func TestRepoFromGitConfigOutsideRepository(t *testing.T) {
	dir := t.TempDir()
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), ".git")); err == nil {
		t.Skip("the temporary directory is inside a git repository")
	}
	if _, _, err := RepoFromGitConfig(dir); !errors.Is(err, ErrNoGitRepository) {
		t.Errorf("got %v, want ErrNoGitRepository", err)
	}
}
