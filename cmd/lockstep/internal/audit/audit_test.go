package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

// bigBang is a workflow that releases three services under one tag.
const bigBang = `on:
  push:
    tags: ["v*"]
jobs:
  images:
    runs-on: ubuntu-latest
    steps:
      - run: |
          docker build -t ghcr.io/acme/cart:${{ github.ref_name }} services/cart
          docker build -t ghcr.io/acme/orders:${{ github.ref_name }} services/orders
          docker build -t ghcr.io/acme/payments:${{ github.ref_name }} services/payments
`

func bigBangFS() fstest.MapFS {
	return fstest.MapFS{
		".github/workflows/release.yml": {Data: []byte(bigBang)},
		"services/cart/Dockerfile":      {Data: []byte("FROM scratch\n")},
		"services/orders/Dockerfile":    {Data: []byte("FROM scratch\n")},
		"services/payments/Dockerfile":  {Data: []byte("FROM scratch\n")},
	}
}

// fakeSource serves repositories from memory. errs[name] are returned by
// Contents one per call before the contents.
type fakeSource struct {
	repos []Repository
	trees map[string]fs.FS

	mu    sync.Mutex
	errs  map[string][]error
	calls map[string]int
	// block, when set, makes Contents of that repository wait for ctx.
	block string
	// environments records what Settings was asked, by repository.
	environments map[string]bool
}

func newFake(n int) *fakeSource {
	f := &fakeSource{trees: map[string]fs.FS{}, errs: map[string][]error{}, calls: map[string]int{}}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("svc-%03d", i)
		f.repos = append(f.repos, listed("acme", name))
		if i%2 == 0 {
			f.trees["acme/"+name] = bigBangFS()
		} else {
			f.trees["acme/"+name] = fstest.MapFS{"README.md": {Data: []byte("hi\n")}}
		}
	}
	return f
}

func listed(owner, name string) Repository {
	return Repository{Repository: github.Repository{Owner: owner, Name: name, DefaultBranch: "main", Size: 10}}
}

func (f *fakeSource) Repositories(context.Context) ([]Repository, error) { return f.repos, nil }

func (f *fakeSource) Contents(ctx context.Context, r Repository) (fs.FS, error) {
	f.mu.Lock()
	f.calls[r.FullName()]++
	if errs := f.errs[r.FullName()]; len(errs) > 0 {
		f.errs[r.FullName()] = errs[1:]
		f.mu.Unlock()
		return nil, errs[0]
	}
	block := f.block == r.FullName()
	f.mu.Unlock()
	if block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	t, ok := f.trees[r.FullName()]
	if !ok {
		return nil, Failf(nil, "not found: deleted, or not visible to the token")
	}
	return t, nil
}

func (f *fakeSource) Settings(_ context.Context, r Repository, environments bool) (*github.Settings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.environments == nil {
		f.environments = map[string]bool{}
	}
	f.environments[r.FullName()] = environments
	return nil, nil
}

func runAll(t *testing.T, src Source, dir string, o Options, resume bool) *Result {
	t.Helper()
	repos, err := src.Repositories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sel := Select(repos, &o)
	st, err := OpenStore(dir, header(&o, len(sel)), resume)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), src, sel, st, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return res
}

func header(o *Options, n int) record.Run {
	shard := o.Shard
	if shard.Count == 0 {
		shard.Count = 1
	}
	return record.Run{Version: record.Version, Tool: "test", Target: "org:acme", API: "http://fake/",
		Options: o.OptionsDigest(), Shard: shard, Started: time.Unix(0, 0).UTC(), Repositories: n}
}

// sortedLines is a results file's lines in repository order: what a
// report is built from.
func sortedLines(t *testing.T, dir string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	sort.Strings(lines)
	return lines
}

