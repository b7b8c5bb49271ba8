// Command lockstep reports what stops each service of a repository from
// being deployed on its own. See README.md and docs/.
//
// The same binary is a go vet tool (go vet -vettool=$(command -v lockstep))
// and, as `lockstep analyze PACKAGES`, a standalone go/analysis checker.
package main

import (
	"os"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/cli"
	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/gctune"
	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/gotool"
)

func main() {
	gctune.Start()
	args := os.Args[1:]
	switch {
	case gotool.IsVet(args):
		gotool.Main(args, os.Stdout)
	case len(args) > 0 && args[0] == "analyze":
		gotool.Main(args[1:], os.Stdout)
	}
	os.Exit(cli.Main(args, os.Stdin, os.Stdout, os.Stderr))
}
