package fakegithub

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configure a Server.
type Options struct {
	// Token is what every API request must carry as "Authorization:
	// Bearer TOKEN" (or "token TOKEN"); "" lets any request through.
	Token  string
	Faults Faults
	// RateLimit is the primary rate limit per RateWindow when
	// Faults.PrimaryLimit is 0: 0 means 5000 an hour, as for a token.
	RateLimit  int
	RateWindow time.Duration
	// EmptyArchive is what asking for an empty repository's tarball
	// gives.
	EmptyArchive EmptyArchive
}

// EmptyArchive is how the server answers the tarball of an empty
// repository.
type EmptyArchive int

const (
	// EmptyNotFound means the API answers 404 Not Found.
	EmptyNotFound EmptyArchive = iota
	// EmptyInvalidRedirect means the API redirects as for any repository and
	// the codeload host answers 400 "Invalid request", as reported in
	// github/docs#11512.
	EmptyInvalidRedirect
)

// Counts are what the server saw. Metered requests are those GitHub
// counts against the rate limit: every API request answered with
// anything but 304 or 401, faults and refusals included.
type Counts struct {
	Requests     int // every request to the API host
	Metered      int
	NotModified  int // 304 answers: free
	Unauthorized int // 401 answers: not metered
	// Stray counts requests for a path the API host does not have under
	// /api/v3/, or the codeload host under /codeload/.
	Stray int

	Downloads         int   // requests to the codeload host: free
	CompleteDownloads int   // whole archives sent with 200
	DownloadBytes     int64 // bytes of archives sent
	// TokenAtCodeload counts codeload requests that carried the API
	// token in an Authorization header. It must stay 0.
	TokenAtCodeload int

	// Faults that fired.
	ServerErrors     int
	SecondaryLimited int
	PrimaryLimited   int
	Stalls           int
	Truncated        int

	// ByRoute counts metered requests by route: list, repo, tarball,
	// branch, commit, protection, rules, rulesets, ruleset, org-rulesets,
	// org-ruleset, environments, not-found.
	ByRoute map[string]int
	// ByRepo counts metered requests about each repository (listings
	// are about none).
	ByRepo map[string]int
}

// Server is the fake GitHub. Make one with Start; Close it when done.
type Server struct {
	org  *Org
	opts Options
	ts   *httptest.Server
	quit chan struct{}

	root     string // http://127.0.0.1:PORT
	api      string // root + /api/v3/
	codeload string // http://localhost:PORT

	apiMux      *http.ServeMux
	codeloadMux *http.ServeMux

	mu        sync.Mutex
	faults    Faults
	counts    Counts
	attempts  map[string]int // by fault key
	plans     map[string][]step
	downloads map[string]int // by repository and SHA, for truncations
	deleted   map[string]bool
	gone      map[string]bool
	rate      rateState
	requestID int
}

type rateState struct {
	used      int
	reset     time.Time // end of the current window
	exhausted time.Time // refusing until then
}

// Start serves org until Close.
func Start(org *Org, o Options) *Server {
	if o.RateLimit <= 0 {
		o.RateLimit = 5000
	}
	if o.RateWindow <= 0 {
		o.RateWindow = time.Hour
	}
	s := &Server{org: org, opts: o, quit: make(chan struct{})}
	s.setFaults(o.Faults)
	s.routes()
	s.ts = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.root = s.ts.URL
	s.api = s.root + "/api/v3/"
	_, port, _ := net.SplitHostPort(s.ts.Listener.Addr().String())
	s.codeload = "http://localhost:" + port
	return s
}

// URL is the API root, with its trailing slash: what a client's BaseURL
// is set to.
func (s *Server) URL() string { return s.api }

// CodeloadURL is the root of the archive host the tarball endpoint
// redirects to: the same listener under the name "localhost".
func (s *Server) CodeloadURL() string { return s.codeload }

// Close shuts the server down; stalled handlers return at once.
func (s *Server) Close() {
	close(s.quit)
	s.ts.Close()
}

// Org is the organization served.
func (s *Server) Org() *Org { return s.org }

// Stats returns a copy of the counts so far.
func (s *Server) Stats() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.counts
	c.ByRoute = maps.Clone(s.counts.ByRoute)
	c.ByRepo = maps.Clone(s.counts.ByRepo)
	return c
}

