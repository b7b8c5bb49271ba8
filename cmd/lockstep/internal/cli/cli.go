// Package cli is lockstep's command line: subcommands, flags, logging and
// exit codes. Main is the whole program, so tests run it in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
)

// Exit codes, as documented in the README.
const (
	ExitOK       = 0 // nothing at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitUsage    = 2 // bad flags or configuration
	ExitFailure  = 3 // the analysis could not complete
)

// Version is set at build time with -ldflags "-X ...cli.Version=v1.2.3".
var Version = "devel"

// env is what a subcommand runs with.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(e *env, args []string) int
}

func commands() []command {
	return []command{
		{"check", "check a repository (default: the current directory)", runCheck},
		{"audit", "audit every repository of a GitHub organization (see docs/audit.md)", runAudit},
		{"merge", "combine the output directories of a sharded audit into one report", runMerge},
		{"rules", "list every rule (--format text|markdown|json)", runRules},
		{"explain", "show a rule's documentation", runExplain},
		{"graph", "draw the service graph (--format mermaid|dot|json)", runGraph},
		{"settings", "record the repository's GitHub settings (settings dump)", runSettings},
		{"version", "print lockstep's version", runVersion},
	}
}

// Main runs lockstep with args (without the program name) and returns the
// process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return ExitUsage
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 1 {
			return runExplainOrHelp(e, args[1])
		}
		usage(stdout)
		return ExitOK
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "lockstep: unknown command %q\n\n", name)
	usage(stderr)
	return ExitUsage
}

func runExplainOrHelp(e *env, topic string) int {
	for _, c := range commands() {
		if c.name == topic {
			return c.run(e, []string{"-h"})
		}
	}
	return runExplain(e, []string{topic})
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "lockstep tells whether each service of a repository can be deployed on its own.")
	fmt.Fprintln(w, "\nUsage:\n  lockstep <command> [flags] [arguments]\n\nCommands:")
	cmds := commands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'lockstep <command> -h' for a command's flags, 'lockstep explain LS101' for a rule.")
}

func runVersion(e *env, args []string) int {
	if len(args) > 0 {
		fmt.Fprintln(e.stderr, "lockstep version: takes no arguments")
		return ExitUsage
	}
	fmt.Fprintf(e.stdout, "lockstep %s\n", Version)
	return ExitOK
}

// usageError is a mistake in the command line or configuration (exit 2).
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// exitCode maps an error to the exit code that describes it.
func exitCode(err error) int {
	var ue *usageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	return ExitFailure
}

// splitList reads comma-separated flag values, dropping empty entries.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
