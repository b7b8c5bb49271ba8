// Package audit runs lockstep over every repository of a GitHub
// organization or user: list, filter, shard, then per repository read the
// default branch and the settings, run every rule, and append a record to
// the output directory the moment it is done, so an interrupted audit
// resumes where it stopped. Reports are rendered from the records alone
// (package auditreport).
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/lint"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/graph"
)

// Options choose what is audited and how.
type Options struct {
	// Include and Exclude are path.Match globs on NAME or OWNER/NAME; a
	// repository is audited when it matches some Include (or there is
	// none) and no Exclude.
	Include, Exclude []string
	// Archived and Forks audit archived repositories and forks too.
	Archived, Forks bool
	// Enable and Disable toggle rules, as lockstep check's flags.
	Enable, Disable []string
	Shard           record.Shard
	Jobs            int // repositories audited at once; 0 means 4
	// Observer hears of progress; nil hears nothing.
	Observer Observer
}

// Observer hears what the audit does, for a progress bar or logs. Its
// methods are called from several goroutines.
type Observer interface {
	// Planned is called once after listing: total repositories in this
	// shard after filtering, and how many a resumed run already has.
	Planned(total, done int)
	// Finished is called for each repository recorded.
	Finished(r *record.Record, took time.Duration)
	// Unfinished is called for a repository left for a resumed run.
	Unfinished(repository string, err error)
}

// Result is how an audit ended.
type Result struct {
	Planned    int      // repositories in this shard after filtering
	Recorded   int      // repositories with a record, earlier runs included
	Unfinished []string // repositories left for a resumed run, sorted
	// Stopped is the error that stopped the audit early (ErrStop), if any.
	Stopped error
}

// Complete reports whether every planned repository has a record.
func (r *Result) Complete() bool { return r.Stopped == nil && r.Recorded >= r.Planned }

// OptionsDigest identifies the options that change records, for the run
// header: a resumed run or a merged shard must have been made with the
// same ones.
func (o *Options) OptionsDigest() string {
	h := sha256.New()
	list := func(name string, v []string) {
		s := append([]string(nil), v...)
		sort.Strings(s)
		fmt.Fprintf(h, "%s=%q\n", name, s)
	}
	list("include", o.Include)
	list("exclude", o.Exclude)
	list("enable", o.Enable)
	list("disable", o.Disable)
	fmt.Fprintf(h, "archived=%v\nforks=%v\nversion=%d\n", o.Archived, o.Forks, record.Version)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// ValidateGlobs reports the first malformed glob.
func ValidateGlobs(globs []string) error {
	for _, g := range globs {
		if _, err := path.Match(g, ""); err != nil {
			return fmt.Errorf("bad glob %q: %w", g, err)
		}
	}
	return nil
}

// Select filters repos by o and keeps this shard's, sorted by name.
func Select(repos []Repository, o *Options) []Repository {
	var out []Repository
	for _, r := range repos {
		switch {
		case r.Archived && !o.Archived, r.Fork && !o.Forks:
		case len(o.Include) > 0 && !matchAny(o.Include, r):
		case matchAny(o.Exclude, r):
		case ShardOf(r.FullName(), o.Shard.Count) != o.Shard.Index:
		default:
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FullName() < out[j].FullName() })
	return out
}

func matchAny(globs []string, r Repository) bool {
	for _, g := range globs {
		if ok, _ := path.Match(g, r.Name); ok {
			return true
		}
		if ok, _ := path.Match(g, r.FullName()); ok {
			return true
		}
	}
	return false
}

// ShardOf is the shard, of count, that audits repository (OWNER/NAME).
// It depends on the name alone, case-folded as GitHub folds names, so
// every machine of a split audit agrees without talking to the others.
func ShardOf(repository string, count int) int {
	if count <= 1 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(repository)))
	return int(h.Sum64() % uint64(count))
}

// Run audits repos (already selected) from src into store. It returns
// when every repository is recorded or left unfinished, or when ctx ends
// or the source says stop; what was recorded stays recorded.
func Run(ctx context.Context, src Source, repos []Repository, store *Store, o Options) (*Result, error) {
	obs := o.Observer
	if obs == nil {
		obs = nopObserver{}
	}
	res := &Result{Planned: len(repos)}
	var todo []Repository
	for _, r := range repos {
		if !store.Done(r.FullName()) {
			todo = append(todo, r)
		}
	}
	obs.Planned(len(repos), len(repos)-len(todo))
	if p, ok := src.(Preparer); ok {
		p.Prepare(todo)
	}
	jobs := o.Jobs
	if jobs <= 0 {
		jobs = 4
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		writeErr error
		wg       sync.WaitGroup
	)
	next := make(chan Repository)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range next {
				start := time.Now()
				rec, err := auditOne(ctx, src, r, &o)
				if err != nil {
					mu.Lock()
					res.Unfinished = append(res.Unfinished, r.FullName())
					if errors.Is(err, ErrStop) && res.Stopped == nil {
						res.Stopped = err
						cancel()
					}
					mu.Unlock()
					if ctx.Err() == nil || errors.Is(err, ErrStop) {
						obs.Unfinished(r.FullName(), err)
					}
					continue
				}
				if err := store.Append(rec); err != nil {
					mu.Lock()
					if writeErr == nil {
						writeErr = err
					}
					mu.Unlock()
					cancel()
					continue
				}
				obs.Finished(rec, time.Since(start))
			}
		}()
	}
