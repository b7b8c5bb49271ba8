package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
	"github.com/lockstep-lint/lockstep/rules/repo/github/httpcache"
	"github.com/lockstep-lint/lockstep/rules/repo/tarfs"
)

// GitHubOptions configure the GitHub source of an audit.
type GitHubOptions struct {
	Token   string
	BaseURL string // the API root; "" is github.com
	// Target is "org:NAME" or "user:NAME", or "repos-from:..." with
	// Repositories listing OWNER/NAME.
	Target       string
	Repositories []string
	// CacheDir holds the HTTP cache (http/) and the archives (archives/);
	// "" caches nothing.
	CacheDir string
	// MaxArchive bounds a repository's uncompressed archive; 0 is
	// tarfs's default.
	MaxArchive int64
	// Waiter hears of every wait for GitHub; nil hears nothing.
	Waiter Waiter
	// HTTPClient, Sleep and MaxWait are for tests: a transport with
	// timeouts, waits that do not wait. MaxWait 0 means six hours, so a
	// spent primary rate limit is waited out, not given up on.
	HTTPClient *http.Client
	Sleep      func(context.Context, time.Duration) error
	MaxWait    time.Duration
	// NoGraphQL asks classic protection of each repository over REST,
	// as without a token; tests compare the two ways.
	NoGraphQL bool
}

// GitHub is the audit's Source over the GitHub REST API.
type GitHub struct {
	o        GitHubOptions
	client   *github.Client
	archives string // "" when archives are not cached
	memo     string // "" when nothing is remembered between audits
	apiHost  string

	requests, notModified, cachedArchives, retries, waits atomic.Int64
	waited                                                atomic.Int64 // ns

	// batchOf is each repository's batch (Prepare), in which its classic
	// protection is asked through GraphQL.
	batchOf map[string]*protectionBatch
}

// archiveAttempts bounds the downloads of one archive that arrive
// truncated or corrupt before the repository is recorded as failed.
const archiveAttempts = 3

// NewGitHub builds the source. The token goes only to the API host.
func NewGitHub(o GitHubOptions) (*GitHub, error) {
	g := &GitHub{o: o}
	hc := &http.Client{}
	if o.HTTPClient != nil {
		copied := *o.HTTPClient
		hc = &copied
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	// The counter sits under the cache, where GitHub's own answers pass:
	// a 304 there is a request GitHub did not count.
	var rt http.RoundTripper = &counter{base: base, g: g}
	if o.CacheDir != "" {
		cache, err := httpcache.New(filepath.Join(o.CacheDir, "http"), rt)
		if err != nil {
			return nil, err
		}
		rt = cache
		g.archives = filepath.Join(o.CacheDir, "archives")
		g.memo = filepath.Join(o.CacheDir, "unprotected")
		for _, dir := range []string{g.archives, g.memo} {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, err
			}
		}
	}
	hc.Transport = rt
	maxWait := o.MaxWait
	if maxWait == 0 {
		maxWait = 6 * time.Hour
	}
	c, err := github.NewClient(github.ClientOptions{
		// A download passes two hosts, each of which may fail in bursts:
		// an audit that runs for hours retries more than one check does.
		Token: o.Token, BaseURL: o.BaseURL, HTTPClient: hc, MaxWait: maxWait, Sleep: o.Sleep, MaxRetries: 8,
		OnWait: g.onWait,
	})
	if err != nil {
		return nil, err
	}
	g.client = c
	api, _ := url.Parse(g.API())
	g.apiHost = api.Host
	return g, nil
}

// API is the API root asked.
func (g *GitHub) API() string {
	if g.o.BaseURL == "" {
		return "https://api.github.com/"
	}
	return strings.TrimSuffix(g.o.BaseURL, "/") + "/"
}

// Stats is what the audit has cost so far.
func (g *GitHub) Stats() record.Stats {
	return record.Stats{
		Requests: int(g.requests.Load()), NotModified: int(g.notModified.Load()),
		CachedArchives: int(g.cachedArchives.Load()), Retries: int(g.retries.Load()),
		RateLimitWaits: int(g.waits.Load()), RateLimitWaited: time.Duration(g.waited.Load()),
	}
}

