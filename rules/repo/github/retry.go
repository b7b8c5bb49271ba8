package github

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// maxBody bounds one response body; settings responses are a few KiB.
const maxBody = 16 << 20

var errBodyTooLarge = errors.New("response body exceeds 16 MiB")

// get sends GET path, retrying what is worth retrying within the
// client's bounds, and records GitHub's final answer. next is the next
// page, or 0. The error is non-nil only when ctx ends.
func (c *Client) get(ctx context.Context, path string) (ex *Exchange, next int, err error) {
	ex = &Exchange{Path: path}
	var waited time.Duration
	for attempt := 0; ; attempt++ {
		if until, header := c.exhausted(); !until.IsZero() {
			*ex = Exchange{Path: path, Header: header, Attempts: attempt,
				Error: "not sent: the API rate limit is exhausted until " + until.UTC().Format(time.RFC3339)}
			return ex, 0, nil
		}
		resp, body, err := c.once(ctx, path)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ex, 0, ctxErr
		}
		c.record(ex, resp, body, err)
		ex.Attempts = attempt + 1
		if err == nil {
			return ex, resp.NextPage, nil
		}
		wait, retry, reset := retryAfter(err, attempt)
		if !retry || attempt >= c.maxRetries || waited+wait > c.maxWait || beyondDeadline(ctx, wait) {
			if !reset.IsZero() {
				c.exhaust(reset, ex.Header)
			}
			return ex, 0, nil
		}
		if err := c.sleep(ctx, wait); err != nil {
			return ex, 0, err
		}
		waited += wait
	}
}

// once makes one attempt and returns the response and its body.
func (c *Client) once(ctx context.Context, path string) (*gh.Response, []byte, error) {
	api := c.api()
	req, err := api.NewRequest(http.MethodGet, path, nil)
	if err != nil {
		return nil, nil, err
	}
	var body limitedBuffer
	resp, err := api.Do(ctx, req, &body)
	if err != nil && resp != nil && resp.Response != nil && resp.Body != nil {
		// go-github has read an error body and put it back for us.
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		return resp, b, err
	}
	return resp, body.b, err
}

// record stores what GitHub answered, without the token.
func (c *Client) record(ex *Exchange, resp *gh.Response, body []byte, err error) {
	*ex = Exchange{Path: ex.Path}
	if resp != nil && resp.Response != nil {
		ex.Status = resp.StatusCode
		ex.Header = keptHeaders(resp.Header, c.redact)
	}
	if ex.Status == 0 && err != nil {
		ex.Error = c.redact(err.Error())
	}
	if errors.Is(err, errBodyTooLarge) {
		ex.Error = errBodyTooLarge.Error()
		return
	}
	ex.Body = rawJSON(c.redactBytes(body))
}

// retryAfter decides whether a failed attempt is worth another, and after
// how long. reset is set for an exhausted primary rate limit.
func retryAfter(err error, attempt int) (wait time.Duration, retry bool, reset time.Time) {
	var primary *gh.RateLimitError
	var secondary *gh.AbuseRateLimitError
	var apiErr *gh.ErrorResponse
	switch {
	case errors.As(err, &primary):
		reset = primary.Rate.Reset.Time
		if reset.IsZero() {
			return time.Minute, true, time.Time{}
		}
		// A second of margin for clock skew between us and GitHub.
		return max(time.Until(reset)+time.Second, 0), true, reset
	case errors.As(err, &secondary):
		if secondary.RetryAfter != nil && *secondary.RetryAfter > 0 {
			return *secondary.RetryAfter, true, time.Time{}
		}
		// GitHub asks for at least a minute when it gives no time.
		return time.Minute, true, time.Time{}
	case errors.As(err, &apiErr) && apiErr.Response != nil:
		switch status := apiErr.Response.StatusCode; {
		case status == http.StatusTooManyRequests:
			// go-github v60 does not recognise 429; read its headers here.
			if d, ok := retryAfterHeader(apiErr.Response.Header); ok {
				return d, true, time.Time{}
			}
			return time.Minute, true, time.Time{}
		case status >= 500:
			return backoff(attempt), true, time.Time{}
		}
		return 0, false, time.Time{}
	case errors.Is(err, errBodyTooLarge):
		return 0, false, time.Time{}
	}
	// No HTTP answer at all: a network failure.
	return backoff(attempt), true, time.Time{}
}

// retryAfterHeader reads Retry-After (seconds or an HTTP date), falling
// back to X-RateLimit-Reset when the limit is spent.
func retryAfterHeader(h http.Header) (time.Duration, bool) {
	if v := h.Get("Retry-After"); v != "" {
		if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second, true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(time.Until(t), 0), true
		}
	}
	if h.Get("X-RateLimit-Remaining") == "0" {
		if secs, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			return max(time.Until(time.Unix(secs, 0))+time.Second, 0), true
		}
	}
	return 0, false
}

// backoff is exponential from one second, capped at thirty, with equal
// jitter so that many clients failing together do not retry together.
func backoff(attempt int) time.Duration {
	d := time.Second << min(attempt, 5)
	d = min(d, 30*time.Second)
	return d/2 + rand.N(d/2+1)
}

func beyondDeadline(ctx context.Context, wait time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < wait
}

func (c *Client) exhausted() (time.Time, map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.exhaustedUntil.IsZero() || !time.Now().Before(c.exhaustedUntil) {
		return time.Time{}, nil
	}
	return c.exhaustedUntil, c.exhaustedBy
}

func (c *Client) exhaust(until time.Time, header map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if until.After(c.exhaustedUntil) {
		c.exhaustedUntil, c.exhaustedBy = until, header
	}
}

// limitedBuffer collects a response body up to maxBody.
type limitedBuffer struct{ b []byte }

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if len(l.b)+len(p) > maxBody {
		return 0, errBodyTooLarge
	}
	l.b = append(l.b, p...)
	return len(p), nil
}
