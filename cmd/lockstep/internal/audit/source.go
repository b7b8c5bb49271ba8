package audit

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

// Repository is one repository as GitHub listed it.
type Repository struct {
	github.Repository
	// Unreadable says why a repository named by --repos-from could not be
	// read; it is recorded as failed.
	Unreadable string
}

// Source is where an audit gets its repositories: GitHub in production,
// a fake in tests.
type Source interface {
	// Repositories lists every repository of the target, archived ones
	// and forks included; the runner filters.
	Repositories(ctx context.Context) ([]Repository, error)
	// Contents is the default branch's tree.
	Contents(ctx context.Context, r Repository) (fs.FS, error)
	// Settings are the repository's settings on GitHub; environments
	// says whether its workflows deploy to environments, whose settings
	// are then worth a request.
	Settings(ctx context.Context, r Repository, environments bool) (*github.Settings, error)
}

// Preparer is a Source that is told, before the audit starts, which
// repositories it will be asked about and in which order, so that it may
// ask GitHub about many in one request.
type Preparer interface {
	Prepare(repos []Repository)
}

// Failure is an error that will not go away by asking again: the
// repository is recorded as failed with Reason, and the audit goes on.
// Any other error from a Source leaves the repository unfinished, for a
// resumed run to try again.
type Failure struct {
	Reason string
	Err    error
}

func (f *Failure) Error() string { return f.Reason }
func (f *Failure) Unwrap() error { return f.Err }

// Failf makes a Failure.
func Failf(err error, format string, args ...any) *Failure {
	return &Failure{Reason: fmt.Sprintf(format, args...), Err: err}
}

// ErrStop is wrapped by Source errors after which no request can succeed
// (the token was revoked or expired): the audit stops, keeping what it
// has, and can be resumed with a new token.
var ErrStop = errors.New("the audit cannot go on")