feed:
	for _, r := range todo {
		select {
		case next <- r:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	res.Recorded = len(repos) - len(todo)
	for _, r := range todo {
		if store.Done(r.FullName()) {
			res.Recorded++
		}
	}
	// Repositories never handed to a worker are unfinished too.
	seen := map[string]bool{}
	for _, n := range res.Unfinished {
		seen[n] = true
	}
	for _, r := range todo {
		if !store.Done(r.FullName()) && !seen[r.FullName()] {
			res.Unfinished = append(res.Unfinished, r.FullName())
		}
	}
	sort.Strings(res.Unfinished)
	if writeErr != nil {
		return res, writeErr
	}
	return res, nil
}

// auditOne audits one repository. A nil error comes with a record (ok or
// failed); an error leaves the repository unfinished.
func auditOne(ctx context.Context, src Source, r Repository, o *Options) (*record.Record, error) {
	rec := &record.Record{
		Repository: r.FullName(), DefaultBranch: r.DefaultBranch,
		Archived: r.Archived, Fork: r.Fork,
	}
	fail := func(err error) (*record.Record, error) {
		var f *Failure
		if errors.As(err, &f) && ctx.Err() == nil {
			rec.Status, rec.Reason = record.Failed, f.Reason
			return rec, nil
		}
		return nil, err
	}
	if r.Unreadable != "" {
		rec.Status, rec.Reason = record.Failed, r.Unreadable
		return rec, nil
	}
	if r.DefaultBranch == "" {
		rec.Status, rec.Reason = record.Failed, "empty repository: it has no default branch"
		return rec, nil
	}
	fsys, err := src.Contents(ctx, r)
	if err != nil {
		return fail(err)
	}
	lo := lint.Options{
		Dir: r.FullName(), FS: fsys, Enable: o.Enable, Disable: o.Disable,
		NoBaseline: true, GoSourceElsewhere: true,
	}
	s, err := lint.Open(ctx, lo)
	var ce *lint.ConfigError
	if errors.As(err, &ce) {
		// The repository's own configuration is broken: audit it as
		// lockstep's defaults see it, and say so.
		rec.ConfigError = ce.Error()
		lo.IgnoreConfig = true
		s, err = lint.Open(ctx, lo)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return fail(Failf(err, "cannot load the repository: %v", err))
	}
	// Only LS209 reads environments: a request saved where it is off.
	settings, err := src.Settings(ctx, r, s.Enabled["LS209"] && usesEnvironments(s.Repo))
	if err != nil {
		return fail(err)
	}
	rec.Settings = "none"
	switch {
	case settings != nil:
		s.Repo.Settings = settings
		rec.Settings = "github"
	case s.Repo.Settings != nil:
		rec.Settings = "settings.yml"
	}
	if s.Repo.Settings != nil {
		for _, g := range s.Repo.Settings.Gaps {
			rec.SettingsGaps = append(rec.SettingsGaps, g.String())
		}
	}
	res, err := s.Check(ctx, lo)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return fail(Failf(err, "checking the repository failed: %v", err))
	}
	rec.Status = record.OK
	rec.Files, rec.Services = len(s.Repo.Files), len(s.Repo.Services)
	rec.Findings = findings(res.Findings)
	rec.Graph = serviceGraph(s.Repo)
	return rec, nil
}

func usesEnvironments(r *repo.Repo) bool {
	for _, w := range r.Workflows {
		for _, j := range w.Jobs {
			if j.Environment != nil {
				return true
			}
		}
	}
	return false
}

func findings(fs []rules.Finding) []record.Finding {
	out := make([]record.Finding, 0, len(fs))
	for i := range fs {
		f := &fs[i]
		rf := record.Finding{
			Rule: f.Rule.ID, Name: f.Rule.Name, Category: string(f.Rule.Category),
			Severity: f.Severity.String(), Message: f.Message,
			Path: f.Path, Line: f.Line, Column: f.Column, Logical: f.Logical,
			Fingerprint: f.Fingerprint,
		}
		for _, rel := range f.Related {
			rf.Related = append(rf.Related, record.Related{
				Path: rel.Path, Line: rel.Line, Column: rel.Column, Logical: rel.Logical, Message: rel.Message,
			})
		}
		out = append(out, rf)
	}
	return out
}

// serviceGraph is the repository's graph when it joins at least two
// services, else nil: a picture of one node says nothing.
func serviceGraph(r *repo.Repo) *record.Graph {
	g := graph.Of(r)
	if len(g.Edges) == 0 {
		return nil
	}
	out := &record.Graph{Nodes: []record.Node{}, Edges: []record.Edge{}}
	for _, n := range g.Nodes {
		out.Nodes = append(out.Nodes, record.Node{ID: n.ID, Kind: string(n.Kind), Name: n.Name})
	}
	for _, e := range g.Edges {
		out.Edges = append(out.Edges, record.Edge{From: e.From, To: e.To, Kind: string(e.Kind), Sync: e.Sync})
	}
	return out
}

type nopObserver struct{}

func (nopObserver) Planned(int, int)                       {}
func (nopObserver) Finished(*record.Record, time.Duration) {}
func (nopObserver) Unfinished(string, error)               {}
