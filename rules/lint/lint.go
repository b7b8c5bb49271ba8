// Package lint is one configured lockstep run over a directory: find and
// apply .lockstep.yml, load the repository, run the enabled rules, apply
// inline suppressions and the baseline. The CLI and the go/analysis
// analyzers both go through it, so every user sees the same findings.
package lint

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/config"
	"github.com/lockstep-lint/lockstep/rules/registry"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

// Options describe one run.
type Options struct {
	Dir string // the directory to check
	// FS, when set, is the repository itself (an archive the org audit
	// downloaded) and Dir only names it in messages. Its configuration is
	// the .lockstep.yml at its root, unless Config names a file on disk;
	// nothing is read from the disk around it.
	FS fs.FS
	// IgnoreConfig checks with lockstep's defaults and reads no
	// configuration file.
	IgnoreConfig bool
	// Config names the configuration file; "" finds .lockstep.yml by
	// walking up from Dir.
	Config string
	// Enable and Disable list rule IDs or names, applied after the
	// configuration, as the command-line flags of the same names.
	Enable, Disable []string
	// Baseline names a baseline file; "" uses the configuration's
	// baseline: key, if any.
	Baseline string
	// NoBaseline ignores any baseline.
	NoBaseline bool
	// Settings, when set, supplies the repository's GitHub settings in
	// place of .github/settings.yml; returning nil keeps the file's.
	Settings func(ctx context.Context, dir string) (*github.Settings, error)
	// Rules holds per-rule entries in the shape of .lockstep.yml's rules:
	// section (the golangci-lint plugin's settings); they are applied after
	// the configuration file's.
	Rules map[string]any
	// GoSourceElsewhere says the Go-source rules run outside this run
	// (as analyzers under go vet or golangci-lint), so suppressions of
	// theirs are not reported as unused here.
	GoSourceElsewhere bool
	// Diff is the change under review (--base), or nil.
	Diff *repo.Diff
	// Extra produces findings that come from outside the rule engine (the
	// Go-source analyzers); they go through the same suppressions,
	// severities and baseline. Open starts it as soon as the repository's
	// Go files are read, and Check waits for it.
	Extra func(ctx context.Context, s *GoSession) ([]rules.Finding, error)
}

// ConfigError is a mistake in the configuration or the options: the CLI
// exits 2 on it.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

func configErrorf(format string, args ...any) error {
	return &ConfigError{fmt.Errorf(format, args...)}
}

// Session is a loaded repository with its resolved configuration.
type Session struct {
	Dir         string
	Config      *config.Config
	Repo        *repo.Repo
	RuleOptions rules.Options
	Enabled     map[string]bool // rule IDs that run
	extra       *extraRun
}

// Result is what a run found.
type Result struct {
	*Session
	Findings []rules.Finding
	// All is every finding before the baseline hid some: what a new
	// baseline records.
	All   []rules.Finding
	Rules []*rules.Meta // the enabled rules, sorted by ID
	// Baseline is the baseline that hid findings, or nil.
	Baseline   *config.Baseline
	Suppressed int
	Baselined  int
}

// Open reads the configuration and loads the repository.
func Open(ctx context.Context, opts Options) (*Session, error) {
	var cfg *config.Config
	var err error
	switch {
	case opts.IgnoreConfig:
		cfg = &config.Config{}
	case opts.FS != nil && opts.Config == "":
		cfg, err = configIn(opts.FS, opts.Dir)
	default:
		cfg, err = loadConfig(opts.Config, opts.Dir)
	}
	if err != nil {
		return nil, err
	}
	if len(opts.Rules) > 0 {
		data, err := yaml.Marshal(map[string]any{"rules": opts.Rules})
		if err != nil {
			return nil, configErrorf("rule settings: %v", err)
		}
		extra, err := config.Parse("rule settings", data)
		if err != nil {
			return nil, &ConfigError{err}
		}
		cfg.Rules = append(cfg.Rules, extra.Rules...)
	}
	ropts, lopts, err := cfg.Resolve(registry.Metas())
	if err != nil {
		return nil, &ConfigError{err}
	}
	if err := toggle(&ropts, opts.Enable, true); err != nil {
		return nil, err
	}
	if err := toggle(&ropts, opts.Disable, false); err != nil {
		return nil, err
	}
	ropts.Diff = opts.Diff
	enabled := map[string]bool{}
	for _, m := range registry.Metas() {
		if ropts.IsEnabled(m) {
			enabled[m.ID] = true
		}
	}
	var extra *extraRun
	if opts.Extra != nil {
		extra, lopts.GoRead = startExtra(ctx, opts.Extra, opts.Dir, enabled, ropts.Diff)
	}
	r, err := load(ctx, opts, lopts)
	if err != nil {
		if extra != nil {
			extra.abandon()
		}
		return nil, err
	}
	if extra != nil {
		extra.loaded(r)
	}
	return &Session{Dir: opts.Dir, Config: cfg, Repo: r, RuleOptions: ropts, Enabled: enabled, extra: extra}, nil
}

