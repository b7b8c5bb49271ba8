package github

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Errors of RepoFromGitConfig.
var (
	ErrNoGitRepository = errors.New("not inside a git repository")
	ErrNoOrigin        = errors.New("the git repository has no origin remote")
)

// maxGitFile bounds what is read of .git, config and commondir files.
const maxGitFile = 1 << 20

// RepoFromGitConfig finds the GitHub repository a checkout comes from: it
// walks up from dir to the nearest .git (a directory, or the file a
// worktree or submodule has), reads its config, and parses the URL of the
// origin remote (https, ssh://, or scp-like git@host:owner/repo.git). It
// runs no git command.
func RepoFromGitConfig(dir string) (owner, repo string, err error) {
	gitDir, err := findGitDir(dir)
	if err != nil {
		return "", "", err
	}
	data, err := readBounded(filepath.Join(gitDir, "config"))
	if err != nil {
		return "", "", fmt.Errorf("github: reading git config: %w", err)
	}
	raw, ok := originURL(data)
	if !ok {
		return "", "", ErrNoOrigin
	}
	return ownerRepoFromURL(raw)
}

// findGitDir returns the directory holding the config: the .git directory,
// or for a linked worktree the common directory its commondir names.
func findGitDir(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, ".git")
		info, err := os.Stat(candidate)
		switch {
		case err == nil && info.IsDir():
			return candidate, nil
		case err == nil && info.Mode().IsRegular():
			return gitDirFromFile(candidate)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoGitRepository
		}
		dir = parent
	}
}

// gitDirFromFile follows a "gitdir: PATH" file, then the worktree's
// commondir, where the shared config lives.
func gitDirFromFile(file string) (string, error) {
	data, err := readBounded(file)
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(data), "\n")
	target, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
	if !ok {
		return "", fmt.Errorf("github: %s is not a gitdir file", file)
	}
	gitDir := strings.TrimSpace(target)
	if !filepath.IsAbs(gitDir) {
		gitDir = filepath.Join(filepath.Dir(file), gitDir)
	}
	if common, err := readBounded(filepath.Join(gitDir, "commondir")); err == nil {
		c := strings.TrimSpace(string(common))
		if !filepath.IsAbs(c) {
			c = filepath.Join(gitDir, c)
		}
		return filepath.Clean(c), nil
	}
	return gitDir, nil
}

// originURL reads remote.origin.url from a git config file: the last
// value wins, as in git. Sections and keys are case-insensitive, the
// subsection ("origin") is not.
func originURL(data []byte) (string, bool) {
	var inOrigin bool
	var found string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxGitFile)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				inOrigin = false
				continue
			}
			section, sub, _ := strings.Cut(line[1:end], " ")
			inOrigin = strings.EqualFold(section, "remote") && strings.Trim(strings.TrimSpace(sub), `"`) == "origin"
			line = strings.TrimSpace(line[end+1:])
			if line == "" {
				continue
			}
		}
		if !inOrigin {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if ok && strings.EqualFold(strings.TrimSpace(key), "url") {
			found = configValue(value)
		}
	}
	return found, found != ""
}

// configValue strips a git config value of comments and quotes.
func configValue(v string) string {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"':
			quoted = !quoted
		case c == '\\' && i+1 < len(v):
			i++
			b.WriteByte(v[i])
		case (c == '#' || c == ';') && !quoted:
			return strings.TrimSpace(b.String())
		default:
			b.WriteByte(c)
		}
	}
	return strings.TrimSpace(b.String())
}

// ownerRepoFromURL parses https://host/o/r(.git), ssh://[user@]host[:port]/o/r,
// git://host/o/r and scp-like [user@]host:o/r. Credentials in the URL
// never reach an error message.
func ownerRepoFromURL(raw string) (owner, repo string, err error) {
	var path string
	if strings.Contains(raw, "://") {
		u, perr := url.Parse(raw)
		if perr != nil {
			return "", "", errors.New("github: the origin remote URL cannot be parsed")
		}
		path = u.Path
	} else {
		hostPath := raw
		if slash := strings.IndexByte(hostPath, '/'); slash >= 0 {
			if at := strings.LastIndexByte(hostPath[:slash], '@'); at >= 0 {
				hostPath = hostPath[at+1:]
			}
		}
		colon := strings.IndexByte(hostPath, ':')
		if colon <= 0 || strings.ContainsAny(hostPath[:colon], "/\\") {
			return "", "", fmt.Errorf("github: the origin remote %q is a local path, not a GitHub repository", displayRemote(raw))
		}
		path = hostPath[colon+1:]
	}
	path = strings.TrimSuffix(strings.Trim(path, "/"), ".git")
	parts := strings.Split(path, "/")
	if len(parts) != 2 || !validName(parts[0]) || !validName(parts[1]) {
		return "", "", fmt.Errorf("github: the origin remote %q does not name an OWNER/REPO repository", displayRemote(raw))
	}
	return parts[0], parts[1], nil
}

// displayRemote is a remote URL without whatever precedes the host, which
// may be a token.
func displayRemote(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Scheme != "" && u.Host != "" {
		u.User = nil
		return u.String()
	}
	if at := strings.LastIndexByte(raw, '@'); at >= 0 {
		return raw[at+1:]
	}
	return raw
}

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read-only: nothing to lose
	data, err := io.ReadAll(io.LimitReader(f, maxGitFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxGitFile {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, maxGitFile)
	}
	return data, nil
}

// SplitRepo reads an OWNER/NAME repository reference, as the
// --github-repo flag and the plugin's github-repo setting take it.
func SplitRepo(s string) (owner, repo string, ok bool) {
	owner, repo, ok = strings.Cut(s, "/")
	if !ok || owner == "" || repo == "" || strings.Contains(repo, "/") {
		return "", "", false
	}
	return owner, repo, true
}