// ResetStats zeroes the counts; faults and the rate limit keep their
// state.
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = Counts{ByRoute: map[string]int{}, ByRepo: map[string]int{}}
}

// SetFaults replaces the faults and forgets which have fired, so a second
// run meets them afresh (or, with the zero Faults, meets none).
// Repositories already deleted stay deleted.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gone := s.gone
	s.setFaults(f)
	s.gone = gone
	for name := range gone {
		s.deleted[name] = true
	}
}

func (s *Server) setFaults(f Faults) {
	s.faults = f.withDefaults()
	s.attempts = map[string]int{}
	s.plans = map[string][]step{}
	s.downloads = map[string]int{}
	s.deleted = f.deletedRepos(s.org)
	s.gone = map[string]bool{}
	s.rate = rateState{}
	if s.counts.ByRoute == nil {
		s.counts = Counts{ByRoute: map[string]int{}, ByRepo: map[string]int{}}
	}
}

// Deleted names the repositories chosen by Faults.Deleted, sorted; each
// is gone once a listing page has shown it.
func (s *Server) Deleted() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.deleted))
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "localhost" {
		s.codeloadMux.ServeHTTP(w, r)
		return
	}
	s.apiMux.ServeHTTP(w, r)
}

// answer is an API response before metering decides its last headers.
type answer struct {
	status int
	header http.Header
	body   []byte
	repo   string // the repository it is about, for ByRepo
	etag   bool   // a cacheable answer: give it an ETag, honour If-None-Match
}

func jsonAnswer(status int, v any) *answer {
	b, err := json.Marshal(v)
	if err != nil {
		// Every value served is made here and marshals.
		panic(err)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	return &answer{status: status, header: h, body: b, etag: status == http.StatusOK}
}

const docsURL = "https://docs.github.com/rest"

func notFound() *answer {
	return jsonAnswer(http.StatusNotFound, map[string]string{"message": "Not Found", "documentation_url": docsURL, "status": "404"})
}

func message(status int, msg, doc string) *answer {
	return jsonAnswer(status, map[string]string{"message": msg, "documentation_url": doc, "status": strconv.Itoa(status)})
}

// serveAPI runs one API request through what GitHub does before and
// after answering it: authentication, the primary rate limit, injected
// faults, conditional requests and metering.
func (s *Server) serveAPI(route string, handle func(*http.Request) *answer) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.counts.Requests++
		if route == "stray" {
			s.counts.Stray++
		}
		s.requestID++
		reqID := fmt.Sprintf("0400:%X:%X", s.org.Seed&0xffff, s.requestID)
		s.mu.Unlock()
		w.Header().Set("X-GitHub-Request-Id", reqID)
		w.Header().Set("X-GitHub-Media-Type", "github.v3; format=json")

		if !s.authorized(r) {
			s.mu.Lock()
			s.counts.Unauthorized++
			s.mu.Unlock()
			writeAnswer(w, message(http.StatusUnauthorized, "Bad credentials", docsURL))
			return
		}
		now := time.Now()
		s.mu.Lock()
		refused := s.reserve(now)
		s.mu.Unlock()
		if refused {
			s.finish(w, r, route, s.primaryRefusal())
			return
		}
		switch s.nextStep(r, true) {
		case stepStall:
			s.stall(r)
		case stepServerError:
			s.finish(w, r, route, s.serverError(r))
			return
		case stepSecondary:
			s.finish(w, r, route, s.secondaryLimit())
			return
		}
		s.finish(w, r, route, handle(r))
	}
}

func (s *Server) authorized(r *http.Request) bool {
	if s.opts.Token == "" {
		return true
	}
	auth := r.Header.Get("Authorization")
	return auth == "Bearer "+s.opts.Token || auth == "token "+s.opts.Token
}

// reserve meters one request ahead of answering it, and reports whether
// the primary rate limit refuses it.
func (s *Server) reserve(now time.Time) bool {
	rs := &s.rate
	if !rs.exhausted.IsZero() {
		if now.Before(rs.exhausted) {
			return true
		}
		*rs = rateState{}
	}
	if rs.reset.IsZero() || !now.Before(rs.reset) {
		rs.used, rs.reset = 0, ceilSecond(now.Add(s.opts.RateWindow))
	}
	if rs.used >= s.limit() {
		rs.exhausted = rs.reset
		if s.faults.PrimaryLimit > 0 {
			rs.exhausted = ceilSecond(now.Add(s.faults.PrimaryReset))
		}
		return true
	}
	rs.used++
	return false
}

