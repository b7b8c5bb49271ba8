package audit_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit"
	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/fakegithub"
	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
)

const token = "ghp_FAKEtoken0123456789abcdefSECRET"

// orgSize is the generated organization's size: the 1,000, or
// fewer under the race detector, which makes every repository ten times
// slower to check and adds nothing a smaller organization does not show.
func orgSize() int {
	if raceEnabled || testing.Short() {
		return 150
	}
	return 1000
}

type auditRun struct {
	res    *audit.Result
	stats  record.Stats
	server fakegithub.Counts
	lines  []string // the results file, sorted
}

type runOpts struct {
	cache  string
	out    string
	resume bool
	shard  record.Shard
	ctx    context.Context
	// stopAfter cancels the run after that many repositories are recorded.
	stopAfter int
	// revokeAfter, when set, makes the token stop working after that many
	// requests, as when it expires during an audit.
	revokeAfter int
	// noGraphQL asks classic protection over REST alone.
	noGraphQL bool
}

func auditFake(t testing.TB, srv *fakegithub.Server, o runOpts) auditRun {
	t.Helper()
	if o.out == "" {
		o.out = t.TempDir()
	}
	if o.shard.Count == 0 {
		o.shard.Count = 1
	}
	ctx := o.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv.ResetStats()
	hc := &http.Client{Timeout: 2 * time.Second}
	if o.revokeAfter > 0 {
		hc.Transport = &revoking{left: o.revokeAfter}
	}
	src, err := audit.NewGitHub(audit.GitHubOptions{
		Token: token, BaseURL: srv.URL(), Target: "org:acme", CacheDir: o.cache,
		MaxArchive: 8 << 20, HTTPClient: hc, NoGraphQL: o.noGraphQL,
	})
	if err != nil {
		t.Fatal(err)
	}
	opts := audit.Options{Jobs: 8, Shard: o.shard}
	if o.stopAfter > 0 {
		opts.Observer = &stopAfter{n: o.stopAfter, cancel: cancel}
	} else {
		opts.Observer = testLog{t}
	}
	repos, err := src.Repositories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sel := audit.Select(repos, &opts)
	run := record.Run{Version: record.Version, Target: "org:acme", API: src.API(), Options: opts.OptionsDigest(),
		Shard: o.shard, Repositories: len(sel)}
	st, err := audit.OpenStore(o.out, run, o.resume)
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Run(ctx, src, sel, st, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(o.out, audit.ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	sort.Strings(lines)
	return auditRun{res: res, stats: src.Stats(), server: srv.Stats(), lines: lines}
}

type stopAfter struct {
	n      int
	cancel func()
	done   int
}

func (s *stopAfter) Planned(int, int) {}
func (s *stopAfter) Finished(*record.Record, time.Duration) {
	// Finished is called from several workers at once.
	if countUp(&s.done) == s.n {
		s.cancel()
	}
}
func (s *stopAfter) Unfinished(string, error) {}

func perRepo(n, repos int) float64 { return float64(n) / float64(repos) }

// TestFakeOrganization audits the generated organization, and checks
// every repository is accounted for, the rate-limit budget holds on a
// first and an unchanged re-run, and asking classic protection through
// GraphQL records what asking it over REST does.
func TestFakeOrganization(t *testing.T) {
	org := fakegithub.Generate(fakegithub.OrgOptions{Name: "acme", Repos: orgSize(), Seed: 1})
	srv := fakegithub.Start(org, fakegithub.Options{Token: token})
	defer srv.Close()

	cache := t.TempDir()
	first := auditFake(t, srv, runOpts{cache: cache})
	n := first.res.Planned
	if !first.res.Complete() || len(first.lines) != n {
		t.Fatalf("first run: %d of %d recorded, unfinished %v", len(first.lines), n, first.res.Unfinished)
	}
	metered := first.server.Metered
	t.Logf("first run: %d repositories, %d metered requests (%.2f per repository), by route %v",
		n, metered, perRepo(metered, n), first.server.ByRoute)
	if got := perRepo(metered, n); got > 3 {
		t.Errorf("a first audit costs %.2f requests per repository, want at most 3", got)
	}
	if first.stats.Requests != metered {
		t.Errorf("the audit counted %d requests, the server %d", first.stats.Requests, metered)
	}
	if first.server.TokenAtCodeload != 0 {
		t.Errorf("the token reached the archive host %d times", first.server.TokenAtCodeload)
	}
	checkStatuses(t, org, first.lines)

	again := auditFake(t, srv, runOpts{cache: cache})
	t.Logf("unchanged re-run: %d metered, %d not modified, %d archives from the cache (%.3f per repository)",
		again.server.Metered, again.server.NotModified, again.stats.CachedArchives, perRepo(again.server.Metered, n))
	if got := perRepo(again.server.Metered, n); got > 0.2 {
		t.Errorf("an unchanged re-run costs %.3f requests per repository, want at most 0.2 (by route %v)", got, again.server.ByRoute)
	}
	if strings.Join(again.lines, "\n") != strings.Join(first.lines, "\n") {
		t.Errorf("the re-run from the cache recorded other results")
	}

	// A server of its own: the first two audits spent most of this one's
	// hourly budget.
	restSrv := fakegithub.Start(org, fakegithub.Options{Token: token})
	defer restSrv.Close()
	rest := auditFake(t, restSrv, runOpts{noGraphQL: true})
	t.Logf("over REST alone: %.2f requests per repository, by route %v", perRepo(rest.server.Metered, n), rest.server.ByRoute)
	if rest.server.ByRoute["graphql"] != 0 || rest.server.ByRoute["protection"] == 0 {
		t.Fatalf("the REST run asked by route %v", rest.server.ByRoute)
	}
	for i := range first.lines {
		if i >= len(rest.lines) || rest.lines[i] != first.lines[i] {
			t.Fatalf("GraphQL and REST record different results; first difference:\n%s\n%s", first.lines[i], rest.lines[min(i, len(rest.lines)-1)])
		}
	}
	if len(rest.lines) != len(first.lines) {
		t.Fatalf("%d records over REST, %d with GraphQL", len(rest.lines), len(first.lines))
	}
}

// checkStatuses: each kind of repository ends as it should.
func checkStatuses(t *testing.T, org *fakegithub.Org, lines []string) {
	t.Helper()
	byName := map[string]string{}
	for _, l := range lines {
		i := strings.Index(l, `"repository":"`)
		name := l[i+len(`"repository":"`):]
		name = name[:strings.IndexByte(name, '"')]
		byName[name] = l
	}
	want := map[fakegithub.Kind]string{
		fakegithub.Empty:  `"reason":"the repository is empty"`,
		fakegithub.Huge:   `"reason":"the repository archive is larger than the limit (--max-archive-size 8 MiB)"`,
		fakegithub.Broken: `"reason":"the repository archive is corrupt: `,
	}
	for _, r := range org.Repos() {
		if r.Archived || r.Fork {
			if _, ok := byName[r.FullName()]; ok {
				t.Errorf("%s (archived or fork) was audited", r.FullName())
			}
			continue
		}
		line, ok := byName[r.FullName()]
		if !ok {
			t.Errorf("%s has no record", r.FullName())
			continue
		}
		if w, failed := want[r.Kind]; failed {
			if !strings.Contains(line, `"status":"failed"`) || !strings.Contains(line, w) {
				t.Errorf("%s (%s): %s", r.FullName(), r.Kind, line)
			}
		} else if !strings.Contains(line, `"status":"ok"`) {
			t.Errorf("%s (%s) not audited: %s", r.FullName(), r.Kind, line)
		}
	}
}

// TestFaultsChangeNothing: 5xx bursts, secondary and primary rate limits,
// stalls and truncated archives cost retries and waits, not results; a
// repository deleted after the listing is recorded as not found.
func TestFaultsChangeNothing(t *testing.T) {
	org := fakegithub.Generate(fakegithub.OrgOptions{Name: "acme", Repos: 120, Seed: 2})
	clean := fakegithub.Start(org, fakegithub.Options{Token: token})
	defer clean.Close()
	want := auditFake(t, clean, runOpts{})

	faulty := fakegithub.Start(org, fakegithub.Options{Token: token, Faults: fakegithub.Faults{
		Seed: 3, ServerErrors: 0.05, SecondaryLimits: 0.02, Stalls: 0.01, Stall: 5 * time.Second,
		Truncations: 0.1, PrimaryLimit: 250, PrimaryReset: time.Second, Deleted: 2,
	}})
	defer faulty.Close()
	got := auditFake(t, faulty, runOpts{})
	c := got.server
	t.Logf("faults fired: %d server errors, %d secondary limits, %d primary limits, %d stalls, %d truncated archives; %d retries, %d rate-limit waits",
		c.ServerErrors, c.SecondaryLimited, c.PrimaryLimited, c.Stalls, c.Truncated, got.stats.Retries, got.stats.RateLimitWaits)
	for name, n := range map[string]int{"server errors": c.ServerErrors, "secondary limits": c.SecondaryLimited,
		"primary limits": c.PrimaryLimited, "stalls": c.Stalls, "truncations": c.Truncated} {
		if n == 0 {
			t.Errorf("no %s fired: the test proves nothing about them", name)
		}
	}
	if !got.res.Complete() {
		t.Fatalf("unfinished: %v", got.res.Unfinished)
	}
	deleted := map[string]bool{}
	for _, name := range faulty.Deleted() {
		deleted["acme/"+name] = true
	}
	if len(deleted) != 2 {
		t.Fatalf("deleted %v", faulty.Deleted())
	}
	if len(got.lines) != len(want.lines) {
		t.Fatalf("%d records with faults, %d without", len(got.lines), len(want.lines))
	}
	for i := range want.lines {
		name := repoOf(want.lines[i])
		switch {
		case deleted[name]:
			if !strings.Contains(got.lines[i], `"reason":"not found: deleted since it was listed, or not visible to the token"`) {
				t.Errorf("deleted %s: %s", name, got.lines[i])
			}
		case got.lines[i] != want.lines[i]:
			t.Errorf("%s differs with faults:\n got %s\nwant %s", name, got.lines[i], want.lines[i])
		}
	}
}

func repoOf(line string) string {
	i := strings.Index(line, `"repository":"`)
	name := line[i+len(`"repository":"`):]
	return name[:strings.IndexByte(name, '"')]
}

// TestResumeAndShards: an audit cancelled part-way and resumed, and one
// split into three shards and merged, both end with exactly the records
// of one uninterrupted audit.
func TestResumeAndShards(t *testing.T) {
	org := fakegithub.Generate(fakegithub.OrgOptions{Name: "acme", Repos: 90, Seed: 4})
	srv := fakegithub.Start(org, fakegithub.Options{Token: token})
	defer srv.Close()
	want := auditFake(t, srv, runOpts{})

	dir := t.TempDir()
	cut := auditFake(t, srv, runOpts{out: dir, stopAfter: 25})
	if cut.res.Complete() || len(cut.lines) < 25 || len(cut.lines) >= len(want.lines) {
		t.Fatalf("the cancelled run recorded %d of %d", len(cut.lines), len(want.lines))
	}
	resumed := auditFake(t, srv, runOpts{out: dir, resume: true})
	if !resumed.res.Complete() || strings.Join(resumed.lines, "\n") != strings.Join(want.lines, "\n") {
		t.Errorf("resumed: %d records, want the %d of an uninterrupted run", len(resumed.lines), len(want.lines))
	}

	var dirs []string
	for i := 0; i < 3; i++ {
		d := t.TempDir()
		auditFake(t, srv, runOpts{out: d, shard: record.Shard{Index: i, Count: 3}})
		dirs = append(dirs, d)
	}
	m, err := audit.Merge(dirs)
	if err != nil {
		t.Fatal(err)
	}
	var merged []string
	for i := range m.Records {
		line, err := m.Records[i].Marshal()
		if err != nil {
			t.Fatal(err)
		}
		merged = append(merged, string(line))
	}
	if !m.Complete() || strings.Join(merged, "\n") != strings.Join(want.lines, "\n") {
		t.Errorf("merged shards: %d records (%s), want the %d of one run", len(merged), m.Problem(), len(want.lines))
	}
}

// revoking passes requests on with their token until left runs out, and
// then with a token GitHub no longer accepts.
type revoking struct {
	mu   sync.Mutex
	left int
}

func (r *revoking) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.left--
	expired := r.left < 0
	r.mu.Unlock()
	if expired && req.Header.Get("Authorization") != "" {
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", "Bearer expired")
	}
	return http.DefaultTransport.RoundTrip(req)
}

// TestExpiredToken: when the token stops working the audit stops, keeps
// what it recorded, and a resumed run ends with an uninterrupted run's
// records.
func TestExpiredToken(t *testing.T) {
	org := fakegithub.Generate(fakegithub.OrgOptions{Name: "acme", Repos: 60, Seed: 6})
	srv := fakegithub.Start(org, fakegithub.Options{Token: token})
	defer srv.Close()
	want := auditFake(t, srv, runOpts{})

	dir := t.TempDir()
	cut := auditFake(t, srv, runOpts{out: dir, revokeAfter: 80})
	if !errors.Is(cut.res.Stopped, audit.ErrStop) || len(cut.lines) == 0 || len(cut.lines) >= len(want.lines) {
		t.Fatalf("with an expired token: stopped %v, %d of %d recorded", cut.res.Stopped, len(cut.lines), len(want.lines))
	}
	if strings.Contains(cut.res.Stopped.Error(), token) {
		t.Error("the error holds the token")
	}
	resumed := auditFake(t, srv, runOpts{out: dir, resume: true})
	if !resumed.res.Complete() || strings.Join(resumed.lines, "\n") != strings.Join(want.lines, "\n") {
		t.Errorf("resumed: %d records, want the %d of an uninterrupted run", len(resumed.lines), len(want.lines))
	}
}

type testLog struct{ t testing.TB }

func (testLog) Planned(int, int)                       {}
func (testLog) Finished(*record.Record, time.Duration) {}
func (l testLog) Unfinished(repository string, err error) {
	l.t.Logf("unfinished %s: %v", repository, err)
}

// BenchmarkFakeOrganization audits the generated 1,000-repository
// organization with an empty cache, then again unchanged, and reports
// the requests GitHub would count per repository for both.
//
//	go test -run '^$' -bench FakeOrganization -benchtime 3x ./cmd/lockstep/internal/audit
func BenchmarkFakeOrganization(b *testing.B) {
	org := fakegithub.Generate(fakegithub.OrgOptions{Name: "acme", Repos: 1000, Seed: 1})
	var first, again auditRun
	var rerun time.Duration
	for b.Loop() {
		// A server per round: three first audits would spend more than
		// the hour's 5,000 requests and wait for the reset.
		b.StopTimer()
		srv := fakegithub.Start(org, fakegithub.Options{Token: token})
		cache := b.TempDir()
		b.StartTimer()
		first = auditFake(b, srv, runOpts{cache: cache, out: b.TempDir()})
		b.StopTimer()
		start := time.Now()
		again = auditFake(b, srv, runOpts{cache: cache, out: b.TempDir()})
		rerun += time.Since(start)
		srv.Close()
		b.StartTimer()
	}
	n := first.res.Planned
	b.ReportMetric(perRepo(first.server.Metered, n), "requests/repo")
	b.ReportMetric(perRepo(again.server.Metered, n), "rerun-requests/repo")
	b.ReportMetric(rerun.Seconds()/float64(b.N), "rerun-s/op")
	b.ReportMetric(float64(n), "repos")
}
