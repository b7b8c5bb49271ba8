package cli

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit"
	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/auditreport"
	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

type auditFlags struct {
	org, user, reposFrom   string
	url, tokenEnv          string
	out, cacheDir, compare string
	resume, noCache        bool
	jobs                   int
	shard                  string
	include, exclude       listFlag
	archived, forks        bool
	enable, disable        string
	maxArchiveMiB          int64
	logLevel, logFormat    string
}

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// flagSet binds the audit's flags to f.
func (f *auditFlags) flagSet(w io.Writer) *flag.FlagSet {
	fs := newFlagSet("audit", "(--org ORG | --user USER | --repos-from FILE) [flags]", w)
	fs.StringVar(&f.org, "org", "", "audit every repository of the organization `ORG`")
	fs.StringVar(&f.user, "user", "", "audit every repository owned by the user `USER`")
	fs.StringVar(&f.reposFrom, "repos-from", "", "audit the repositories listed in `FILE`, one OWNER/NAME per line")
	fs.StringVar(&f.url, "github-url", "", "GitHub API `URL` (GitHub Enterprise Server: https://HOST/api/v3/)")
	fs.StringVar(&f.tokenEnv, "github-token-env", "GITHUB_TOKEN", "environment variable holding the GitHub token")
	fs.StringVar(&f.out, "out", "lockstep-audit", "output `DIR`: results as JSON lines, then report.json, report.md and report.html")
	fs.BoolVar(&f.resume, "resume", false, "continue the interrupted audit in --out")
	fs.IntVar(&f.jobs, "jobs", 4, "repositories audited at once")
	fs.StringVar(&f.shard, "shard", "", "audit only shard `I/N` of the repositories (I from 0); combine shards with 'lockstep merge'")
	fs.Var(&f.include, "include", "audit only repositories whose NAME or OWNER/NAME matches `GLOB` (repeatable)")
	fs.Var(&f.exclude, "exclude", "skip repositories whose NAME or OWNER/NAME matches `GLOB` (repeatable)")
	fs.BoolVar(&f.archived, "archived", false, "audit archived repositories too")
	fs.BoolVar(&f.forks, "forks", false, "audit forks too")
	fs.StringVar(&f.enable, "enable", "", "comma-separated rule `IDs` or names to enable")
	fs.StringVar(&f.disable, "disable", "", "comma-separated rule `IDs` or names to disable")
	fs.StringVar(&f.cacheDir, "cache-dir", "", "HTTP and archive cache `DIR` (default: the user cache directory)/lockstep")
	fs.BoolVar(&f.noCache, "no-cache", false, "use no cache: every answer and archive is asked for again")
	fs.Int64Var(&f.maxArchiveMiB, "max-archive-size", 1024, "largest uncompressed repository archive audited, in `MiB`")
	fs.StringVar(&f.compare, "compare", "", "compare with a previous audit's report.json `FILE`: fixed, new and unchanged findings")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: trace, debug, info, warn, error or disabled")
	fs.StringVar(&f.logFormat, "log-format", "auto", "log format: auto (a progress bar on a terminal, else json), console or json")
	return fs
}

func runAudit(e *env, args []string) int {
	var f auditFlags
	fs := f.flagSet(e.stderr)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "lockstep audit: unexpected argument %q\n", pos[0])
		return ExitUsage
	}
	code, err := auditCmd(e, &f)
	if err != nil {
		fmt.Fprintf(e.stderr, "lockstep audit: %v\n", err)
		return exitCode(err)
	}
	return code
}

// target is what --org, --user or --repos-from name, as the run header
// writes it, with the repositories of a --repos-from file.
func (f *auditFlags) target() (string, []string, error) {
	n := 0
	for _, v := range []string{f.org, f.user, f.reposFrom} {
		if v != "" {
			n++
		}
	}
	if n != 1 {
		return "", nil, usagef("give exactly one of --org, --user and --repos-from")
	}
	switch {
	case f.org != "":
		return "org:" + f.org, nil, nil
	case f.user != "":
		return "user:" + f.user, nil, nil
	}
	list, err := readRepoList(f.reposFrom)
	if err != nil {
		return "", nil, err
	}
	h := sha256.Sum256([]byte(strings.Join(list, "\n")))
	return "repos-from:" + hex.EncodeToString(h[:8]), list, nil
}

// readRepoList reads OWNER/NAME lines; blank lines and # comments are
// skipped, and a malformed line is an error naming it.
func readRepoList(name string) ([]string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, usagef("--repos-from: %v", err)
	}
	seen := map[string]bool{}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(s, '#'); i >= 0 {
			s = strings.TrimSpace(s[:i])
		}
		if s == "" {
			continue
		}
		if _, _, ok := github.SplitRepo(s); !ok {
			return nil, usagef("%s:%d: want OWNER/NAME, got %q", name, line, s)
		}
		if !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			out = append(out, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, usagef("--repos-from: %v", err)
	}
	if len(out) == 0 {
		return nil, usagef("--repos-from: %s lists no repository", name)
	}
	sort.Strings(out)
	return out, nil
}