func (g *GitHub) onWait(w github.Wait) {
	g.retries.Add(1)
	if strings.Contains(w.Reason, "rate limit") {
		g.waits.Add(1)
		g.waited.Add(int64(w.Delay))
	}
	if g.o.Waiter != nil {
		g.o.Waiter.Waiting(w.Reason, w.Delay)
	}
}

// Repositories lists the target's repositories.
func (g *GitHub) Repositories(ctx context.Context) ([]Repository, error) {
	kind, name, _ := strings.Cut(g.o.Target, ":")
	var owner github.Owner
	switch kind {
	case "org":
		owner = github.Owner{Kind: github.Organization, Login: name}
	case "user":
		owner = github.Owner{Kind: github.User, Login: name}
	case "repos-from":
		return g.named(ctx)
	default:
		return nil, fmt.Errorf("audit: unknown target %q", g.o.Target)
	}
	list, err := github.ListRepositories(ctx, g.client, owner)
	if err != nil {
		return nil, err
	}
	out := make([]Repository, len(list))
	for i, r := range list {
		out[i] = Repository{Repository: r}
	}
	return out, nil
}

// named reads the repositories of a --repos-from list one by one; one
// that cannot be read is kept, to be recorded as failed.
func (g *GitHub) named(ctx context.Context) ([]Repository, error) {
	var out []Repository
	for _, full := range g.o.Repositories {
		owner, name, _ := github.SplitRepo(full)
		r, err := github.GetRepository(ctx, g.client, owner, name)
		switch {
		case errors.Is(err, github.ErrNotFound):
			out = append(out, Repository{
				Repository: github.Repository{Owner: owner, Name: name},
				Unreadable: "not found: it does not exist, or the token cannot see it",
			})
		case err != nil:
			return nil, err
		default:
			out = append(out, Repository{Repository: r})
		}
	}
	return out, nil
}

// Contents is the default branch's tree, from the archive cache when the
// repository has not been pushed to since it was kept.
func (g *GitHub) Contents(ctx context.Context, r Repository) (fs.FS, error) {
	kept := g.archivePath(r)
	if kept != "" {
		if fsys, err := g.readKept(kept); err == nil {
			g.cachedArchives.Add(1)
			return fsys, nil
		}
		// An archive that failed for good fails the same way until the
		// next push: no need to download it again to learn that.
		if reason, err := os.ReadFile(kept + ".failed"); err == nil && len(reason) > 0 {
			g.cachedArchives.Add(1)
			return nil, Failf(nil, "%s", reason)
		}
	}
	fsys, err := g.fetchArchive(ctx, r, kept)
	var f *Failure
	// "Not found" is not remembered: the repository may be visible again
	// to the next audit's token.
	if kept != "" && errors.As(err, &f) && !errors.Is(err, github.ErrNotFound) {
		_ = WriteFile(kept+".failed", []byte(f.Reason))
	}
	return fsys, err
}

func (g *GitHub) fetchArchive(ctx context.Context, r Repository, kept string) (fs.FS, error) {
	var lastErr error
	for attempt := 0; attempt < archiveAttempts; attempt++ {
		fsys, err := g.download(ctx, r, kept)
		switch {
		case err == nil:
			return fsys, nil
		case errors.Is(err, io.ErrUnexpectedEOF) && ctx.Err() == nil:
			lastErr = err // a transfer cut short: ask again
			continue
		case errors.Is(err, tarfs.ErrCorrupt) && ctx.Err() == nil:
			return nil, Failf(err, "the repository archive is corrupt: %s", corruptCause(err))
		}
		return nil, err
	}
	return nil, Failf(lastErr, "the repository archive is corrupt: %s, downloaded %d times", corruptCause(lastErr), archiveAttempts)
}

// corruptCause is what went wrong in an archive without where: reasons
// are grouped in the report, and the member names are the repository's
// own. "gzip: invalid header", "unexpected EOF".
func corruptCause(err error) string {
	cause := err
	for {
		var next error
		// The chain is walked by hand: its innermost error is wanted, not
		// whether it holds a given one.
		switch u := cause.(type) { //nolint:errorlint // see above
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if e != tarfs.ErrCorrupt { //nolint:errorlint // the sentinel itself, as wrapped
					next = e
				}
			}
		case interface{ Unwrap() error }:
			next = u.Unwrap()
		}
		if next == nil {
			break
		}
		cause = next
	}
	if cause == tarfs.ErrCorrupt { //nolint:errorlint // the innermost error is the sentinel
		// No cause below it: the message after ErrCorrupt's own says it.
		return strings.TrimPrefix(err.Error(), tarfs.ErrCorrupt.Error()+": ")
	}
	return cause.Error()
}

