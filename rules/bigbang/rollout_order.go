package bigbang

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// syncWave is one service's workload in an Argo CD sync wave.
type syncWave struct {
	service string
	wave    int
	at      source.Pos
}

// reportSyncWaves reports Argo CD sync waves that put different services'
// workloads in different waves. Waves over other kinds (a Namespace or a
// CRD first) order infrastructure, not services, and are ignored.
func reportSyncWaves(p *rules.Pass, f *fleet) {
	var waves []syncWave
	for _, o := range f.m.objects {
		n, ok := f.workloadService(o)
		if !ok {
			continue
		}
		a := o.annotation("argocd.argoproj.io/sync-wave")
		if w, err := strconv.Atoi(strings.TrimSpace(a.Value)); err == nil {
			waves = append(waves, syncWave{n, w, a.Pos})
		}
	}
	reportOrder(p, waves, "Argo CD sync waves", "wave")
}

var hookWeight = regexp.MustCompile(`["']?helm\.sh/hook-weight["']?\s*:\s*["']?(-?\d+)`)

// reportHookWeights reports Helm hook weights that order the subcharts of
// different services within one umbrella release.
func reportHookWeights(p *rules.Pass, f *fleet, r *repo.Repo) {
	templates := templatesByDir(r)
	for _, c := range sortedCharts(f.m) {
		var weights []syncWave
		for _, d := range c.deps {
			sub := f.m.charts[c.localDep(d)]
			if sub == nil {
				continue
			}
			n, ok := f.chartService(sub)
			if !ok {
				continue
			}
			for _, file := range templates[sub.dir] {
				for i, line := range strings.Split(string(file.Data), "\n") {
					if m := hookWeight.FindStringSubmatchIndex(line); m != nil {
						w, _ := strconv.Atoi(line[m[2]:m[3]])
						weights = append(weights, syncWave{n, w, source.Pos{File: file.Path, Line: i + 1, Col: m[0] + 1}})
					}
				}
			}
		}
		reportOrder(p, weights, fmt.Sprintf("Helm hook weights in the subcharts of %q", c.name.Value), "weight")
	}
}

// templatesByDir lists the Helm templates below each directory, in the
// model's order. Looking through every file of the repository for each
// subchart of an umbrella cost a tenth of a 1,000-service check's rules.
func templatesByDir(r *repo.Repo) map[string][]*repo.File {
	out := map[string][]*repo.File{}
	for _, file := range r.Files {
		if file.Kind != repo.KindHelmTemplate {
			continue
		}
		for dir := path.Dir(file.Path); dir != "." && dir != "/"; dir = path.Dir(dir) {
			out[dir] = append(out[dir], file)
		}
	}
	return out
}

// reportOrder reports steps of two services or more at different
// positions of an ordering, once, at the first step.
func reportOrder(p *rules.Pass, steps []syncWave, mechanism, unit string) {
	byService := map[string]int{}
	levels := map[int]bool{}
	for _, s := range steps {
		if _, seen := byService[s.service]; !seen {
			byService[s.service] = s.wave
		}
		levels[s.wave] = true
	}
	if len(byService) < 2 || len(levels) < 2 {
		return
	}
	order := slices.Clone(steps)
	slices.SortStableFunc(order, func(a, b syncWave) int { return a.wave - b.wave })
	var parts []string
	var related []rules.Related
	seen := map[string]bool{}
	for _, s := range order {
		related = append(related, rules.RelatedAt(s.at, fmt.Sprintf("%s: %s %d", s.service, unit, s.wave)))
		if !seen[s.service] {
			seen[s.service] = true
			parts = append(parts, fmt.Sprintf("%s (%d)", s.service, s.wave))
		}
	}
	p.Report(rules.Finding{
		Location: rules.At(steps[0].at),
		Message:  fmt.Sprintf("%s roll out %s in a fixed order: %s", mechanism, plural(len(byService), "service"), strings.Join(parts, ", ")),
		Related:  related,
	})
}

var waitCommand = regexp.MustCompile(`\b(?:until|while)\b.*\b(?:wget|curl|nc|nslookup|getent|pg_isready|grpc_health_probe)\b|\bwait-for(?:-it)?\b|\bdockerize\b.*-wait\b|\bnc\s+-z\b`)

// reportWaitingInitContainers reports init containers that wait for
// another service before their own service may start.
func reportWaitingInitContainers(p *rules.Pass, f *fleet) {
	for _, o := range f.m.objects {
		self, ok := f.workloadService(o)
		if !ok {
			continue
		}
		for _, c := range o.containers(true) {
			var words []string
			for _, key := range []string{"command", "args"} {
				for _, s := range source.Strings(o.file, source.Get(c, key)) {
					words = append(words, s.Value)
				}
			}
			script := strings.Join(words, " ")
			if !waitCommand.MatchString(script) {
				continue
			}
			var others []string
			for _, n := range f.named(script, isHostSep) {
				if n != self {
					others = append(others, n)
				}
			}
			if len(others) == 0 {
				continue
			}
			name := source.Str(o.file, source.Get(c, "name"))
			p.Reportf(name.Pos, "init container %q of %s %s waits for %s: %s can only roll out once %s is up",
				name.Value, o.kind, o.name.Value, nameList(others), self, nameList(others))
		}
	}
}

// isHostSep separates host names in URLs and shell words:
// "http://orders.shop.svc.cluster.local:8080/healthz".
func isHostSep(r rune) bool { return strings.ContainsRune(" /:.@=\"'`${}()[],;|&", r) }
