package github

import (
	"context"
	"errors"
	"fmt"
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
	return c.send(ctx, http.MethodGet, path, nil)
}

// send is get for any method; body, when not nil, is sent as JSON. Only
// requests that read may be sent: every attempt is retried alike.
func (c *Client) send(ctx context.Context, method, path string, body any) (ex *Exchange, next int, err error) {
	ex = &Exchange{Path: path}
	r := &retrier{c: c, path: path}
	defer r.release()
	for {
		ok, until, header, err := r.admit(ctx)
		if err != nil {
			return ex, 0, err
		}
		if !ok {
			*ex = Exchange{Path: path, Header: header, Attempts: r.attempts,
				Error: "not sent: the API rate limit is exhausted until " + until.UTC().Format(time.RFC3339)}
			return ex, 0, nil
		}
		resp, answer, err := c.once(ctx, method, path, body)
		var hr *http.Response
		if resp != nil {
			hr = resp.Response
		}
		r.sent(hr, err)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ex, 0, ctxErr
		}
		c.record(ex, resp, answer, err)
		ex.Attempts = r.attempts
		if err == nil {
			return ex, resp.NextPage, nil
		}
		again, err := r.again(ctx, err, ex.Header)
		if err != nil || !again {
			return ex, 0, err
		}
	}
}