func (g *GitHub) download(ctx context.Context, r Repository, kept string) (fs.FS, error) {
	body, err := github.Tarball(ctx, g.client, r.Owner, r.Name, r.DefaultBranch)
	switch {
	case errors.Is(err, github.ErrNotFound) && r.Size == 0:
		return nil, Failf(nil, "the repository is empty") // remembered until a push
	case errors.Is(err, github.ErrNotFound):
		return nil, Failf(err, "not found: deleted since it was listed, or not visible to the token")
	case errors.Is(err, github.ErrUnauthorized):
		return nil, fmt.Errorf("%w: %w", ErrStop, err)
	case err != nil:
		return nil, err
	}
	defer func() { _ = body.Close() }()
	var in io.Reader = body
	var tmp *os.File
	if kept != "" {
		if tmp, err = os.CreateTemp(g.archives, ".download-*"); err == nil {
			defer func() { _ = os.Remove(tmp.Name()) }()
			in = io.TeeReader(body, tmp)
		}
	}
	fsys, err := tarfs.ReadTarGz(in, tarfs.Options{Limits: tarfs.Limits{MaxBytes: g.o.MaxArchive}})
	if tmp != nil {
		if cerr := tmp.Close(); err == nil && cerr == nil {
			// A kept archive that cannot be written costs a download
			// next time, nothing else.
			_ = os.Rename(tmp.Name(), kept)
		}
	}
	switch {
	case errors.Is(err, tarfs.ErrTooLarge):
		return nil, Failf(err, "the repository archive is larger than the limit (--max-archive-size %d MiB)", g.maxArchiveMiB())
	case err != nil && ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil:
		return nil, err
	}
	return fsys, nil
}

func (g *GitHub) maxArchiveMiB() int64 {
	if g.o.MaxArchive > 0 {
		return g.o.MaxArchive >> 20
	}
	return tarfs.DefaultLimits.MaxBytes >> 20
}

