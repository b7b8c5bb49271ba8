package cli

import (
	"errors"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff"
)

// loadDiff reads the change under review for --base; nil without it. A
// base git cannot resolve is the caller's mistake (exit 2); git missing
// or failing otherwise means the analysis could not run (exit 3).
func loadDiff(e *env, target, base string) (*repo.Diff, error) {
	if base == "" {
		return nil, nil
	}
	d, err := gitdiff.Load(e.ctx, target, base)
	if err != nil {
		if errors.Is(err, gitdiff.ErrNoGit) {
			return nil, err
		}
		return nil, usagef("%v", err)
	}
	return d, nil
}