// parseShard reads I/N.
func parseShard(s string) (record.Shard, error) {
	if s == "" {
		return record.Shard{Index: 0, Count: 1}, nil
	}
	i, n, ok := strings.Cut(s, "/")
	index, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || count < 1 || index < 0 || index >= count {
		return record.Shard{}, usagef("--shard: want I/N with 0 <= I < N, got %q", s)
	}
	return record.Shard{Index: index, Count: count}, nil
}

func (f *auditFlags) options() (audit.Options, error) {
	shard, err := parseShard(f.shard)
	if err != nil {
		return audit.Options{}, err
	}
	for _, globs := range [][]string{f.include, f.exclude} {
		if err := audit.ValidateGlobs(globs); err != nil {
			return audit.Options{}, usagef("%v", err)
		}
	}
	if f.jobs < 1 || f.jobs > 64 {
		return audit.Options{}, usagef("--jobs: want 1 to 64, got %d", f.jobs)
	}
	if f.maxArchiveMiB < 1 {
		return audit.Options{}, usagef("--max-archive-size: want at least 1 MiB")
	}
	return audit.Options{
		Include: f.include, Exclude: f.exclude, Archived: f.archived, Forks: f.forks,
		Enable: splitList(f.enable), Disable: splitList(f.disable), Shard: shard, Jobs: f.jobs,
	}, nil
}

// progress is where the audit's progress goes: a bar on a terminal, logs
// otherwise.
type progress interface {
	audit.Observer
	audit.Waiter
}

func (f *auditFlags) progress(e *env, label string) (progress, zerolog.Logger, func(), error) {
	log, err := newLogger(e.stderr, f.logLevel, f.logFormat)
	if err != nil {
		return nil, log, nil, err
	}
	if f.logFormat == "auto" && isTerminal(e.stderr) {
		bar := audit.NewBar(e.stderr, label)
		// Only warnings and errors, printed above the bar.
		quiet := log.Output(zerolog.ConsoleWriter{Out: bar, TimeFormat: time.TimeOnly}).
			Level(max(zerolog.WarnLevel, log.GetLevel()))
		return bar, quiet, bar.Close, nil
	}
	return audit.Log{L: log}, log, func() {}, nil
}