// archivePath is where the archive of r's default branch as last pushed
// is kept, or "" when archives are not cached. The push time stands for
// the content: GitHub moves it on every push, so an unchanged repository
// costs no download at all, where a conditional request on the archive
// would still cost one.
func (g *GitHub) archivePath(r Repository) string {
	if g.archives == "" || r.PushedAt.IsZero() {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s", g.API(), strings.ToLower(r.FullName()), r.DefaultBranch, r.PushedAt.UTC().Format(time.RFC3339Nano))
	return filepath.Join(g.archives, hex.EncodeToString(h.Sum(nil))+".tar.gz")
}

func (g *GitHub) readKept(name string) (fs.FS, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	fsys, err := tarfs.ReadTarGz(f, tarfs.Options{Limits: tarfs.Limits{MaxBytes: g.o.MaxArchive}})
	if err != nil {
		_ = os.Remove(name) // damaged: download it again
		return nil, err
	}
	return fsys, nil
}

// Prepare groups the repositories whose settings will be read into
// batches of github.ProtectionBatch, in the order they will be read, for
// their classic protection to be asked through GraphQL a batch at a time.
func (g *GitHub) Prepare(repos []Repository) {
	g.batchOf = map[string]*protectionBatch{}
	if g.o.NoGraphQL {
		return // without a token, github.ClassicProtections asks nothing
	}
	var b *protectionBatch
	for _, r := range repos {
		if r.DefaultBranch == "" || r.Unreadable != "" {
			continue
		}
		if b == nil || len(b.refs) == github.ProtectionBatch {
			b = &protectionBatch{}
		}
		b.refs = append(b.refs, refOf(r))
		g.batchOf[strings.ToLower(r.FullName())] = b
	}
}

func refOf(r Repository) github.BranchRef {
	return github.BranchRef{Owner: r.Owner, Repo: r.Name, Branch: r.DefaultBranch}
}

// protectionBatch is one GraphQL request's worth of repositories.
type protectionBatch struct {
	mu      sync.Mutex // held while asking, so that the batch asks once
	refs    []github.BranchRef
	asked   bool
	answers map[github.BranchRef]*github.Exchange
}

// protection is GraphQL's answer about r's classic protection, asked
// with r's batch the first time one of them needs it; nil when GraphQL
// did not answer plainly, and the REST API is to be asked.
func (g *GitHub) protection(ctx context.Context, r Repository) *github.Exchange {
	b := g.batchOf[strings.ToLower(r.FullName())]
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.asked {
		answers, err := github.ClassicProtections(ctx, g.client, b.refs)
		if err != nil {
			return nil // the audit is ending
		}
		b.answers, b.asked = answers, true
	}
	ref := refOf(r)
	ex := b.answers[ref]
	delete(b.answers, ref) // read once: a resumed or repeated read asks again
	return ex
}

// Settings reads r's settings: the classic protection of its default
// branch and the rules that apply to it, environments when its
// workflows deploy to some. Classic protection comes from GraphQL with
// the batch of r (Prepare) when it can. Else a first audit asks classic
// protection first (organization rulesets often protect every branch,
// so asking the branch first would cost most repositories a request) and
// the branch only when classic protection is absent, to remember for
// the next.
func (g *GitHub) Settings(ctx context.Context, r Repository, environments bool) (*github.Settings, error) {
	o := github.FetchOptions{Repository: r.Exchange, Environments: environments, Protection: g.protection(ctx, r)}
	memo := g.memoPath(r)
	if o.Protection != nil && memo != "" {
		// Nothing to remember, as the next audit asks GraphQL again; but a
		// memo of no protection, should GraphQL fail then, is now wrong.
		if o.Protection.OK() {
			_ = os.Remove(memo)
		}
		memo = ""
	}
	if memo != "" {
		if known, err := os.ReadFile(memo); err == nil {
			o.BranchFirst = true
			o.Unprotected = func(b *github.Exchange) bool { return bodyDigest(b) == string(known) }
		} else {
			o.BranchIfUnprotected = true
		}
	}
	snap, err := github.FetchWith(ctx, g.client, r.Owner, r.Name, o)
	if err != nil {
		return nil, err
	}
	if rejected(snap) {
		return nil, fmt.Errorf("%w: reading the settings of %s: %w", ErrStop, r.FullName(), github.ErrUnauthorized)
	}
	if memo != "" {
		switch {
		case github.NotProtected(snap.Protection) && snap.Branch.OK():
			_ = WriteFile(memo, []byte(bodyDigest(snap.Branch)))
		case snap.Protection.OK():
			_ = os.Remove(memo)
		}
	}
	return github.FromSnapshot(snap)
}

// memoPath is where the audit remembers that r's default branch had no
// classic protection, as of which answer about the branch: GitHub's "not
// protected" is a 404, which no cache can revalidate, where the branch's
// own answer is a 200 a re-audit revalidates for free.
func (g *GitHub) memoPath(r Repository) string {
	if g.memo == "" {
		return ""
	}
	h := sha256.Sum256([]byte(g.API() + "\x00" + strings.ToLower(r.FullName()) + "\x00" + r.DefaultBranch))
	return filepath.Join(g.memo, hex.EncodeToString(h[:]))
}

func bodyDigest(ex *github.Exchange) string {
	h := sha256.Sum256(ex.Body)
	return hex.EncodeToString(h[:])
}

// rejected reports a snapshot in which GitHub rejected the token: its
// gaps would blame permissions when the token has expired.
func rejected(s *github.Snapshot) bool {
	all := append([]*github.Exchange{s.Repository, s.Branch, s.Protection}, s.Rules...)
	all = append(append(append(all, s.Rulesets...), s.RulesetDetails...), s.Environments...)
	for _, ex := range all {
		if ex != nil && ex.Status == http.StatusUnauthorized {
			return true
		}
	}
	return false
}

// counter counts GitHub's answers on the API host: a 304 is free, every
// other answer is one request against the rate limit. Downloads from the
// archive host are not counted, as GitHub does not count them.
type counter struct {
	base http.RoundTripper
	g    *GitHub
}

func (c *counter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(req)
	if err != nil || !strings.EqualFold(req.URL.Host, c.g.apiHost) {
		return resp, err
	}
	if resp.StatusCode == http.StatusNotModified {
		c.g.notModified.Add(1)
	} else {
		c.g.requests.Add(1)
	}
	return resp, nil
}
