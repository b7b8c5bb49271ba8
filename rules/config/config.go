// Package config reads .lockstep.yml, applies inline suppressions and
// baselines. Configuration is strict: an unknown key or a wrong type is an
// error naming the file, line and column, with a suggestion for typos.
package config

import (
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// FileNames are the names a configuration file may have.
var FileNames = []string{".lockstep.yml", ".lockstep.yaml"}

// Config is a parsed .lockstep.yml.
type Config struct {
	Path    string
	Version source.String
	Exclude []source.String
	Enable  []source.String
	Disable []source.String
	// Baseline names a baseline file, relative to the configuration file.
	Baseline source.String
	Rules    []*RuleConfig
	Services []*ServiceConfig
	// CI holds extra command patterns per CI activity ("deploy",
	// "dry-run", "build", "push", "test", "lint", "security").
	CI map[string][]source.String
	// Flags holds the flags: section; nil when absent.
	Flags *FlagsConfig
}

// FlagsConfig is the flags: section: what the LS3xx rules and the flag
// analyzers treat as a flag mechanism besides the built-in SDK table and
// definition formats.
type FlagsConfig struct {
	Packages    []*FlagPackageConfig
	Definitions []source.String // globs of extra flag definition files
}

// FlagPackageConfig is one in-house flag package.
type FlagPackageConfig struct {
	Path    source.String   // import path prefix
	Calls   []source.String // names of its evaluation functions or methods
	Key     int             // argument index of the flag key
	Default int             // argument index of the default value, -1 for none
	Pos     source.Pos
}

// RuleConfig is one entry of rules:.
type RuleConfig struct {
	Key      source.String // the rule's ID or name as written
	Enabled  *bool
	Severity source.String
	Settings *yaml.Node
}

// ServiceConfig is one entry of services:.
type ServiceConfig struct {
	Name                     source.String
	Paths, Images, Workloads []source.String
	Pos                      source.Pos
}

// BaselinePath is the baseline file the configuration names, or "".
func (c *Config) BaselinePath() string {
	if c == nil || c.Baseline.Value == "" {
		return ""
	}
	if filepath.IsAbs(c.Baseline.Value) {
		return c.Baseline.Value
	}
	return filepath.Join(filepath.Dir(c.Path), filepath.FromSlash(c.Baseline.Value))
}

// Error is a configuration mistake at a position; the CLI exits 2.
type Error struct {
	Pos source.Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

func errorf(pos source.Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: sprintf(format, args...)}
}

// Find walks up from dir to the directory holding .git (or the file system
// root) and returns the first configuration file found, or "".
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		for _, name := range FileNames {
			p := filepath.Join(dir, name)
			if info, err := os.Stat(p); err == nil && !info.IsDir() {
				return p, nil
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}
