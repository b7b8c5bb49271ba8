package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/gotool"
	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/report"
	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/config"
	"github.com/lockstep-lint/lockstep/rules/lint"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

type checkFlags struct {
	format, output, failOn, configPath string
	enable, disable                    string
	baseline, writeBaseline            string
	logLevel, logFormat                string
	github                             githubFlags
	base                               string // diff mode (diffmode.go)
}

func runCheck(e *env, args []string) int {
	var f checkFlags
	fs := newFlagSet("check", "[flags] [PATH]", e.stderr)
	fs.StringVar(&f.format, "format", "text", "output format: text, json, sarif or github")
	fs.StringVar(&f.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&f.failOn, "fail-on", "warning", "exit 1 when a finding is at least this severe: error, warning, note or never")
	fs.StringVar(&f.configPath, "config", "", "configuration `FILE` (default: .lockstep.yml found by walking up from PATH)")
	fs.StringVar(&f.enable, "enable", "", "comma-separated rule `IDs` or names to enable")
	fs.StringVar(&f.disable, "disable", "", "comma-separated rule `IDs` or names to disable")
	fs.StringVar(&f.baseline, "baseline", "", "hide findings recorded in this baseline `FILE`")
	fs.StringVar(&f.writeBaseline, "write-baseline", "", "write every current finding to this baseline `FILE`")
	fs.StringVar(&f.logLevel, "log-level", "warn", "log level: trace, debug, info, warn, error or disabled")
	fs.StringVar(&f.logFormat, "log-format", "auto", "log format: auto (console on a terminal, else json), console or json")
	f.github.register(fs, true)
	fs.StringVar(&f.base, "base", "", "diff mode: report what the change since the merge base of `REF` and HEAD breaks (see docs/diff-mode.md)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if len(pos) > 1 {
		fmt.Fprintf(e.stderr, "lockstep check: expected one PATH, got %d\n", len(pos))
		return ExitUsage
	}
	target := "."
	if len(pos) == 1 {
		target = pos[0]
	}
	log, err := newLogger(e.stderr, f.logLevel, f.logFormat)
	if err != nil {
		fmt.Fprintf(e.stderr, "lockstep check: %v\n", err)
		return ExitUsage
	}
	code, err := check(e, &f, target, log)
	if err != nil {
		fmt.Fprintf(e.stderr, "lockstep check: %v\n", err)
		return exitCode(err)
	}
	return code
}

func check(e *env, f *checkFlags, target string, log zerolog.Logger) (int, error) {
	failOn, err := parseFailOn(f.failOn)
	if err != nil {
		return 0, err
	}
	if !contains(report.Formats(), f.format) {
		return 0, usagef("--format: unknown format %q (want %v)", f.format, report.Formats())
	}
	opts := lint.Options{
		Dir:      target,
		Config:   f.configPath,
		Enable:   splitList(f.enable),
		Disable:  splitList(f.disable),
		Baseline: f.baseline,
		Settings: func(_ context.Context, dir string) (*github.Settings, error) {
			return f.github.settings(e, dir, log)
		},
		Extra: gotool.Findings,
	}
	if opts.Diff, err = loadDiff(e, target, f.base); err != nil {
		return 0, err
	}
	start := time.Now()
	s, err := lint.Open(e.ctx, opts)
	if err != nil {
		return 0, usageOr(err)
	}
	log.Info().Int("files", len(s.Repo.Files)).Int("services", len(s.Repo.Services)).Dur("took", time.Since(start)).Msg("repository loaded")
	res, err := s.Check(e.ctx, opts)
	if err != nil {
		return 0, usageOr(err)
	}
	if f.writeBaseline != "" {
		if err := writeBaselineFile(f.writeBaseline, res.All); err != nil {
			return 0, err
		}
		log.Info().Str("file", f.writeBaseline).Int("findings", len(res.All)).Msg("baseline written")
	}
	findings := res.Findings
	displayPaths(findings, target)

	rep := &report.Report{
		Tool:     report.Tool{Name: "lockstep", Version: Version, InformationURI: "https://github.com/lockstep-lint/lockstep"},
		Root:     target,
		Findings: findings,
		Rules:    res.Rules,
		Summary:  report.Summary{Files: len(s.Repo.Files), Services: len(s.Repo.Services), Suppressed: res.Suppressed, Baselined: res.Baselined},
	}
	if err := writeReport(e.stdout, f, rep); err != nil {
		return 0, err
	}
	for _, fd := range findings {
		if failOn != rules.SeverityDefault && fd.Severity >= failOn {
			return ExitFindings, nil
		}
	}
	return ExitOK, nil
}

// usageOr turns configuration mistakes into usage errors (exit 2).
func usageOr(err error) error {
	var ce *lint.ConfigError
	if errors.As(err, &ce) {
		return &usageError{ce.Error()}
	}
	return err
}

func writeReport(stdout io.Writer, f *checkFlags, rep *report.Report) error {
	if f.output == "" {
		return report.Write(stdout, f.format, rep, report.Options{Color: f.format == "text" && isTerminal(stdout)})
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, f.format, rep, report.Options{}); err != nil {
		return err
	}
	return os.WriteFile(f.output, buf.Bytes(), 0o644)
}

func writeBaselineFile(name string, findings []rules.Finding) error {
	var buf bytes.Buffer
	if err := config.WriteBaseline(&buf, findings); err != nil {
		return err
	}
	return os.WriteFile(name, buf.Bytes(), 0o644)
}

// parseFailOn maps --fail-on to the lowest failing severity; "never" is
// SeverityDefault, which nothing reaches.
func parseFailOn(s string) (rules.Severity, error) {
	if s == "never" {
		return rules.SeverityDefault, nil
	}
	sev, err := rules.ParseSeverity(s)
	if err != nil {
		return 0, usagef("--fail-on: unknown value %q (want error, warning, note or never)", s)
	}
	return sev, nil
}

// displayPaths makes finding paths relative to the working directory, as
// compilers print them, so that they are clickable and SARIF uploaded from
// the repository root points at the right files.
func displayPaths(findings []rules.Finding, target string) {
	prefix := filepath.ToSlash(filepath.Clean(target))
	if prefix == "." {
		return
	}
	join := func(l *rules.Location) {
		if l.Path != "" {
			l.Path = path.Join(prefix, l.Path)
		}
	}
	for i := range findings {
		join(&findings[i].Location)
		for j := range findings[i].Related {
			join(&findings[i].Related[j].Location)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