// load reads the repository and its GitHub settings.
func load(ctx context.Context, opts Options, lopts repo.Options) (*repo.Repo, error) {
	var r *repo.Repo
	var err error
	if opts.FS != nil {
		r, err = repo.Load(ctx, opts.FS, opts.Dir, lopts)
	} else {
		r, err = repo.LoadDir(ctx, opts.Dir, lopts)
	}
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", opts.Dir, err)
	}
	if opts.Settings != nil {
		s, err := opts.Settings(ctx, opts.Dir)
		if err != nil {
			return nil, err
		}
		if s != nil {
			r.Settings = s
		}
	}
	return r, nil
}

// Run opens the repository and checks it.
func Run(ctx context.Context, opts Options) (*Result, error) {
	s, err := Open(ctx, opts)
	if err != nil {
		return nil, err
	}
	return s.Check(ctx, opts)
}

// Check runs the enabled rules over the session's repository, adds the
// findings of the Extra that Open started, then applies suppressions,
// severities and the baseline.
func (s *Session) Check(ctx context.Context, opts Options) (*Result, error) {
	findings, err := rules.Run(ctx, s.Repo, registry.All(), s.RuleOptions)
	var extra []rules.Finding
	if s.extra != nil {
		// Waited for even after an error: its go command must end first.
		var extraErr error
		extra, extraErr = s.extra.result()
		if err == nil {
			err = extraErr
		}
	}
	if err != nil {
		return nil, err
	}
	for _, f := range extra {
		if s.Enabled[f.Rule.ID] {
			findings = append(findings, f)
		}
	}
	res := &Result{Session: s}
	var problems []rules.Finding
	enabled := s.Enabled
	if opts.GoSourceElsewhere {
		enabled = map[string]bool{}
		for id := range s.Enabled {
			if m := registry.Lookup(id); m != nil && m.Analyzer == "" {
				enabled[id] = true
			}
		}
	}
	findings, res.Suppressed, problems = config.Suppress(s.Repo, findings, registry.Lookup, enabled)
	if s.Enabled["LS002"] {
		findings = append(findings, problems...)
	}
	rules.Finish(s.Repo, findings, s.RuleOptions.Severity)
	res.All = findings
	if !opts.NoBaseline {
		name := opts.Baseline
		if name == "" && opts.FS == nil {
			// A configuration inside FS names a baseline inside FS too,
			// which the audit does not apply: it asks how things stand.
			name = s.Config.BaselinePath()
		}
		if name != "" {
			b, err := ReadBaseline(name)
			if err != nil {
				return nil, err
			}
			res.Baseline = b
			findings, res.Baselined = b.Filter(findings)
		}
	}
	res.Findings = findings
	for _, m := range registry.Metas() {
		if s.Enabled[m.ID] {
			res.Rules = append(res.Rules, m)
		}
	}
	return res, nil
}

// ReadBaseline reads a baseline file.
func ReadBaseline(name string) (*config.Baseline, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, configErrorf("baseline: %v", err)
	}
	b, err := config.ReadBaseline(name, data)
	if err != nil {
		return nil, &ConfigError{err}
	}
	return b, nil
}

func loadConfig(explicit, dir string) (*config.Config, error) {
	name := explicit
	if name == "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, err
		}
		if name, err = config.Find(abs); err != nil {
			return nil, err
		}
		if name == "" {
			return &config.Config{}, nil
		}
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, configErrorf("config: %v", err)
	}
	cfg, err := config.Parse(name, data)
	if err != nil {
		return nil, &ConfigError{err}
	}
	return cfg, nil
}

// configIn reads the configuration at the root of fsys; name is how
// messages call fsys.
func configIn(fsys fs.FS, name string) (*config.Config, error) {
	for _, base := range config.FileNames {
		data, err := fs.ReadFile(fsys, base)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, configErrorf("config: %s: %v", path.Join(name, base), err)
		}
		cfg, err := config.Parse(path.Join(name, base), data)
		if err != nil {
			return nil, &ConfigError{err}
		}
		return cfg, nil
	}
	return &config.Config{}, nil
}

func toggle(o *rules.Options, list []string, on bool) error {
	for _, id := range list {
		m := registry.Lookup(id)
		if m == nil {
			return configErrorf("unknown rule %q (see 'lockstep rules')", id)
		}
		if o.Enabled == nil {
			o.Enabled = map[string]bool{}
		}
		o.Enabled[m.ID] = on
	}
	return nil
}

// InputDigest hashes everything a run over dir reads besides Go build
// inputs: the configuration, the baseline and every file the repository
// model is built from. See repo.InputDigest.
func InputDigest(dir, configPath string) (string, error) {
	cfg, err := loadConfig(configPath, dir)
	if err != nil {
		return "", err
	}
	_, lopts, err := cfg.Resolve(registry.Metas())
	if err != nil {
		return "", &ConfigError{err}
	}
	d, err := repo.InputDigest(dir, lopts)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write([]byte(d))
	for _, name := range []string{cfg.Path, cfg.BaselinePath()} {
		if name == "" {
			continue
		}
		data, err := os.ReadFile(name)
		fmt.Fprintf(h, "\x00%s\x00%v\x00", name, err)
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