// once makes one attempt and returns the response and its body.
func (c *Client) once(ctx context.Context, method, path string, body any) (*gh.Response, []byte, error) {
	api := c.api()
	req, err := api.NewRequest(method, path, body)
	if err != nil {
		return nil, nil, err
	}
	var answer limitedBuffer
	resp, err := api.Do(ctx, req, &answer)
	if err != nil && resp != nil && resp.Response != nil && resp.Body != nil {
		// go-github has read an error body and put it back for us.
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		return resp, b, err
	}
	return resp, answer.b, err
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

// resetMargin is added to a primary rate limit's reset, for clock skew
// between us and GitHub.
const resetMargin = time.Second

// retrier is the state of one request across its attempts.
type retrier struct {
	c        *Client
	path     string
	attempts int           // attempts sent
	waited   time.Duration // time spent waiting, against MaxWait
	// sleptFor and pausedFor are the primary reset and the secondary
	// pause this request has already waited out: a sleep that returns
	// early (a test's) must not make it wait twice.
	sleptFor, pausedFor time.Time
	// probing: this request is the one sent after a reset, which the
	// others wait for, so that they do not all meet the limit again.
	probing bool
}

// admit returns when the request may be sent. ok is false when the
// primary rate limit is exhausted until beyond what this request may
// wait; until and header say so then.
func (r *retrier) admit(ctx context.Context) (ok bool, until time.Time, header map[string]string, err error) {
	c := r.c
	for {
		c.mu.Lock()
		now := c.now()
		until, header, probe, paused := c.exhaustedUntil, c.exhaustedBy, c.probe, c.pausedUntil
		switch {
		case !until.IsZero() && now.Before(until) && r.sleptFor.Before(until):
			c.mu.Unlock()
			wait := until.Sub(now) + resetMargin
			if !r.fits(ctx, wait) {
				return false, until, header, nil
			}
			if err := r.wait(ctx, WaitPrimaryRateLimit, wait); err != nil {
				return false, until, header, err
			}
			r.sleptFor = until
		case !until.IsZero() && probe != nil:
			c.mu.Unlock()
			select {
			case <-probe:
			case <-ctx.Done():
				return false, until, header, ctx.Err()
			}
		case !until.IsZero():
			c.probe = make(chan struct{})
			r.probing = true
			c.mu.Unlock()
			return true, time.Time{}, nil, nil
		case now.Before(paused) && r.pausedFor.Before(paused):
			c.mu.Unlock()
			// Beyond the budget the request goes anyway: a secondary
			// limit has no reset to report, and GitHub's answer will say.
			if wait := paused.Sub(now); r.fits(ctx, wait) {
				if err := r.wait(ctx, WaitSecondaryRateLimit, wait); err != nil {
					return false, until, header, err
				}
			}
			r.pausedFor = paused
		default:
			c.mu.Unlock()
			return true, time.Time{}, nil, nil
		}
	}
}

// sent notes an attempt and its answer (resp nil when none came).
func (r *retrier) sent(resp *http.Response, err error) {
	r.attempts++
	c := r.c
	if c.onAttempt != nil {
		a := Attempt{Path: r.path}
		if resp != nil {
			a.Status = resp.StatusCode
			a.Revalidated = resp.Header.Get(cacheHeader) == cacheRevalidated
		}
		c.onAttempt(a)
	}
	if !r.probing {
		return
	}
	r.probing = false
	c.mu.Lock()
	defer c.mu.Unlock()
	// The probe's answer settles the exhaustion: still spent until a new
	// reset, or available again.
	if reset := judge(err, 0, c.now()).reset; !reset.IsZero() {
		c.exhaustedUntil = reset
	} else {
		c.exhaustedUntil, c.exhaustedBy = time.Time{}, nil
	}
	close(c.probe)
	c.probe = nil
}

// release lets another request probe when this one ends before its
// probe was sent.
func (r *retrier) release() {
	if !r.probing {
		return
	}
	r.probing = false
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	close(r.c.probe)
	r.c.probe = nil
}

// again reports whether a failed attempt is worth another, having waited
// as GitHub asks. header is the failed answer's kept headers.
func (r *retrier) again(ctx context.Context, err error, header map[string]string) (bool, error) {
	c := r.c
	v := judge(err, r.attempts-1, c.now())
	if !v.reset.IsZero() {
		// Every request of this client waits for the reset, this one too.
		c.exhaust(v.reset, header)
	}
	if !v.retry || r.attempts > c.maxRetries || !r.fits(ctx, v.wait) {
		return false, nil
	}
	switch {
	case !v.reset.IsZero():
		return true, nil // admit waits for the reset
	case v.pause:
		until := c.now().Add(v.wait)
		c.pause(until)
		r.pausedFor = until
	}
	return true, r.wait(ctx, v.reason, v.wait)
}

func (r *retrier) fits(ctx context.Context, wait time.Duration) bool {
	return r.waited+wait <= r.c.maxWait && !beyondDeadline(ctx, wait)
}

func (r *retrier) wait(ctx context.Context, reason string, d time.Duration) error {
	if r.c.onWait != nil {
		r.c.onWait(Wait{Reason: reason, Delay: d, Path: r.path})
	}
	r.waited += d
	return r.c.sleep(ctx, d)
}

// verdict is what to do after a failed attempt.
type verdict struct {
	retry  bool
	wait   time.Duration
	reason string    // for Wait.Reason
	reset  time.Time // a primary rate limit's reset: every request waits for it
	pause  bool      // a secondary rate limit: every request waits
}

// judge decides whether a failed attempt is worth another, and after how
// long.
func judge(err error, attempt int, now time.Time) verdict {
	var primary *gh.RateLimitError
	var secondary *gh.AbuseRateLimitError
	var apiErr *gh.ErrorResponse
	switch {
	case err == nil:
		return verdict{}
	case errors.As(err, &primary):
		reset := primary.Rate.Reset.Time
		if reset.IsZero() {
			return verdict{retry: true, wait: time.Minute, reason: WaitPrimaryRateLimit}
		}
		return verdict{retry: true, wait: max(reset.Sub(now)+resetMargin, 0), reason: WaitPrimaryRateLimit, reset: reset}
	case errors.As(err, &secondary):
		if secondary.RetryAfter != nil && *secondary.RetryAfter > 0 {
			return verdict{retry: true, wait: *secondary.RetryAfter, reason: WaitSecondaryRateLimit, pause: true}
		}
		// GitHub asks for at least a minute when it gives no time.
		return verdict{retry: true, wait: time.Minute, reason: WaitSecondaryRateLimit, pause: true}
	case errors.As(err, &apiErr) && apiErr.Response != nil:
		switch status := apiErr.Response.StatusCode; {
		case status == http.StatusTooManyRequests:
			// go-github v60 does not recognise 429; read its headers here.
			v := verdict{retry: true, wait: time.Minute, reason: WaitSecondaryRateLimit, pause: true}
			if d, ok := retryAfterHeader(apiErr.Response.Header, now); ok {
				v.wait = d
			}
			return v
		case status >= 500:
			return verdict{retry: true, wait: backoff(attempt), reason: fmt.Sprintf("server error %d", status)}
		}
		return verdict{}
	case errors.Is(err, errBodyTooLarge), errors.Is(err, context.Canceled):
		return verdict{}
	}
	// A deadline passed while the caller's context is alive (the callers
	// look at it first) is the HTTP client's timeout: a stalled server,
	// as worth another attempt as a reset connection.
	// No HTTP answer at all: a network failure.
	return verdict{retry: true, wait: backoff(attempt), reason: WaitNetworkError}
}

// retryAfterHeader reads Retry-After (seconds or an HTTP date), falling
// back to X-RateLimit-Reset when the limit is spent.
func retryAfterHeader(h http.Header, now time.Time) (time.Duration, bool) {
	if v := h.Get("Retry-After"); v != "" {
		if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second, true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(now), 0), true
		}
	}
	if h.Get("X-RateLimit-Remaining") == "0" {
		if secs, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			return max(time.Unix(secs, 0).Sub(now)+resetMargin, 0), true
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

// beyondDeadline reads the real clock: a context's deadline is real time.
func beyondDeadline(ctx context.Context, wait time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < wait
}

func (c *Client) exhaust(until time.Time, header map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if until.After(c.exhaustedUntil) {
		c.exhaustedUntil, c.exhaustedBy = until, header
	}
}

func (c *Client) pause(until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if until.After(c.pausedUntil) {
		c.pausedUntil = until
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
