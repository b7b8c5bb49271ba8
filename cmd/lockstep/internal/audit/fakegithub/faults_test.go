package fakegithub

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

func statuses(t *testing.T, s *Server, path string, n int) []int {
	t.Helper()
	var out []int
	for range n {
		resp, _ := get(t, s, path)
		out = append(out, resp.StatusCode)
	}
	return out
}

func TestServerErrorBurstThenRecovers(t *testing.T) {
	s := start(t, OrgOptions{Repos: 10, Seed: 1}, Options{Faults: Faults{ServerErrors: 1, ServerErrorBurst: 3}})
	repo := s.Org().Repos()[0]
	got := statuses(t, s, "repos/acme/"+repo.Name, 5)
	if want := []int{502, 503, 502, 200, 200}; !reflect.DeepEqual(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	// Each page of a list is its own path.
	if got := statuses(t, s, "orgs/acme/repos?page=2&per_page=5", 4); !reflect.DeepEqual(got, []int{502, 503, 502, 200}) {
		t.Errorf("listing page: %v", got)
	}
	if st := s.Stats(); st.ServerErrors != 6 || st.Metered != 9 {
		t.Errorf("stats %+v, want 6 server errors among 9 metered", st)
	}
}

func TestSecondaryRateLimit(t *testing.T) {
	for _, status := range []int{0, http.StatusTooManyRequests} {
		s := start(t, OrgOptions{Repos: 10, Seed: 2}, Options{Faults: Faults{SecondaryLimits: 1, SecondaryStatus: status}})
		repo := s.Org().Repos()[0]
		resp, body := get(t, s, "repos/acme/"+repo.Name)
		if resp.Header.Get("Retry-After") != "1" || resp.Header.Get("X-RateLimit-Remaining") == "0" {
			t.Errorf("secondary limit headers: %v", resp.Header)
		}
		if status == 0 {
			// go-github tells it from its documentation URL.
			_, _, err := apiClient(t, s).Repositories.Get(context.Background(), "acme", s.Org().Repos()[1].Name)
			var abuse *gh.AbuseRateLimitError
			if !errors.As(err, &abuse) || abuse.RetryAfter == nil || *abuse.RetryAfter != time.Second {
				t.Errorf("go-github sees %T %v, want a secondary rate limit of 1s (body %s)", err, err, body)
			}
		} else if resp.StatusCode != status {
			t.Errorf("status %d, want %d", resp.StatusCode, status)
		}
		if again, _ := get(t, s, "repos/acme/"+repo.Name); again.StatusCode != http.StatusOK {
			t.Errorf("the retry: %d", again.StatusCode)
		}
	}
}

func TestPrimaryRateLimitExhaustsAndResets(t *testing.T) {
	s := start(t, OrgOptions{Repos: 10, Seed: 3}, Options{Faults: Faults{PrimaryLimit: 3, PrimaryReset: time.Second}})
	path := "repos/acme/" + s.Org().Repos()[0].Name
	for want := 2; want >= 0; want-- {
		resp, _ := get(t, s, path)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("X-RateLimit-Remaining") != strconv.Itoa(want) ||
			resp.Header.Get("X-RateLimit-Limit") != "3" {
			t.Fatalf("%d, remaining %s, want 200 and %d", resp.StatusCode, resp.Header.Get("X-RateLimit-Remaining"), want)
		}
	}
	refused := time.Now()
	_, _, err := apiClient(t, s).Repositories.Get(context.Background(), "acme", s.Org().Repos()[0].Name)
	var limited *gh.RateLimitError
	if !errors.As(err, &limited) {
		t.Fatalf("go-github sees %T %v, want a primary rate limit", err, err)
	}
	reset := limited.Rate.Reset.Time
	if !reset.After(refused) || reset.After(refused.Add(3*time.Second)) {
		t.Fatalf("reset at %v, %v after the refusal; want a second or two", reset, reset.Sub(refused))
	}
	if resp, _ := get(t, s, path); resp.StatusCode != http.StatusForbidden || resp.Header.Get("X-RateLimit-Reset") != strconv.FormatInt(reset.Unix(), 10) {
		t.Errorf("still exhausted: %d, reset %s", resp.StatusCode, resp.Header.Get("X-RateLimit-Reset"))
	}
	time.Sleep(time.Until(reset) + 20*time.Millisecond)
	resp, _ := get(t, s, path)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("X-RateLimit-Remaining") != "2" {
		t.Errorf("after the reset: %d, remaining %s", resp.StatusCode, resp.Header.Get("X-RateLimit-Remaining"))
	}
	if st := s.Stats(); st.PrimaryLimited != 2 || st.Metered != 6 {
		t.Errorf("stats %+v, want 2 refusals among 6 metered", st)
	}
}

func TestStallOnceThenAnswer(t *testing.T) {
	s := start(t, OrgOptions{Repos: 10, Seed: 4}, Options{Faults: Faults{Stalls: 1, Stall: 5 * time.Second}})
	client := &http.Client{Timeout: 100 * time.Millisecond, Transport: &apiOnly{host: mustURL(t, s.URL()).Host}}
	path := s.URL() + "repos/acme/" + s.Org().Repos()[0].Name
	if _, err := client.Get(path); err == nil {
		t.Fatal("the stalled request was answered in time")
	}
	begin := time.Now()
	resp, err := client.Get(path)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the retry: %v %v", resp, err)
	}
	_ = resp.Body.Close()
	if d := time.Since(begin); d > time.Second {
		t.Errorf("the retry took %v", d)
	}
	if st := s.Stats(); st.Stalls != 1 {
		t.Errorf("%d stalls, want 1", st.Stalls)
	}
}

