package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// maxErrorBody bounds the body of a refused download read for its
// message.
const maxErrorBody = 64 << 10

// Tarball streams the gzip-compressed tar archive of repository
// owner/repo at ref (a branch, tag or commit), as GitHub serves it:
// repos/OWNER/REPO/tarball/REF answers with a redirect to another host,
// which is followed without the token. Failures before the archive
// starts are retried like any request; once it streams, a failure is
// the reader's. The caller closes the archive and bounds how much it
// reads: nothing here does.
//
// The error wraps ErrNotFound when GitHub answers 404 (the repository is
// deleted, empty or not visible to the token), ErrUnauthorized when it
// rejects the token, and ErrUnavailable when it kept failing or the rate
// limit stays spent beyond the client's MaxWait.
func Tarball(ctx context.Context, c *Client, owner, repo, ref string) (io.ReadCloser, error) {
	switch {
	case c == nil || c.baseURL == nil:
		return nil, errors.New("github: Tarball needs a client made by NewClient")
	case !validName(owner) || !validName(repo):
		return nil, fmt.Errorf("github: %q is not an OWNER/NAME repository", owner+"/"+repo)
	case ref == "" || ref == "." || ref == "..":
		return nil, fmt.Errorf("github: %q is not a ref of %s/%s", ref, owner, repo)
	}
	what := "downloading " + owner + "/" + repo + "@" + ref
	path := "repos/" + owner + "/" + repo + "/tarball/" + url.PathEscape(ref)
	r := &retrier{c: c, path: path}
	defer r.release()
	for {
		ok, until, _, err := r.admit(ctx)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("github: %s: %w: the API rate limit is exhausted until %s",
				what, ErrUnavailable, until.UTC().Format(time.RFC3339))
		}
		req, err := c.tarballRequest(ctx, path)
		if err != nil {
			return nil, fmt.Errorf("github: %s: %w", what, err)
		}
		resp, err := c.http.Do(req)
		r.sent(resp, err)
		if ctxErr := ctx.Err(); ctxErr != nil {
			if resp != nil {
				_ = resp.Body.Close()
			}
			return nil, ctxErr
		}
		if err == nil && resp.StatusCode == http.StatusOK {
			return resp.Body, nil
		}
		ex := &Exchange{Path: path}
		err = c.refused(ex, resp, err)
		ex.Attempts = r.attempts
		again, werr := r.again(ctx, err, ex.Header)
		if werr != nil {
			return nil, werr
		}
		if !again {
			return nil, failure(ex, what, "the repository is deleted, empty or not visible to the token, or has no "+ref)
		}
	}
}

// tarballRequest asks as go-github asks, and keeps the HTTP cache out:
// archives are the caller's to keep.
func (c *Client) tarballRequest(ctx context.Context, path string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.baseURL.String()+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.github.v3+json")
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("Cache-Control", "no-store")
	return req, nil
}

// refused records a download that did not start in ex, and returns the
// error go-github would have made of it, for judge.
func (c *Client) refused(ex *Exchange, resp *http.Response, err error) error {
	if resp == nil {
		if err == nil {
			err = errors.New("no response")
		}
		ex.Error = c.redact(err.Error())
		return err
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()
	ex.Status = resp.StatusCode
	ex.Header = keptHeaders(resp.Header, c.redact)
	ex.Body = rawJSON(c.redactBytes(body))
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err := gh.CheckResponse(resp); err != nil {
		return err
	}
	// A 2xx other than 200, or a 3xx not followed: not an archive.
	return &gh.ErrorResponse{Response: resp, Message: resp.Status}
}
