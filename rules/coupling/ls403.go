package coupling

import (
	_ "embed"
	"fmt"
	"path"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/graph"
)

//go:embed ls403.md
var ls403Doc string

// StartupOrderDependency reports services that cannot start, or become
// ready, while another service is down.
type StartupOrderDependency struct{}

var ls403 = &rules.Meta{
	ID:       "LS403",
	Name:     "startup-order-dependency",
	Category: rules.CategoryCoupling,
	// A warning: it works while everything is up, and turns one service's
	// outage or slow rollout into another's.
	Severity: rules.Warning,
	Title:    "a service cannot start or become ready while another service is down",
	Since:    "v0.1.0",
	Remediation: "Let the service start without its dependencies: retry calls with backoff, serve what it can " +
		"(degrade), and make readiness reflect the service itself; remove wait-for init containers, probes " +
		"that ask other services and depends_on conditions from deployed Compose files.",
	Doc: ls403Doc,
}

// Meta describes LS403.
func (StartupOrderDependency) Meta() *rules.Meta { return ls403 }

// Check reports each waits-for edge of the service graph once, at its
// first mechanism, with the others as related locations. Compose
// depends_on counts only in Compose files that a deploy job starts: a
// local development stack orders nothing in production.
func (StartupOrderDependency) Check(p *rules.Pass) {
	g := graph.Of(p.Repo)
	deployed := deployedCompose(p.Repo)
	for _, e := range g.Edges {
		if e.Kind != graph.WaitsFor {
			continue
		}
		var kept []graph.Evidence
		for _, ev := range e.Evidence {
			if ev.Via != graph.ViaDependsOn || deployed[ev.Pos.File] {
				kept = append(kept, ev)
			}
		}
		if len(kept) == 0 {
			continue
		}
		var related []rules.Related
		for _, ev := range kept[1:] {
			related = append(related, rules.RelatedAt(ev.Pos, ev.Detail))
		}
		if to := g.Node(e.To); to != nil && to.Pos.IsValid() {
			related = append(related, rules.RelatedAt(to.Pos, e.To+" is built here"))
		}
		what := "cannot start"
		if kept[0].Via == graph.ViaReadiness {
			what = "is not ready"
		}
		p.Report(rules.Finding{
			Location: rules.At(kept[0].Pos),
			Message:  fmt.Sprintf("%s %s while %s is down: %s", e.From, what, e.To, kept[0].Detail),
			Related:  related,
		})
	}
}

// composeNames are the files docker compose reads without -f.
var composeNames = []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"}

// deployedCompose are the Compose files a deploy job starts: a command
// that both runs docker compose and deploys, naming the file with -f or
// run in its directory without -f.
func deployedCompose(r *repo.Repo) map[string]bool {
	out := map[string]bool{}
	if len(r.Compose) == 0 {
		return out
	}
	for _, pl := range ci.FromRepo(r) {
		for _, j := range pl.Jobs {
			if !j.Deploys() {
				continue
			}
			for _, c := range j.Commands {
				if !c.Activities.Has(ci.Compose) || !c.Activities.Has(ci.Deploy) {
					continue
				}
				for _, f := range r.Compose {
					if composeStarts(c, f.Path) {
						out[f.Path] = true
					}
				}
			}
		}
	}
	return out
}

func composeStarts(c ci.Command, file string) bool {
	words := strings.Fields(c.Text.Value)
	explicit := false
	for i, w := range words {
		if (w == "-f" || w == "--file") && i+1 < len(words) {
			explicit = true
			if path.Join(c.Dir, strings.Trim(words[i+1], `"'`)) == file {
				return true
			}
		} else if v, ok := strings.CutPrefix(w, "--file="); ok {
			explicit = true
			if path.Join(c.Dir, strings.Trim(v, `"'`)) == file {
				return true
			}
		}
	}
	if explicit {
		return false
	}
	dir := c.Dir
	if dir == "" {
		dir = "."
	}
	for _, n := range composeNames {
		if path.Join(dir, n) == file {
			return true
		}
	}
	return false
}
