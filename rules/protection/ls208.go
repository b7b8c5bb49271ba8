package protection

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

//go:embed ls208.md
var ls208Doc string

// PhantomRequiredCheck reports a required status check that no workflow
// job of the repository reports.
type PhantomRequiredCheck struct{}

// phantomSettings name the checks that come from outside the workflows.
type phantomSettings struct {
	// External are regular expressions (case-insensitive) of check names
	// that other services report: external CI, coverage, CLA bots.
	External []string `yaml:"external-checks"`
}

// defaultExternal are the check names of services other than GitHub
// Actions workflows, which a check required from "any source" may come
// from: commit-status contexts of the form "service/name" (ci/circleci,
// codecov/patch, license/cla, security/snyk; a job name rarely has a
// slash without spaces around it), and the check runs of widespread apps.
var defaultExternal = []string{
	`^[^\s/]+/`,
	`^(codeql|analyze \(|sonarcloud|snyk|travis|circleci|jenkins|buildkite|semaphore|coveralls|codecov|deepsource|codescene|gitguardian|socket security|vercel|netlify|pre-commit\.ci)`,
	`^(cla|dco|wip)$`,
}

// Validate rejects patterns that are not regular expressions.
func (s *phantomSettings) Validate() error {
	for _, expr := range s.External {
		if _, err := regexp.Compile(expr); err != nil {
			return fmt.Errorf("external-checks: pattern %q: %w", expr, err)
		}
	}
	return nil
}

var ls208 = &rules.Meta{
	ID:       "LS208",
	Name:     "phantom-required-check",
	Category: rules.CategoryProtection,
	// A warning: the check blocks every merge until someone bypasses
	// protection, which teaches everyone to bypass it; or it is stale and
	// the gate it stood for is gone.
	Severity: rules.Warning,
	Title:    "a required status check is reported by no workflow job",
	Since:    "v0.1.0",
	Remediation: "Require the check under the name its job reports (the job's name, or its ID when it has none), " +
		"or remove the stale requirement; list checks of external services in external-checks.",
	Settings: &phantomSettings{External: defaultExternal},
	Doc:      ls208Doc,
}

// Meta describes LS208.
func (PhantomRequiredCheck) Meta() *rules.Meta { return ls208 }

// Check compares the required checks that only a workflow can report with
// the check names of the repository's jobs. It stays silent for a
// repository without workflows, for checks of other apps and of the
// external services named in the settings, and when a required workflow
// of another repository could report any name.
func (PhantomRequiredCheck) Check(p *rules.Pass) {
	s, prot := protectedBranch(p)
	if prot == nil || prot.StatusChecks.State != github.On {
		return
	}
	pipelines := githubPipelines(ci.FromRepo(p.Repo))
	if len(pipelines) == 0 || requiresForeignWorkflow(prot, pipelines) {
		return
	}
	external := compileAll(settingsOf(p, &phantomSettings{External: defaultExternal}).External)
	prods := producers(pipelines)
	for _, c := range prot.StatusChecks.List {
		if c.AppID != 0 && c.AppID != actionsAppID {
			continue // another app reports it
		}
		if c.AppID == 0 && matchesAny(external, c.Context) {
			continue
		}
		if len(jobsReporting(prods, c.Context)) > 0 {
			continue
		}
		report(p, s, c.Origin, rules.SeverityDefault,
			"required check "+strconv.Quote(c.Context)+" is reported by no job of this repository's workflows: "+
				"every pull request waits for it until someone bypasses protection"+hint(c.Context, pipelines))
	}
}

// githubPipelines keeps the GitHub Actions workflows.
func githubPipelines(all []*ci.Pipeline) []*ci.Pipeline {
	var out []*ci.Pipeline
	for _, pl := range all {
		if pl.Platform == ci.GitHub {
			out = append(out, pl)
		}
	}
	return out
}

// requiresForeignWorkflow reports a ruleset that requires a workflow not
// found in this repository: its jobs may report any check name.
func requiresForeignWorkflow(prot *github.Protection, pipelines []*ci.Pipeline) bool {
	for _, w := range prot.RequiredWorkflows {
		found := false
		for _, pl := range pipelines {
			found = found || pl.Path == w.Path
		}
		if !found {
			return true
		}
	}
	return false
}

// hint explains the two usual mistakes: requiring a named job by its ID,
// and requiring "workflow / job", which is how the pull request page shows
// a check, not its name.
func hint(context string, pipelines []*ci.Pipeline) string {
	for _, pl := range pipelines {
		for _, j := range pl.Jobs {
			if j.Title.Value != "" && strings.EqualFold(j.Name.Value, context) {
				return fmt.Sprintf("; job %q of %s reports its check as %q", j.Name.Value, pl.Path, j.Title.Value)
			}
		}
	}
	workflow, job, ok := strings.Cut(context, " / ")
	if !ok {
		return ""
	}
	for _, pl := range pipelines {
		if !strings.EqualFold(pl.Name.Value, workflow) {
			continue
		}
		if len(jobsReporting(producers([]*ci.Pipeline{pl}), job)) > 0 {
			return fmt.Sprintf("; the check is named %q: %q is how the pull request page shows workflow and job", job, context)
		}
	}
	return ""
}

func compileAll(patterns []string) []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, expr := range patterns {
		if re, err := regexp.Compile(`(?i)` + expr); err == nil {
			out = append(out, re)
		}
	}
	return out
}

func matchesAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
