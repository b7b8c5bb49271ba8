package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/rs/zerolog"

	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

// githubFlags choose where repository settings come from.
type githubFlags struct {
	tokenEnv, repo, url, snapshot string
	offline                       bool
}

func (g *githubFlags) register(fs *flag.FlagSet, withOffline bool) {
	fs.StringVar(&g.tokenEnv, "github-token-env", "GITHUB_TOKEN", "environment variable holding the GitHub token")
	fs.StringVar(&g.repo, "github-repo", "", "repository as `OWNER/NAME` (default: the origin remote of PATH's git repository)")
	fs.StringVar(&g.url, "github-url", "", "GitHub API `URL` (GitHub Enterprise Server: https://HOST/api/v3/)")
	fs.StringVar(&g.snapshot, "settings-snapshot", "", "read repository settings from a `FILE` written by 'lockstep settings dump'")
	if withOffline {
		fs.BoolVar(&g.offline, "offline", false, "never use the network: settings come from .github/settings.yml or --settings-snapshot")
	}
}

// repository resolves OWNER/NAME from the flag or the git remote.
func (g *githubFlags) repository(dir string) (owner, name string, err error) {
	if g.repo != "" {
		owner, name, ok := github.SplitRepo(g.repo)
		if !ok {
			return "", "", usagef("--github-repo: want OWNER/NAME, got %q", g.repo)
		}
		return owner, name, nil
	}
	return github.RepoFromGitConfig(dir)
}

// settings returns the repository settings to check, or nil to keep those
// of .github/settings.yml: a snapshot when one is named, otherwise live
// from GitHub when a token is available and the network is allowed.
func (g *githubFlags) settings(e *env, dir string, log zerolog.Logger) (*github.Settings, error) {
	if g.snapshot != "" {
		s, err := github.ReadSnapshotFile(g.snapshot)
		if err != nil {
			return nil, usagef("--settings-snapshot: %v", err)
		}
		log.Info().Str("file", g.snapshot).Msg("repository settings read from snapshot")
		return s, nil
	}
	if g.offline {
		return nil, nil
	}
	token := os.Getenv(g.tokenEnv)
	if token == "" {
		log.Debug().Str("env", g.tokenEnv).Msg("no GitHub token; repository settings come from .github/settings.yml if present")
		return nil, nil
	}
	snap, err := g.fetch(e, dir, token)
	if err != nil {
		return nil, err
	}
	s, err := github.FromSnapshot(snap)
	if err != nil {
		return nil, err
	}
	log.Info().Str("repository", snap.Owner+"/"+snap.Repo).Int("gaps", len(s.Gaps)).Msg("repository settings read from GitHub")
	return s, nil
}

func (g *githubFlags) fetch(e *env, dir, token string) (*github.Snapshot, error) {
	owner, name, err := g.repository(dir)
	if err != nil {
		return nil, usagef("cannot tell which GitHub repository to read (%v); pass --github-repo OWNER/NAME or --offline", err)
	}
	c, err := github.NewClient(github.ClientOptions{Token: token, BaseURL: g.url})
	if err != nil {
		return nil, usagef("%v", err)
	}
	snap, err := github.Fetch(e.ctx, c, owner, name)
	if errors.Is(err, github.ErrUnavailable) {
		return nil, fmt.Errorf("reading %s/%s settings: %w", owner, name, err)
	}
	if err != nil {
		return nil, err
	}
	return snap, nil
}

// runSettings is "lockstep settings dump": record the repository's
// settings as a snapshot, so a run can be reproduced without a token.
func runSettings(e *env, args []string) int {
	if len(args) == 0 || args[0] != "dump" {
		fmt.Fprintln(e.stderr, "Usage: lockstep settings dump [--output FILE] [--github-repo OWNER/NAME] [PATH]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return ExitOK
		}
		return ExitUsage
	}
	var g githubFlags
	fs := newFlagSet("settings dump", "[flags] [PATH]", e.stderr)
	g.register(fs, false)
	output := fs.String("output", "", "write the snapshot to `FILE` instead of standard output")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	} else if len(pos) > 1 {
		fmt.Fprintln(e.stderr, "lockstep settings dump: expected at most one PATH")
		return ExitUsage
	}
	token := os.Getenv(g.tokenEnv)
	if token == "" {
		fmt.Fprintf(e.stderr, "lockstep settings dump: $%s is empty: a token is needed to read settings from GitHub\n", g.tokenEnv)
		return ExitUsage
	}
	snap, err := g.fetch(e, dir, token)
	if err != nil {
		fmt.Fprintf(e.stderr, "lockstep settings dump: %v\n", err)
		return exitCode(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(snap); err != nil {
		fmt.Fprintf(e.stderr, "lockstep settings dump: %v\n", err)
		return ExitFailure
	}
	if *output == "" {
		_, err = e.stdout.Write(buf.Bytes())
	} else {
		err = os.WriteFile(*output, buf.Bytes(), 0o600)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "lockstep settings dump: %v\n", err)
		return ExitFailure
	}
	return ExitOK
}
