// Command golangci-lint-lockstep is golangci-lint v2.15.0 with lockstep's
// module plugin compiled in, built from the Go module proxy alone (the
// official `golangci-lint custom` clones golangci-lint with git). It is
// its own module so that golangci-lint's dependencies stay out of
// lockstep's go.mod. See docs/golangci-lint.md.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/lockstep-lint/lockstep/analyzers/plugin" // registers the "lockstep" plugin
)

// version is set with -ldflags "-X main.version=...". golangci-lint salts
// its result cache with it, or with a hash of the executable when it is
// empty, so a build whose lockstep differs must not reuse a version.
var version = ""

func main() {
	info := commands.BuildInfo{Version: version, Commit: "lockstep plugin", Date: "(unknown)"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info.GoVersion = bi.GoVersion
	}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
