package lint

import (
	"context"
	"sync"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
)

// GoSession is what Options.Extra gets: the run's settings and a model of
// the repository's Go files, which are read before the rest so that the
// go command Extra runs overlaps the parsing of everything else.
type GoSession struct {
	Dir     string
	Go      *repo.Repo // the Go modules, workspaces and packages alone (repo.Options.GoRead)
	Enabled map[string]bool
	Diff    *repo.Diff
	whole   func() *repo.Repo
}

// Repo waits for the whole repository model. It is nil when loading the
// rest failed; then Open fails too and the findings are not used.
func (g *GoSession) Repo() *repo.Repo { return g.whole() }

// NewGoSession is the GoSession of a session already loaded, for running
// Extra on its own.
func NewGoSession(s *Session) *GoSession {
	return &GoSession{Dir: s.Dir, Go: s.Repo, Enabled: s.Enabled, Diff: s.RuleOptions.Diff, whole: func() *repo.Repo { return s.Repo }}
}

// extraRun is Options.Extra running beside the load and the rules.
type extraRun struct {
	cancel   context.CancelFunc
	done     chan struct{} // closed when Extra returned
	findings []rules.Finding
	err      error

	wholeOnce sync.Once
	whole     chan struct{} // closed when repo is set, or the load failed
	repo      *repo.Repo
}

// startExtra returns the hook that starts extra, for repo.Options.GoRead.
func startExtra(ctx context.Context, extra func(context.Context, *GoSession) ([]rules.Finding, error), dir string, enabled map[string]bool, diff *repo.Diff) (*extraRun, func(*repo.Repo)) {
	ctx, cancel := context.WithCancel(ctx)
	run := &extraRun{cancel: cancel, whole: make(chan struct{})}
	hook := func(goModel *repo.Repo) {
		run.done = make(chan struct{})
		g := &GoSession{Dir: dir, Go: goModel, Enabled: enabled, Diff: diff, whole: run.wait}
		go func() {
			defer close(run.done)
			run.findings, run.err = extra(ctx, g)
		}()
	}
	return run, hook
}

// loaded hands Extra the whole model; nil says the load failed.
func (e *extraRun) loaded(r *repo.Repo) {
	e.wholeOnce.Do(func() {
		e.repo = r
		close(e.whole)
	})
}

func (e *extraRun) wait() *repo.Repo {
	<-e.whole
	return e.repo
}

// abandon stops Extra after a failed load and waits for it: its go
// command must not outlive the run.
func (e *extraRun) abandon() {
	e.loaded(nil)
	e.cancel()
	if e.done != nil {
		<-e.done
	}
}

// result waits for Extra's findings.
func (e *extraRun) result() ([]rules.Finding, error) {
	if e.done == nil { // the load never read the Go files: cannot happen after a load that succeeded
		e.cancel()
		return nil, nil
	}
	<-e.done
	e.cancel()
	return e.findings, e.err
}