func download(t *testing.T, s *Server, repo *Repo) ([]byte, error) {
	t.Helper()
	resp, _ := get(t, s, "repos/acme/"+repo.Name+"/tarball")
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("tarball: %d", resp.StatusCode)
	}
	dl, err := http.Get(resp.Header.Get("Location"))
	if err != nil {
		return nil, err
	}
	defer func() { _ = dl.Body.Close() }()
	if dl.StatusCode != http.StatusOK {
		return nil, errors.New(dl.Status)
	}
	return io.ReadAll(dl.Body)
}

func TestTruncatedFirstDownload(t *testing.T) {
	s := start(t, OrgOptions{Repos: 10, Seed: 5}, Options{Faults: Faults{Truncations: 1}})
	repo := firstOf(t, s.Org(), func(r *Repo) bool { return r.Kind != Empty && r.Kind != Huge && r.Kind != Broken })
	if _, err := download(t, s, repo); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("first download: %v, want an unexpected EOF", err)
	}
	data, err := download(t, s, repo)
	if err != nil {
		t.Fatal(err)
	}
	if comment, _, err := untar(t, data); err != nil || comment != repo.SHA {
		t.Errorf("second download: %q %v", comment, err)
	}
	if st := s.Stats(); st.Truncated != 1 || st.Downloads != 2 || st.CompleteDownloads != 1 || st.ByRoute["tarball"] != 2 {
		t.Errorf("stats %+v", st)
	}
}

func TestCodeloadServerErrors(t *testing.T) {
	s := start(t, OrgOptions{Repos: 10, Seed: 5}, Options{Faults: Faults{ServerErrors: 1, ServerErrorBurst: 1}})
	repo := firstOf(t, s.Org(), func(r *Repo) bool { return r.Kind != Empty && r.Kind != Huge && r.Kind != Broken })
	get(t, s, "repos/acme/"+repo.Name+"/tarball") // the API's own 503
	if _, err := download(t, s, repo); err == nil {
		t.Error("the first download succeeded")
	}
	if data, err := download(t, s, repo); err != nil || len(data) == 0 {
		t.Errorf("the second download: %v", err)
	}
}

