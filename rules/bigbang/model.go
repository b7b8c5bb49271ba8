package bigbang

import (
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/compose"
)

// composeFilesOf are the repository's Compose files.
func composeFilesOf(r *repo.Repo) []*compose.File { return r.Compose }

// envFiles are the repository's .env files.
func envFiles(r *repo.Repo) []*compose.EnvFile { return r.EnvFiles }
