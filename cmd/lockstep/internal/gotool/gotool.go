// Package gotool runs lockstep's analyzers the way the Go toolchain
// expects: as a `go vet -vettool` (the unitchecker protocol) and as a
// standalone checker over package patterns (`lockstep analyze ./...`).
package gotool

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/lockstep-lint/lockstep/analyzers"
	"github.com/lockstep-lint/lockstep/analyzers/repomodel"
	"github.com/lockstep-lint/lockstep/rules/lint"
)

// IsVet reports whether args (without the program name) are an invocation
// by go vet: -V=full and -flags while it learns about the tool, then flags
// followed by one *.cfg file per package.
func IsVet(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if args[0] == "-V=full" || args[0] == "-flags" {
		return true
	}
	return strings.HasPrefix(args[0], "-") && strings.HasSuffix(args[len(args)-1], ".cfg") ||
		len(args) == 1 && strings.HasSuffix(args[0], ".cfg")
}

// Main runs the analyzers over args as go vet's tool or as a standalone
// checker, and exits.
func Main(args []string, stdout io.Writer) {
	if len(args) == 1 && args[0] == "-V=full" {
		os.Exit(version(stdout))
	}
	os.Args = append([]string{"lockstep"}, args...)
	multichecker.Main(analyzers.New(analyzers.Options{})...)
}

// version answers go vet's -V=full. go vet keys its result cache on the
// tool's build ID and the Go inputs of each package only, so the ID mixes
// in a digest of the repository's other inputs (workflows, manifests,
// configuration): a YAML-only change then reruns the analysis instead of
// replaying a stale result. go vet asks once per run, from its working
// directory.
func version(stdout io.Writer) int {
	h := sha256.New()
	exe, err := os.Executable()
	if err == nil {
		var f *os.File
		if f, err = os.Open(exe); err == nil {
			_, err = io.Copy(h, f)
			_ = f.Close() // read only
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "lockstep: cannot hash its own executable: %v\n", err)
		return 1
	}
	if wd, err := os.Getwd(); err == nil {
		root := repomodel.RootOf(wd)
		d, err := lint.InputDigest(root, "")
		// Not the root's path: go vet's per-package keys hold the
		// directories already, and leaving it out lets std packages'
		// results be shared between checkouts with the same content.
		fmt.Fprintf(h, "\x00%s\x00%v", d, err)
	}
	fmt.Fprintf(stdout, "lockstep version devel comments-go-here buildID=%s\n", hex.EncodeToString(h.Sum(nil)))
	return 0
}