func (s *Server) limit() int {
	if s.faults.PrimaryLimit > 0 {
		return s.faults.PrimaryLimit
	}
	return s.opts.RateLimit
}

// finish writes an answer with its rate-limit headers, turning it into a
// 304 when the client already has it, and counts it.
func (s *Server) finish(w http.ResponseWriter, r *http.Request, route string, a *answer) {
	var etag string
	if a.etag {
		sum := sha256.Sum256(a.body)
		etag = `"` + hex.EncodeToString(sum[:]) + `"`
		a.header.Set("ETag", etag)
		a.header.Set("Cache-Control", "private, max-age=60, s-maxage=60")
		a.header.Set("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP")
	}
	notModified := etag != "" && matches(r.Header.Get("If-None-Match"), etag)

	s.mu.Lock()
	if notModified {
		s.counts.NotModified++
		if s.rate.exhausted.IsZero() && s.rate.used > 0 {
			s.rate.used-- // reserved, but GitHub does not count a 304
		}
	} else {
		s.counts.Metered++
		s.counts.ByRoute[route]++
		if a.repo != "" {
			s.counts.ByRepo[a.repo]++
		}
	}
	s.rateHeaders(a.header)
	s.mu.Unlock()

	if notModified {
		h := w.Header()
		for k, v := range a.header {
			if k != "Content-Type" {
				h[k] = v
			}
		}
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeAnswer(w, a)
}

func (s *Server) rateHeaders(h http.Header) {
	reset := s.rate.reset
	remaining := s.limit() - s.rate.used
	if !s.rate.exhausted.IsZero() {
		reset, remaining = s.rate.exhausted, 0
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.limit()))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(remaining, 0)))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(s.rate.used))
	h.Set("X-RateLimit-Resource", "core")
}

func writeAnswer(w http.ResponseWriter, a *answer) {
	h := w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	if a.body != nil {
		h.Set("Content-Length", strconv.Itoa(len(a.body)))
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// matches reports whether an If-None-Match header names etag; weak
// comparison, as RFC 9110 asks of If-None-Match.
func matches(header, etag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == "*" || candidate == etag {
			return true
		}
	}
	return false
}

// faultKey identifies a path for faults: the same for every retry of
// one request, different for each page of a list.
func faultKey(r *http.Request) string {
	return r.Host[:strings.IndexByte(r.Host+":", ':')] + " " + r.URL.EscapedPath() + "?" + r.URL.Query().Encode()
}

// nextStep advances the path's fault plan by one attempt.
func (s *Server) nextStep(r *http.Request, api bool) step {
	key := faultKey(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	plan, ok := s.plans[key]
	if !ok {
		plan = s.faults.plan(key, api)
		s.plans[key] = plan
	}
	n := s.attempts[key]
	s.attempts[key] = n + 1
	if n >= len(plan) {
		return stepOK
	}
	switch plan[n] {
	case stepStall:
		s.counts.Stalls++
	case stepServerError:
		s.counts.ServerErrors++
	case stepSecondary:
		s.counts.SecondaryLimited++
	}
	return plan[n]
}

// stall waits as a stuck GitHub does, until Stall passes, the client
// hangs up or the server closes.
func (s *Server) stall(r *http.Request) {
	t := time.NewTimer(s.faults.Stall)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	case <-s.quit:
	}
}

func (s *Server) serverError(r *http.Request) *answer {
	s.mu.Lock()
	n := s.attempts[faultKey(r)]
	s.mu.Unlock()
	if n%2 == 1 {
		return message(http.StatusBadGateway, "Server Error", docsURL)
	}
	return message(http.StatusServiceUnavailable, "Service Unavailable", docsURL)
}

func (s *Server) secondaryLimit() *answer {
	a := message(s.faults.SecondaryStatus,
		"You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "+
			"If you reach out to GitHub Support for help, please include the request ID 0400:FAKE.",
		"https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits")
	a.header.Set("Retry-After", strconv.Itoa(s.faults.RetryAfter))
	return a
}

func (s *Server) primaryRefusal() *answer {
	s.mu.Lock()
	s.counts.PrimaryLimited++
	s.mu.Unlock()
	return message(s.faults.PrimaryStatus,
		"API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID 0400:FAKE.",
		"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit")
}
