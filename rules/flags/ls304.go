package flags

import (
	_ "embed"
	"fmt"
	"path"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
)

//go:embed ls304.md
var ls304Doc string

// StaleFlag reports flag definitions that no code uses any more, and,
// when asked, flags that are on for everyone but still evaluated.
type StaleFlag struct{}

type staleSettings struct {
	// RolledOut also reports flags served "on" to everyone that code
	// still evaluates. Off by default: lockstep cannot see how long a
	// flag has been fully on, and a flag in its first days at 100% is
	// supposed to stay in code until the rollout has proved itself.
	RolledOut bool `yaml:"rolled-out"`
	// Ignore are glob patterns (path.Match) of flag keys that other
	// programs evaluate: a frontend, a service in another repository.
	Ignore []string `yaml:"ignore"`
}

// Validate rejects malformed patterns.
func (s *staleSettings) Validate() error {
	for _, p := range s.Ignore {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("ignore: bad pattern %q: %w", p, err)
		}
	}
	return nil
}

var ls304 = &rules.Meta{
	ID:       "LS304",
	Name:     "stale-flag",
	Category: rules.CategoryFlags,
	// A note: stale flags are debt, not a risk to the next deploy.
	Severity: rules.Note,
	Title:    "a defined feature flag is no longer used by code, or is fully rolled out",
	Since:    "v0.1.0",
	Remediation: "Delete the flag's definition when no code evaluates it; when a flag is on for everyone, " +
		"remove its evaluation and the code of its off branch, then its definition.",
	Doc:      ls304Doc,
	Settings: &staleSettings{},
}

// Meta describes LS304.
func (StaleFlag) Meta() *rules.Meta { return ls304 }

// Check compares every defined key with the string literals of the Go
// code that ships. A literal is how a key reaches an evaluation call
// (directly or through a constant), so a key that appears in no literal
// is evaluated by no Go code; the Go-source analyzers see the calls
// themselves (LS303, LS305).
func (StaleFlag) Check(p *rules.Pass) {
	settings, _ := p.Settings.(*staleSettings)
	if settings == nil {
		settings = &staleSettings{}
	}
	code := scanGo(p.Repo)
	if !code.hasGo {
		return // the flags serve code lockstep does not read
	}
	for _, def := range p.Repo.FlagDefinitions {
		for _, f := range def.Flags {
			key := f.Key.Value
			if key == "" || ignored(key, settings.Ignore) {
				continue
			}
			at, used := code.reference(key)
			switch {
			case !used:
				p.Reportf(f.Key.Pos, "flag %s is defined in this %s file but no Go code refers to it: delete the definition, "+
					"or list the key under ignore if another program evaluates it", strconv.Quote(key), def.Format)
			case f.AlwaysOn && settings.RolledOut:
				p.Report(rules.Finding{
					Location: rules.At(f.Key.Pos),
					Message: "flag " + strconv.Quote(key) + " is on for everyone but code still evaluates it: " +
						"remove the evaluation and the code of its off branch",
					Related: []rules.Related{rules.RelatedAt(at, "the key is used here")},
				})
			}
		}
	}
}

func ignored(key string, patterns []string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, key); ok {
			return true
		}
	}
	return false
}