func TestRunRecordsEveryRepository(t *testing.T) {
	src := newFake(4)
	src.repos = append(src.repos, listed("acme", "gone"))
	dir := t.TempDir()
	res := runAll(t, src, dir, Options{Jobs: 2}, false)
	if !res.Complete() || res.Recorded != 5 || len(res.Unfinished) != 0 {
		t.Fatalf("result %+v", res)
	}
	_, recs, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The fake has no settings for any repository: LS003 says so.
	var got []string
	for _, r := range recs {
		line := r.Repository + " " + string(r.Status) + " " + r.Reason
		for _, f := range r.Findings {
			line += " " + f.Rule + "@" + f.Path + fmt.Sprintf(":%d", f.Line)
		}
		got = append(got, line)
	}
	want := []string{
		"acme/gone failed not found: deleted, or not visible to the token",
		"acme/svc-000 ok  LS104@.github/workflows/release.yml:9 LS003@:0",
		"acme/svc-001 ok  LS003@:0",
		"acme/svc-002 ok  LS104@.github/workflows/release.yml:9 LS003@:0",
		"acme/svc-003 ok  LS003@:0",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if recs[1].Files != 4 || recs[1].Services != 3 || recs[1].Settings != "none" {
		t.Errorf("svc-000: files %d services %d settings %q", recs[1].Files, recs[1].Services, recs[1].Settings)
	}
	info, err := os.Stat(filepath.Join(dir, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("results file mode %v, want user-only", info.Mode().Perm())
	}
}

// A transient error leaves the repository for the next run, which then
// records exactly what an undisturbed run records.
func TestResumeAfterTransientErrors(t *testing.T) {
	clean := t.TempDir()
	runAll(t, newFake(6), clean, Options{}, false)

	src := newFake(6)
	src.errs["acme/svc-001"] = []error{errors.New("502 Bad Gateway")}
	src.errs["acme/svc-004"] = []error{errors.New("connection reset")}
	dir := t.TempDir()
	res := runAll(t, src, dir, Options{}, false)
	if res.Complete() || !reflect.DeepEqual(res.Unfinished, []string{"acme/svc-001", "acme/svc-004"}) {
		t.Fatalf("first run: %+v", res)
	}
	res = runAll(t, src, dir, Options{}, true)
	if !res.Complete() {
		t.Fatalf("resumed run: %+v", res)
	}
	if got, want := sortedLines(t, dir), sortedLines(t, clean); !reflect.DeepEqual(got, want) {
		t.Errorf("resumed results differ from a clean run:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Repositories recorded by the first run were not asked for again.
	if n := src.calls["acme/svc-000"]; n != 1 {
		t.Errorf("svc-000 read %d times", n)
	}
}

// Cancelling part-way (Ctrl-C) and resuming gives the clean run's results.
func TestResumeAfterCancel(t *testing.T) {
	clean := t.TempDir()
	runAll(t, newFake(12), clean, Options{}, false)

	src := newFake(12)
	src.block = "acme/svc-006"
	dir := t.TempDir()
	repos, _ := src.Repositories(context.Background())
	o := Options{Jobs: 3}
	sel := Select(repos, &o)
	st, err := OpenStore(dir, header(&o, len(sel)), false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	obs := &cancelAfter{n: 5, cancel: cancel}
	o.Observer = obs
	res, err := Run(ctx, src, sel, st, o)
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	if res.Complete() || res.Recorded < 5 || res.Recorded >= 12 {
		t.Fatalf("cancelled run: %+v", res)
	}
	src.block = ""
	res = runAll(t, src, dir, Options{Jobs: 3}, true)
	if !res.Complete() {
		t.Fatalf("resumed: %+v", res)
	}
	if got, want := sortedLines(t, dir), sortedLines(t, clean); !reflect.DeepEqual(got, want) {
		t.Errorf("resumed results differ from a clean run")
	}
}

type cancelAfter struct {
	mu     sync.Mutex
	n      int
	cancel func()
}

func (c *cancelAfter) Planned(int, int) {}
func (c *cancelAfter) Finished(*record.Record, time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n--; c.n == 0 {
		c.cancel()
	}
}
func (c *cancelAfter) Unfinished(string, error) {}

func TestStopOnErrStop(t *testing.T) {
	src := newFake(8)
	src.errs["acme/svc-000"] = []error{fmt.Errorf("401 Bad credentials: %w", ErrStop)}
	dir := t.TempDir()
	res := runAll(t, src, dir, Options{Jobs: 1}, false)
	if !errors.Is(res.Stopped, ErrStop) || res.Complete() || res.Recorded != 0 || len(res.Unfinished) != 8 {
		t.Fatalf("result %+v", res)
	}
}

func TestShardsCoverEveryRepositoryOnce(t *testing.T) {
	clean := t.TempDir()
	src := newFake(30)
	runAll(t, src, clean, Options{}, false)
	var lines []string
	for i := 0; i < 4; i++ {
		dir := t.TempDir()
		res := runAll(t, src, dir, Options{Shard: record.Shard{Index: i, Count: 4}}, false)
		if res.Planned == 0 || res.Planned == 30 {
			t.Errorf("shard %d of 4 has %d repositories", i, res.Planned)
		}
		lines = append(lines, sortedLines(t, dir)...)
	}
	sort.Strings(lines)
	if want := sortedLines(t, clean); !reflect.DeepEqual(lines, want) {
		t.Errorf("shards together: %d lines, want %d", len(lines), len(want))
	}
}

func TestSelect(t *testing.T) {
	archived, fork := listed("acme", "web"), listed("acme", "fork-of-x")
	archived.Archived, fork.Fork = true, true
	repos := []Repository{listed("acme", "api"), archived, fork, listed("acme", "api-legacy"), listed("acme", "docs")}
	names := func(o Options) string {
		var out []string
		for _, r := range Select(repos, &o) {
			out = append(out, r.Name)
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Options{}, "api,api-legacy,docs"},
		{Options{Archived: true, Forks: true}, "api,api-legacy,docs,fork-of-x,web"},
		{Options{Include: []string{"api*"}}, "api,api-legacy"},
		{Options{Include: []string{"acme/api*"}, Exclude: []string{"*-legacy"}}, "api"},
	} {
		if got := names(c.o); got != c.want {
			t.Errorf("%+v: got %s, want %s", c.o, got, c.want)
		}
	}
}

func TestStoreRefusesAnotherAudit(t *testing.T) {
	dir := t.TempDir()
	o := Options{}
	st, err := OpenStore(dir, header(&o, 3), false)
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	if _, err := OpenStore(dir, header(&o, 3), false); !errors.Is(err, ErrExists) {
		t.Errorf("reopening without resume: %v", err)
	}
	other := header(&Options{Forks: true}, 3)
	if _, err := OpenStore(dir, other, true); err == nil || !strings.Contains(err.Error(), "other options") {
		t.Errorf("resuming with other options: %v", err)
	}
}

// A process killed in the middle of a write leaves a partial last line:
// resume drops it and records that repository again, once.
func TestStoreDropsPartialLine(t *testing.T) {
	dir := t.TempDir()
	src := newFake(3)
	runAll(t, src, dir, Options{}, false)
	name := filepath.Join(dir, ResultsFile)
	data, _ := os.ReadFile(name)
	lines := bytes.SplitAfter(data, []byte("\n"))
	cut := append(append([]byte{}, lines[0]...), lines[1][:len(lines[1])/2]...)
	if err := os.WriteFile(name, cut, 0o600); err != nil {
		t.Fatal(err)
	}
	res := runAll(t, src, dir, Options{}, true)
	if !res.Complete() {
		t.Fatalf("%+v", res)
	}
	if got := sortedLines(t, dir); len(got) != 3 {
		t.Errorf("%d lines after resume, want 3", len(got))
	}
	// A broken line in the middle is an error naming it.
	if err := os.WriteFile(name, []byte("{\"version\":1}\nnot json\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadDir(dir); err == nil || !strings.Contains(err.Error(), "results.jsonl:1:") {
		t.Errorf("broken results: %v", err)
	}
}

func TestMerge(t *testing.T) {
	src := newFake(20)
	clean := t.TempDir()
	runAll(t, src, clean, Options{}, false)
	var dirs []string
	for i := 0; i < 3; i++ {
		dir := t.TempDir()
		runAll(t, src, dir, Options{Shard: record.Shard{Index: i, Count: 3}}, false)
		dirs = append(dirs, dir)
	}
	m, err := Merge(dirs)
	if err != nil {
		t.Fatal(err)
	}
	_, want, err := ReadDir(clean)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Complete() || m.Run.Repositories != 20 || !reflect.DeepEqual(m.Records, want) {
		t.Errorf("merged: complete %v, %d repositories, %d records (%s)", m.Complete(), m.Run.Repositories, len(m.Records), m.Problem())
	}

	m, err = Merge(dirs[:2])
	if err != nil {
		t.Fatal(err)
	}
	if m.Complete() || m.Problem() != "shards [2] of 3 are missing" {
		t.Errorf("two of three shards: %q", m.Problem())
	}
	if _, err := Merge([]string{dirs[0], dirs[0]}); err == nil || !strings.Contains(err.Error(), "both hold shard 0/3") {
		t.Errorf("same shard twice: %v", err)
	}
	if _, err := Merge([]string{dirs[0], clean}); err == nil || !strings.Contains(err.Error(), "split into 1 shards, not 3") {
		t.Errorf("shards of two audits: %v", err)
	}
	other := t.TempDir()
	runAll(t, src, other, Options{Forks: true, Shard: record.Shard{Index: 1, Count: 3}}, false)
	if _, err := Merge([]string{dirs[0], other}); err == nil || !strings.Contains(err.Error(), "other options") {
		t.Errorf("shards with other options: %v", err)
	}
}

// TestEnvironmentsOnlyForLS209: the environments cost a request, and
// only LS209 reads them: they are asked for when a workflow names one and
// LS209 is on, by the audit's flags and by the repository's own
// configuration.
func TestEnvironmentsOnlyForLS209(t *testing.T) {
	deploy := []byte(`on: {push: {branches: [main]}}
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: kubectl apply -f deploy/
`)
	src := newFake(0)
	for name, tree := range map[string]fstest.MapFS{
		"deploys":     {".github/workflows/deploy.yml": {Data: deploy}},
		"no-env":      bigBangFS(),
		"opts-out":    {".github/workflows/deploy.yml": {Data: deploy}, ".lockstep.yml": {Data: []byte("disable: [LS209]\n")}},
		"broken-conf": {".github/workflows/deploy.yml": {Data: deploy}, ".lockstep.yml": {Data: []byte("disable: [\n")}},
	} {
		src.repos = append(src.repos, listed("acme", name))
		src.trees["acme/"+name] = tree
	}
	runAll(t, src, t.TempDir(), Options{Jobs: 2}, false)
	want := map[string]bool{"acme/deploys": true, "acme/no-env": false, "acme/opts-out": false, "acme/broken-conf": true}
	if !maps.Equal(src.environments, want) {
		t.Errorf("environments asked: %v, want %v", src.environments, want)
	}
	src.environments = nil
	runAll(t, src, t.TempDir(), Options{Jobs: 2, Disable: []string{"LS209"}}, false)
	for name, asked := range src.environments {
		if asked {
			t.Errorf("%s: environments asked with LS209 disabled", name)
		}
	}
}

// TestResumeStartsAnAudit: --resume into a directory without an audit
// starts one, so that a job retried by its scheduler (a Kubernetes
// Indexed Job, a re-run matrix job) can always pass it.
func TestResumeStartsAnAudit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	src := newFake(4)
	res := runAll(t, src, dir, Options{Jobs: 2}, true)
	if !res.Complete() || len(sortedLines(t, dir)) != 4 {
		t.Fatalf("a resumed start: complete %t, %d records", res.Complete(), len(sortedLines(t, dir)))
	}
	again := runAll(t, src, dir, Options{Jobs: 2}, true)
	if !again.Complete() || len(sortedLines(t, dir)) != 4 {
		t.Errorf("resuming a finished audit: complete %t, %d records", again.Complete(), len(sortedLines(t, dir)))
	}
	for name, n := range src.calls {
		if n != 1 {
			t.Errorf("%s was read %d times", name, n)
		}
	}
}