func auditCmd(e *env, f *auditFlags) (int, error) {
	target, list, err := f.target()
	if err != nil {
		return 0, err
	}
	opts, err := f.options()
	if err != nil {
		return 0, err
	}
	var previous *auditreport.Report
	if f.compare != "" {
		if previous, err = readReport(f.compare); err != nil {
			return 0, err
		}
	}
	label := strings.SplitN(target, ":", 2)[1]
	prog, log, closeProgress, err := f.progress(e, label)
	if err != nil {
		return 0, err
	}
	opts.Observer = prog
	token := os.Getenv(f.tokenEnv)
	if token == "" {
		log.Warn().Str("env", f.tokenEnv).Msg("no GitHub token: only public repositories, 60 requests an hour, and no branch protection settings")
	}
	cacheDir, err := f.cacheDirectory()
	if err != nil {
		return 0, err
	}
	src, err := audit.NewGitHub(audit.GitHubOptions{
		Token: token, BaseURL: f.url, Target: target, Repositories: list,
		CacheDir: cacheDir, MaxArchive: f.maxArchiveMiB << 20, Waiter: prog,
	})
	if err != nil {
		return 0, usagef("%v", err)
	}
	start := time.Now()
	repos, err := src.Repositories(e.ctx)
	if err != nil {
		return 0, err
	}
	selected := audit.Select(repos, &opts)
	run := record.Run{
		Version: record.Version, Tool: Version, Target: target, API: src.API(),
		Options: opts.OptionsDigest(), Shard: opts.Shard, Started: start.UTC().Truncate(time.Second),
		Repositories: len(selected),
	}
	store, err := audit.OpenStore(f.out, run, f.resume)
	var other *audit.OtherAuditError
	if errors.Is(err, audit.ErrExists) || errors.As(err, &other) {
		return 0, usagef("%v", err)
	}
	if err != nil {
		return 0, err
	}
	res, runErr := audit.Run(e.ctx, src, selected, store, opts)
	closeProgress()
	if err := store.Close(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil {
		return 0, runErr
	}
	stats := src.Stats()
	stats.Elapsed = time.Since(start)
	log.Info().Int("requests", stats.Requests).Int("not_modified", stats.NotModified).
		Int("cached_archives", stats.CachedArchives).Int("retries", stats.Retries).
		Float64("requests_per_repository", perRepo(stats.Requests, len(selected))).
		Msg("GitHub API use")
	hdr, records, err := audit.ReadDir(f.out)
	if err != nil {
		return 0, err
	}
	rep := auditreport.Build(auditreport.Input{Run: *hdr, Records: records, Stats: stats, Previous: previous})
	if err := writeReports(f.out, rep); err != nil {
		return 0, err
	}
	fmt.Fprintf(e.stdout, "%d of %d repositories audited; reports in %s (report.html, report.md, report.json)\n",
		res.Recorded, res.Planned, f.out)
	switch {
	case res.Stopped != nil:
		fmt.Fprintf(e.stderr, "lockstep audit: stopped: %v; fix it and run again with --resume\n", res.Stopped)
		return ExitFailure, nil
	case !res.Complete():
		fmt.Fprintf(e.stderr, "lockstep audit: %d repositories unfinished (%s); run again with --resume\n",
			len(res.Unfinished), strings.Join(firstN(res.Unfinished, 5), ", "))
		return ExitFailure, nil
	}
	return ExitOK, nil
}

func (f *auditFlags) cacheDirectory() (string, error) {
	switch {
	case f.noCache:
		return "", nil
	case f.cacheDir != "":
		return f.cacheDir, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", usagef("no user cache directory (%v); pass --cache-dir or --no-cache", err)
	}
	return filepath.Join(dir, "lockstep"), nil
}

func perRepo(n, repos int) float64 {
	if repos == 0 {
		return 0
	}
	return float64(n) / float64(repos)
}

func firstN(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(append([]string(nil), s[:n]...), fmt.Sprintf("and %d more", len(s)-n))
}

func readReport(name string) (*auditreport.Report, error) {
	fh, err := os.Open(name)
	if err != nil {
		return nil, usagef("--compare: %v", err)
	}
	defer func() { _ = fh.Close() }()
	r, err := auditreport.ReadJSON(fh)
	if err != nil {
		return nil, usagef("--compare: %s: %v", name, err)
	}
	return r, nil
}

// writeReports writes the three reports into dir, each whole or not at
// all, readable by the user only: they name private repositories.
func writeReports(dir string, r *auditreport.Report) error {
	for _, out := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"report.json", func(b *bytes.Buffer) error { return auditreport.WriteJSON(b, r) }},
		{"report.md", func(b *bytes.Buffer) error { return auditreport.WriteMarkdown(b, r) }},
		{"report.html", func(b *bytes.Buffer) error { return auditreport.WriteHTML(b, r) }},
	} {
		var b bytes.Buffer
		if err := out.write(&b); err != nil {
			return fmt.Errorf("%s: %w", out.name, err)
		}
		if err := audit.WriteFile(filepath.Join(dir, out.name), b.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

func runMerge(e *env, args []string) int {
	var out, compare string
	fs := mergeFlagSet(e.stderr, &out, &compare)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if len(pos) == 0 {
		fmt.Fprintln(e.stderr, "lockstep merge: name the output directories of the shards")
		return ExitUsage
	}
	code, err := merge(e, pos, out, compare)
	if err != nil {
		fmt.Fprintf(e.stderr, "lockstep merge: %v\n", err)
		return exitCode(err)
	}
	return code
}

func mergeFlagSet(w io.Writer, out, compare *string) *flag.FlagSet {
	fs := newFlagSet("merge", "[flags] DIR...", w)
	fs.StringVar(out, "out", "lockstep-audit", "write the merged reports to `DIR`")
	fs.StringVar(compare, "compare", "", "compare with a previous audit's report.json `FILE`")
	return fs
}

func merge(e *env, dirs []string, out, compare string) (int, error) {
	var previous *auditreport.Report
	if compare != "" {
		var err error
		if previous, err = readReport(compare); err != nil {
			return 0, err
		}
	}
	m, err := audit.Merge(dirs)
	if err != nil {
		return 0, usagef("%v", err)
	}
	if err := os.MkdirAll(out, 0o700); err != nil {
		return 0, err
	}
	rep := auditreport.Build(auditreport.Input{Run: m.Run, Records: m.Records, Previous: previous})
	if err := writeReports(out, rep); err != nil {
		return 0, err
	}
	fmt.Fprintf(e.stdout, "%d repositories from %d shards; reports in %s (report.html, report.md, report.json)\n",
		len(m.Records), len(dirs), out)
	if !m.Complete() {
		fmt.Fprintf(e.stderr, "lockstep merge: the audit is incomplete: %s\n", m.Problem())
		return ExitFailure, nil
	}
	return ExitOK, nil
}
