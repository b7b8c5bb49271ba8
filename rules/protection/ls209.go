package protection

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

//go:embed ls209.md
var ls209Doc string

// UnprotectedProductionEnvironment reports deploy jobs whose environment
// any branch may deploy to without approval.
type UnprotectedProductionEnvironment struct{}

// environmentSettings say which environment names mean production and
// which environments are meant to stay open. Both are regular
// expressions, matched case-insensitively against the environment name.
type environmentSettings struct {
	Production []string `yaml:"production"`
	Open       []string `yaml:"open-environments"`
}

var defaultEnvironmentSettings = environmentSettings{
	Production: []string{`^(prod|production|prd|live)([-_./].*)?$`, `[-_./](prod|production|prd|live)$`},
	Open:       []string{`^(preview|review|pr|dev|development|sandbox|ephemeral)([-_./].*)?$`},
}

// Validate rejects patterns that are not regular expressions.
func (s *environmentSettings) Validate() error {
	for _, setting := range []struct {
		key      string
		patterns []string
	}{{"production", s.Production}, {"open-environments", s.Open}} {
		for _, expr := range setting.patterns {
			if _, err := regexp.Compile(expr); err != nil {
				return fmt.Errorf("%s: pattern %q: %w", setting.key, expr, err)
			}
		}
	}
	return nil
}

var ls209 = &rules.Meta{
	ID:       "LS209",
	Name:     "unprotected-production-environment",
	Category: rules.CategoryProtection,
	// An error for production: any branch, reviewed or not, can deploy.
	// Other deploy environments are reported as warnings.
	Severity: rules.Error,
	Title:    "a deploy job targets an environment without required reviewers or a deployment branch policy",
	Since:    "v0.1.0",
	Remediation: "Define the environment in the repository settings with required reviewers or a deployment " +
		"branch policy (protected branches, or the default branch only).",
	Settings: func() *environmentSettings { s := defaultEnvironmentSettings; return &s }(),
	Doc:      ls209Doc,
}

// Meta describes LS209.
func (UnprotectedProductionEnvironment) Meta() *rules.Meta { return ls209 }

// Check reports each environment key of a deploy job (one that deploys
// per the CI classifier, or any job whose environment looks like
// production) whose environment the settings leave unprotected, or do not
// define although they list every environment.
func (UnprotectedProductionEnvironment) Check(p *rules.Pass) {
	s := p.Repo.Settings
	if s == nil {
		return
	}
	cfg := settingsOf(p, &defaultEnvironmentSettings)
	production, open := compileAll(cfg.Production), compileAll(cfg.Open)
	complete := environmentsComplete(p.Repo, s)
	for _, t := range targets(p.Repo, ci.FromRepo(p.Repo)) {
		name := t.name.Value
		isProduction := matchesAny(production, name)
		if (!isProduction && !t.job.Deploys()) || matchesAny(open, name) {
			continue
		}
		sev := rules.SeverityDefault
		if !isProduction {
			sev = rules.Warning
		}
		subject := "job " + strconv.Quote(t.job.Name.Value) + " deploys to environment " + strconv.Quote(name)
		if t.caller != nil {
			subject = "job " + strconv.Quote(t.caller.Name.Value) + " calls " + t.job.Pipeline.Path + ", whose " + subject
		}
		env := findEnvironment(s, name)
		var msg string
		var related []rules.Related
		switch {
		case env == nil && complete:
			msg = subject + ", which is not defined in the repository settings, so GitHub creates it " +
				"unprotected when the job first runs"
			related = settingsRelated(p, s, name)
		case env == nil || !unprotectedEnvironment(env):
			continue
		default:
			msg = subject + ", which requires no reviewer and has no deployment branch policy: " +
				"any branch can deploy to it without approval"
			related = environmentRelated(s, env)
		}
		if t.declared.IsValid() {
			related = append(related, rules.RelatedAt(t.declared, "job "+strconv.Quote(t.job.Name.Value)+" takes its environment from the caller's input"))
		}
		p.Report(rules.Finding{Location: rules.At(t.at), Severity: sev, Message: msg, Related: related})
	}
}

// environmentRelated points at the environment's definition: in the
// settings file, or the repository on GitHub.
func environmentRelated(s *github.Settings, env *github.Environment) []rules.Related {
	name := "environment " + strconv.Quote(env.Name.Value)
	if env.Origin.Pos.IsValid() {
		return []rules.Related{rules.RelatedAt(env.Origin.Pos, name+" is defined here without protection rules")}
	}
	return []rules.Related{{Location: rules.Logical(logicalName(s)), Message: name + " has no protection rules"}}
}

// settingsRelated points at the settings' list of environments, which
// lacks the environment name.
func settingsRelated(p *rules.Pass, s *github.Settings, name string) []rules.Related {
	if s.Source == github.SourceSettingsFile {
		if pos, ok := environmentsKey(p.Repo); ok {
			return []rules.Related{rules.RelatedAt(pos, "the environments are listed here")}
		}
	}
	msg := "the repository has no environment " + strconv.Quote(name)
	return []rules.Related{{Location: rules.Logical(logicalName(s)), Message: msg}}
}
