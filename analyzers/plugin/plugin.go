// Package plugin is lockstep's golangci-lint v2 module plugin, registered
// as "lockstep". Blank-import it into a custom golangci-lint build (see
// docs/golangci-lint.md).
package plugin

import (
	"context"
	"fmt"
	"os"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/lockstep-lint/lockstep/analyzers"
	"github.com/lockstep-lint/lockstep/analyzers/category"
	"github.com/lockstep-lint/lockstep/analyzers/repomodel"
	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/lint"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

// Name is the key under linters.settings.custom in .golangci.yml.
const Name = "lockstep"

//nolint:gochecknoinits // golangci-lint finds module plugins by their registration at init
func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings in .golangci.yml; unknown keys are
// an error.
type Settings struct {
	Config   string   `json:"config"`   // .lockstep.yml to use
	Enable   []string `json:"enable"`   // rule IDs or names
	Disable  []string `json:"disable"`  // rule IDs or names
	Baseline string   `json:"baseline"` // baseline file
	Severity string   `json:"severity"` // least severity reported (default warning)
	// Offline (the default) keeps repository settings to
	// .github/settings.yml or SettingsSnapshot; false reads them from
	// GitHub with the token in $GITHUB_TOKEN.
	Offline          *bool  `json:"offline"`
	SettingsSnapshot string `json:"settings-snapshot"`
	GitHubRepo       string `json:"github-repo"`
	GitHubURL        string `json:"github-url"`
	// Rules holds per-rule entries as in .lockstep.yml's rules: section.
	Rules map[string]any `json:"rules"`
	// InputsDigest is written by the plugin itself; see New.
	InputsDigest string `json:"inputs-digest"`
}

// inputsKey is where New leaves the digest of the repository's non-Go
// inputs in the settings golangci-lint passed it.
const inputsKey = "inputs-digest"

type plugin struct {
	analyzers []*analysis.Analyzer
}

// New decodes the settings and builds the analyzers.
//
// golangci-lint caches issues per package, keyed on Go files and on its
// configuration's linters.settings (which it hashes after building the
// plugins). New adds a digest of the repository's YAML and other inputs to
// the settings map it was given, so that a change to a workflow or a
// manifest invalidates the cache instead of replaying stale issues.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, err
	}
	o := analyzers.Options{
		Repo: repomodel.Options{
			Config: s.Config, Enable: s.Enable, Disable: s.Disable,
			Baseline: s.Baseline, Rules: s.Rules,
		},
		Diagnostics: category.Options{AnchorGoMod: true},
	}
	if s.Severity != "" {
		if o.Repo.MinSeverity, err = rules.ParseSeverity(s.Severity); err != nil {
			return nil, fmt.Errorf("lockstep: severity: %w", err)
		}
	}
	if o.Repo.Settings, err = settingsSource(&s); err != nil {
		return nil, err
	}
	if m, ok := conf.(map[string]any); ok {
		if wd, err := os.Getwd(); err == nil {
			d, err := lint.InputDigest(repomodel.RootOf(wd), s.Config)
			if err != nil {
				d = "error: " + err.Error()
			}
			m[inputsKey] = d
		}
	}
	return &plugin{analyzers: analyzers.New(o)}, nil
}

func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) { return p.analyzers, nil }

// GetLoadMode asks for type information: the Go-source rules need it.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

func settingsSource(s *Settings) (func(context.Context, string) (*github.Settings, error), error) {
	if s.SettingsSnapshot != "" {
		return func(context.Context, string) (*github.Settings, error) {
			return github.ReadSnapshotFile(s.SettingsSnapshot)
		}, nil
	}
	if s.Offline == nil || *s.Offline {
		return nil, nil
	}
	return func(ctx context.Context, dir string) (*github.Settings, error) {
		token := os.Getenv("GITHUB_TOKEN")
		if token == "" {
			return nil, nil
		}
		owner, name, err := repoName(s.GitHubRepo, dir)
		if err != nil {
			return nil, err
		}
		c, err := github.NewClient(github.ClientOptions{Token: token, BaseURL: s.GitHubURL})
		if err != nil {
			return nil, err
		}
		snap, err := github.Fetch(ctx, c, owner, name)
		if err != nil {
			return nil, err
		}
		return github.FromSnapshot(snap)
	}, nil
}

func repoName(flag, dir string) (owner, name string, err error) {
	if flag == "" {
		return github.RepoFromGitConfig(dir)
	}
	owner, name, ok := github.SplitRepo(flag)
	if !ok {
		return "", "", fmt.Errorf("lockstep: github-repo: want OWNER/NAME, got %q", flag)
	}
	return owner, name, nil
}