func TestDeletedAfterListing(t *testing.T) {
	s := start(t, OrgOptions{Repos: 40, Seed: 6}, Options{Faults: Faults{Deleted: 2}})
	gone := s.Deleted()
	if len(gone) != 2 {
		t.Fatalf("deleted %v", gone)
	}
	path := "repos/acme/" + gone[0]
	if resp, _ := get(t, s, path); resp.StatusCode != http.StatusOK {
		t.Fatalf("before listing: %d", resp.StatusCode)
	}
	listed := map[string]bool{}
	for page := 1; ; page++ {
		repos, resp, err := apiClient(t, s).Repositories.ListByOrg(context.Background(), "acme",
			&gh.RepositoryListByOrgOptions{ListOptions: gh.ListOptions{Page: page, PerPage: 10}})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range repos {
			listed[r.GetName()] = true
		}
		if resp.NextPage == 0 {
			break
		}
	}
	if !listed[gone[0]] || !listed[gone[1]] || len(listed) != 40 {
		t.Fatalf("%d listed; deleted ones listed: %v %v", len(listed), listed[gone[0]], listed[gone[1]])
	}
	repo := s.Org().Repo(gone[0])
	for _, p := range []string{path, path + "/tarball", path + "/branches/" + repo.DefaultBranch + "/protection", path + "/environments"} {
		if resp, _ := get(t, s, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s after listing: %d", p, resp.StatusCode)
		}
	}
}

// TestFaultsAreDeterministic: the same seed picks the same paths, whatever
// else happens; another seed picks others; the share is about the rate.
func TestFaultsAreDeterministic(t *testing.T) {
	run := func(seed int64) []int {
		s := start(t, OrgOptions{Repos: 200, Seed: 7}, Options{Faults: Faults{Seed: seed, ServerErrors: 0.2, SecondaryLimits: 0.2}})
		var out []int
		for _, r := range s.Org().Repos() {
			resp, _ := get(t, s, "repos/acme/"+r.Name)
			out = append(out, resp.StatusCode)
		}
		return out
	}
	a, b, c := run(1), run(1), run(2)
	if !reflect.DeepEqual(a, b) {
		t.Error("one seed, two sets of faults")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("two seeds, one set of faults")
	}
	failed := 0
	for _, status := range a {
		if status != http.StatusOK {
			failed++
		}
	}
	// 1 - 0.8*0.8 = 36% of paths meet a fault on their first attempt.
	if failed < 50 || failed > 95 {
		t.Errorf("%d of 200 first attempts failed, want about 72", failed)
	}
}

// TestLockstepReadsTheSameSettingsThroughFaults: lockstep's own settings
// client, which retries, reads every repository's settings the same with
// transient faults as without, and without gaps.
func TestLockstepReadsTheSameSettingsThroughFaults(t *testing.T) {
	org := OrgOptions{Repos: 60, Seed: 8}
	read := func(f Faults) (map[string]*github.Settings, Counts) {
		s := start(t, org, Options{Faults: f})
		c, err := github.NewClient(github.ClientOptions{Token: testToken, BaseURL: s.URL(), MaxRetries: 6,
			HTTPClient: &http.Client{Timeout: 250 * time.Millisecond},
			Sleep:      func(context.Context, time.Duration) error { return nil }})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]*github.Settings{}
		for _, r := range s.Org().Repos() {
			snap, err := github.Fetch(context.Background(), c, "acme", r.Name)
			if err != nil {
				t.Fatalf("%s: %v", r.Name, err)
			}
			if out[r.Name], err = github.FromSnapshot(snap); err != nil {
				t.Fatal(err)
			}
		}
		return out, s.Stats()
	}
	clean, cleanStats := read(Faults{})
	faulty, faultyStats := read(Faults{Seed: 3, ServerErrors: 0.1, SecondaryLimits: 0.1, Stalls: 0.02, Stall: 3 * time.Second})
	if faultyStats.ServerErrors == 0 || faultyStats.SecondaryLimited == 0 || faultyStats.Stalls == 0 {
		t.Fatalf("not every fault fired: %+v", faultyStats)
	}
	for name, want := range clean {
		if !reflect.DeepEqual(faulty[name], want) {
			t.Errorf("%s: settings read through faults differ:\n%+v\n%+v", name, faulty[name], want)
		}
		if r := firstOf(t, Generate(org), func(r *Repo) bool { return r.Name == name }); r.Kind != Empty && len(want.Gaps) > 0 {
			t.Errorf("%s: gaps %+v", name, want.Gaps)
		}
	}
	t.Logf("metered without faults %d, with faults %d (%d 5xx, %d secondary, %d stalls)",
		cleanStats.Metered, faultyStats.Metered, faultyStats.ServerErrors, faultyStats.SecondaryLimited, faultyStats.Stalls)
}
