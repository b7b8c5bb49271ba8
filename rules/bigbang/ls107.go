package bigbang

import (
	_ "embed"
	"fmt"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

//go:embed ls107.md
var ls107Doc string

// OrderedRollout reports rollouts that must happen in a fixed order
// across services.
type OrderedRollout struct{}

var ls107 = &rules.Meta{
	ID:       "LS107",
	Name:     "ordered-rollout",
	Category: rules.CategoryBigBang,
	// A warning: an ordering works until the day one service must ship
	// alone, and then it fails at startup.
	Severity: rules.Warning,
	Title:    "services must be rolled out in a fixed order",
	Since:    "v0.1.0",
	Remediation: "Make each service start and stay ready without its dependencies (retry with backoff, " +
		"degrade gracefully, readiness that reflects only the service itself), drop cross-service " +
		"sync waves, hook weights, wait-for init containers and depends_on ordering, and keep " +
		"interfaces backward compatible so that any order works.",
	Doc: ls107Doc,
}

// Meta describes LS107.
func (OrderedRollout) Meta() *rules.Meta { return ls107 }

// Check reports each ordering mechanism between two services or more.
func (OrderedRollout) Check(p *rules.Pass) {
	f := fleetOf(p.Repo)
	pipelines := ci.FromRepo(p.Repo)
	reportComposeOrder(p, f, pipelines)
	reportSyncWaves(p, f)
	reportHookWeights(p, f, p.Repo)
	reportWaitingInitContainers(p, f)
}

// reportComposeOrder reports the health-gated depends_on edges between
// first-party services of each Compose file a deploy job starts. Compose
// used only for local development orders nothing in production.
func reportComposeOrder(p *rules.Pass, f *fleet, pipelines []*ci.Pipeline) {
	for _, d := range deployedComposeFiles(p.Repo, pipelines) {
		byName := map[string]string{}
		for _, s := range d.file.Services {
			if n, ok := f.composeService(s); ok {
				byName[s.Name.Value] = n
			}
		}
		var related []rules.Related
		var first source.Pos
		var services []string
		for _, s := range d.file.Services {
			from, ok := byName[s.Name.Value]
			if !ok {
				continue
			}
			for _, dep := range s.DependsOn {
				to, ok := byName[dep.Service.Value]
				if !ok || to == from || dep.Condition.Value != "service_healthy" {
					continue
				}
				services = append(services, from, to)
				if !first.IsValid() {
					first = dep.Pos
				}
				related = append(related, rules.RelatedAt(dep.Pos, fmt.Sprintf("%s starts only once %s is healthy", from, to)))
			}
		}
		if len(related) == 0 {
			continue
		}
		services = sortedSet(services)
		related = append(related, rules.RelatedAt(d.at, jobRef(d.job)+" deploys with docker compose"))
		p.Report(rules.Finding{
			Location: rules.At(first),
			Message: fmt.Sprintf("%s start in a fixed order (depends_on with condition service_healthy) when %s deploys %s: %s",
				plural(len(services), "service"), jobRef(d.job), d.file.Path, nameList(services)),
			Related: related,
		})
	}
}
