package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// ClientOptions configure a Client.
type ClientOptions struct {
	// Token authenticates every request to BaseURL's host, and no other.
	// It never appears in errors, snapshots or anything else this package
	// produces.
	Token string
	// BaseURL is the API root: https://api.github.com/ by default,
	// https://HOST/api/v3/ for GitHub Enterprise Server. A missing
	// trailing slash is added.
	BaseURL    string
	HTTPClient *http.Client
	// MaxRetries bounds the retries of one request: 0 means 4, a negative
	// value none.
	MaxRetries int
	// MaxWait bounds the total time one request may wait between its
	// attempts, rate limits included: 0 means two minutes. A primary rate
	// limit that resets later is reported, not waited for; an audit sets
	// hours, so that it waits the limit out.
	MaxWait time.Duration
	// Sleep waits between attempts, and Now is the clock; tests inject a
	// Sleep that does not wait but advances their Now.
	Sleep func(context.Context, time.Duration) error
	Now   func() time.Time
	// OnWait, when set, is told of every wait before it begins, so that
	// the user sees why nothing happens. OnAttempt, when set, is told of
	// every request sent. Both are called from the goroutines making
	// requests, concurrently when those are.
	OnWait    func(Wait)
	OnAttempt func(Attempt)
}

// Reasons of a Wait, besides "server error NNN".
const (
	WaitPrimaryRateLimit   = "primary rate limit"
	WaitSecondaryRateLimit = "secondary rate limit"
	WaitNetworkError       = "network error"
)

// Wait is one pause between attempts.
type Wait struct {
	// Reason is WaitPrimaryRateLimit, WaitSecondaryRateLimit,
	// WaitNetworkError or "server error NNN".
	Reason string
	Delay  time.Duration
	Path   string // the request waiting, relative to the API root
}

// Attempt is one request sent to GitHub.
type Attempt struct {
	Path   string // relative to the API root
	Status int    // 0 when no answer came
	// Revalidated says the HTTP cache answered after GitHub's 304, which
	// does not count against the rate limit.
	Revalidated bool
}

// Client reads repository settings from the GitHub REST API. Make one
// with NewClient; it is safe for concurrent use.
type Client struct {
	baseURL       *url.URL
	http          *http.Client
	token         string // kept only to redact it
	authenticated bool
	maxRetries    int
	maxWait       time.Duration
	sleep         func(context.Context, time.Duration) error
	now           func() time.Time
	onWait        func(Wait)
	onAttempt     func(Attempt)

	mu sync.Mutex
	// exhaustedUntil is when the primary rate limit resets, once a request
	// met it: no request is sent before then, and after it one request
	// (the probe) goes first while the others wait for its answer.
	exhaustedUntil time.Time
	exhaustedBy    map[string]string
	probe          chan struct{} // closed when the probe has its answer
	// pausedUntil is the end of a secondary rate limit's Retry-After,
	// which every request honours.
	pausedUntil time.Time

	orgRulesets memo // organization ruleset details, by source and id
}

const (
	defaultBaseURL    = "https://api.github.com/"
	defaultMaxRetries = 4
	defaultMaxWait    = 2 * time.Minute
	userAgent         = "lockstep (+https://github.com/lockstep-lint/lockstep)"
	redacted          = "[REDACTED]"
)

// NewClient builds a Client. It refuses a base URL carrying credentials,
// and a token sent over plain HTTP to anything but this machine.
func NewClient(opts ClientOptions) (*Client, error) {
	raw := opts.BaseURL
	if raw == "" {
		raw = defaultBaseURL
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, errors.New("github: the base URL is not a URL")
	case u.User != nil:
		return nil, errors.New("github: the base URL must not carry credentials; pass a token instead")
	case u.Scheme != "https" && u.Scheme != "http", u.Host == "":
		return nil, errors.New("github: the base URL is not an http(s) URL")
	case u.Scheme == "http" && opts.Token != "" && !isLoopback(u.Hostname()):
		// The host is named so the user can tell which; a token passed
		// by mistake as the host is still kept out.
		msg := "github: refusing to send a token over plain http to " + u.Host
		return nil, errors.New((&Client{token: opts.Token}).redact(msg))
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	hc := &http.Client{}
	if opts.HTTPClient != nil {
		copied := *opts.HTTPClient
		hc = &copied
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = &tokenTransport{base: base, token: opts.Token, host: u.Host}
	c := &Client{
		baseURL:       u,
		http:          hc,
		token:         opts.Token,
		authenticated: opts.Token != "",
		maxRetries:    opts.MaxRetries,
		maxWait:       opts.MaxWait,
		sleep:         opts.Sleep,
		now:           opts.Now,
		onWait:        opts.OnWait,
		onAttempt:     opts.OnAttempt,
	}
	if c.maxRetries == 0 {
		c.maxRetries = defaultMaxRetries
	} else if c.maxRetries < 0 {
		c.maxRetries = 0
	}
	if c.maxWait <= 0 {
		c.maxWait = defaultMaxWait
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c, nil
}

// Format keeps the token out of any %v or %+v of a Client.
func (c *Client) Format(f fmt.State, _ rune) {
	base := "unconfigured"
	if c != nil && c.baseURL != nil {
		base = c.baseURL.Redacted()
	}
	_, _ = fmt.Fprintf(f, "github.Client{%s}", base)
}

// api is a go-github client for one attempt. A fresh one each time,
// because go-github remembers rate limits and refuses requests until they
// reset by the wall clock; this package's own retry loop decides waiting.
func (c *Client) api() *gh.Client {
	api := gh.NewClient(c.http)
	u := *c.baseURL
	api.BaseURL = &u
	api.UserAgent = userAgent
	return api
}

// redact removes the token from text this package keeps or returns, in
// case a server or proxy echoes it. Very short tokens are left alone:
// replacing them would mangle unrelated text and they protect nothing.
func (c *Client) redact(s string) string {
	if len(c.token) < 8 {
		return s
	}
	return strings.ReplaceAll(s, c.token, redacted)
}

func (c *Client) redactBytes(b []byte) []byte {
	if len(c.token) < 8 || !bytes.Contains(b, []byte(c.token)) {
		return b
	}
	return bytes.ReplaceAll(b, []byte(c.token), []byte(redacted))
}

// tokenTransport adds the token to requests for the API host only, so a
// redirect elsewhere never carries it.
type tokenTransport struct {
	base  http.RoundTripper
	token string
	host  string
}

func (t *tokenTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.token == "" || !strings.EqualFold(r.URL.Host, t.host) {
		return t.base.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+t.token)
	return t.base.RoundTrip(r)
}

// Format keeps the token out of any %v of the transport.
func (t *tokenTransport) Format(f fmt.State, _ rune) {
	_, _ = fmt.Fprintf(f, "tokenTransport{%s}", t.host)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// The HTTP cache's mark on an answer it gave after a 304
// (httpcache.Header, httpcache.Revalidated).
const (
	cacheHeader      = "X-Lockstep-Cache"
	cacheRevalidated = "revalidated"
)
