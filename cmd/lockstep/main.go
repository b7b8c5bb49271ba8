// Command lockstep reports what stops each service of a repository from
// being deployed on its own. See README.md and docs/.
package main

import (
	"os"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
