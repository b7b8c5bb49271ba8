package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

var (
	// ErrNotFound is returned, wrapped, for what GitHub answers 404 to:
	// it does not exist, or the token cannot see it (GitHub does not
	// tell the two apart).
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized is returned, wrapped, when GitHub rejects the token:
	// every later request would fail the same way.
	ErrUnauthorized = errors.New("GitHub rejected the token (bad credentials, expired or revoked)")
)

// maxListPages bounds a repository listing: 100,000 repositories, beyond
// the largest organizations.
const maxListPages = 1000

// OwnerKind says whether an Owner is an organization or a user, which
// GitHub lists under different paths.
type OwnerKind int

// The kinds of Owner.
const (
	Organization OwnerKind = iota + 1
	User
)

// Owner is an account whose repositories are listed.
type Owner struct {
	Kind  OwnerKind
	Login string
}

func (o Owner) String() string {
	switch o.Kind {
	case Organization:
		return "organization " + o.Login
	case User:
		return "user " + o.Login
	}
	return "account " + o.Login
}

// Repository is one repository as GitHub lists it.
type Repository struct {
	Owner         string
	Name          string
	DefaultBranch string // empty for an empty repository
	Archived      bool
	Fork          bool
	Private       bool
	PushedAt      time.Time // zero when never pushed
	Size          int64     // KiB, as GitHub estimates the git data
	// Exchange is GitHub's answer about the repository alone, status 200
	// at path repos/OWNER/NAME, for FetchOptions.Repository: the settings
	// fetch need not ask for it again.
	Exchange *Exchange
}

// FullName is OWNER/NAME.
func (r Repository) FullName() string { return r.Owner + "/" + r.Name }

type listedRepositoryJSON struct {
	Name  string `json:"name"`
	Owner struct {
		Login string `json:"login"`
	} `json:"owner"`
	DefaultBranch string    `json:"default_branch"`
	Archived      bool      `json:"archived"`
	Fork          bool      `json:"fork"`
	Private       bool      `json:"private"`
	PushedAt      time.Time `json:"pushed_at"`
	Size          int64     `json:"size"`
}

// ListRepositories lists every repository of owner that the token can
// see: for an organization all of them (type=all), for a user those it
// owns (GitHub shows only public ones under users/USER/repos). The error
// wraps ErrNotFound for an unknown owner, ErrUnauthorized for a rejected
// token and ErrUnavailable when GitHub kept failing or the rate limit
// stays spent beyond the client's MaxWait.
func ListRepositories(ctx context.Context, c *Client, owner Owner) ([]Repository, error) {
	if c == nil || c.baseURL == nil {
		return nil, errors.New("github: ListRepositories needs a client made by NewClient")
	}
	var path string
	switch {
	case !validName(owner.Login):
		return nil, fmt.Errorf("github: %q is not a GitHub account name", owner.Login)
	case owner.Kind == Organization:
		path = "orgs/" + owner.Login + "/repos?type=all&per_page=100"
	case owner.Kind == User:
		path = "users/" + owner.Login + "/repos?type=owner&per_page=100"
	default:
		return nil, fmt.Errorf("github: say whether %q is an organization or a user", owner.Login)
	}
	what := "listing the repositories of " + owner.String()
	pages, more, err := c.pages(ctx, path, maxListPages)
	if err != nil {
		return nil, err
	}
	var out []Repository
	seen := map[string]bool{}
	for _, ex := range pages {
		if !ex.OK() {
			return nil, failure(ex, what, owner.String()+" does not exist or the token cannot see it")
		}
		var items []json.RawMessage
		if err := json.Unmarshal(ex.Body, &items); err != nil {
			return nil, fmt.Errorf("github: %s: %s is not a list of repositories", what, ex.Path)
		}
		for i, item := range items {
			r, err := decodeRepository(item)
			if err != nil {
				return nil, fmt.Errorf("github: %s: item %d of %s: %w", what, i, ex.Path, err)
			}
			// A repository created while the list is read shifts the
			// pages: one may come twice.
			if key := strings.ToLower(r.FullName()); !seen[key] {
				seen[key] = true
				out = append(out, r)
			}
		}
	}
	if more {
		return nil, fmt.Errorf("github: %s: more than %d pages of repositories; list them with --repos-from", what, maxListPages)
	}
	return out, nil
}

// GetRepository reads one repository, for an audit of named
// repositories. The errors are those of ListRepositories.
func GetRepository(ctx context.Context, c *Client, owner, name string) (Repository, error) {
	if c == nil || c.baseURL == nil {
		return Repository{}, errors.New("github: GetRepository needs a client made by NewClient")
	}
	if !validName(owner) || !validName(name) {
		return Repository{}, fmt.Errorf("github: %q is not an OWNER/NAME repository", owner+"/"+name)
	}
	full := owner + "/" + name
	ex, _, err := c.get(ctx, "repos/"+full)
	if err != nil {
		return Repository{}, err
	}
	if !ex.OK() {
		return Repository{}, failure(ex, "reading repository "+full, "the repository "+full+" does not exist or the token cannot see it")
	}
	r, err := decodeRepository(ex.Body)
	if err != nil {
		return Repository{}, fmt.Errorf("github: reading repository %s: %w", full, err)
	}
	return r, nil
}

func decodeRepository(raw json.RawMessage) (Repository, error) {
	var j listedRepositoryJSON
	if err := json.Unmarshal(raw, &j); err != nil {
		return Repository{}, fmt.Errorf("not a repository: %w", err)
	}
	if !validName(j.Owner.Login) || !validName(j.Name) {
		return Repository{}, fmt.Errorf("no valid OWNER/NAME (%q)", j.Owner.Login+"/"+j.Name)
	}
	return Repository{
		Owner: j.Owner.Login, Name: j.Name, DefaultBranch: j.DefaultBranch,
		Archived: j.Archived, Fork: j.Fork, Private: j.Private, PushedAt: j.PushedAt, Size: j.Size,
		Exchange: &Exchange{Path: "repos/" + j.Owner.Login + "/" + j.Name, Status: http.StatusOK, Body: raw},
	}, nil
}

// failure turns an exchange GitHub did not answer well into an error
// for what; notFound says what a 404 means.
func failure(ex *Exchange, what, notFound string) error {
	e := message(ex)
	switch {
	case ex.Status == 0 && ex.Header["X-Ratelimit-Remaining"] == "0":
		return fmt.Errorf("github: %s: %w: the API rate limit is exhausted%s", what, ErrUnavailable, resetSuffix(ex.Header))
	case ex.Status == 0:
		return fmt.Errorf("github: %s: %w: no answer: %s", what, ErrUnavailable, ex.Error)
	case ex.Status == http.StatusUnauthorized:
		return fmt.Errorf("github: %s: %w", what, ErrUnauthorized)
	case isRateLimit(ex, e):
		return fmt.Errorf("github: %s: %w: GitHub rate-limited the requests%s", what, ErrUnavailable, resetSuffix(ex.Header))
	case ex.Status >= 500:
		return fmt.Errorf("github: %s: %w: %s", what, ErrUnavailable, explainFailure(ex))
	case ex.Status == http.StatusNotFound:
		return fmt.Errorf("github: %s: %w: %s", what, ErrNotFound, notFound)
	case e.Message != "":
		return fmt.Errorf("github: %s: HTTP %d: %s", what, ex.Status, strconv.Quote(e.Message))
	}
	return fmt.Errorf("github: %s: HTTP %d", what, ex.Status)
}
