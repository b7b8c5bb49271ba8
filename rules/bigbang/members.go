package bigbang

import (
	"path"
	"slices"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/compose"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// member is one service a deploy mechanism touches, and where the
// repository defines what is deployed of it.
type member struct {
	service string
	pos     source.Pos // the workload, chart, application or compose service
	what    string     // "Deployment cart", "chart deploy/charts/cart"
}

// members keeps one member per service, the first found, sorted by name.
func uniqueMembers(ms []member) []member {
	slices.SortStableFunc(ms, func(a, b member) int {
		switch {
		case a.service < b.service:
			return -1
		case a.service > b.service:
			return 1
		}
		return 0
	})
	return slices.CompactFunc(ms, func(a, b member) bool { return a.service == b.service })
}

func memberNames(ms []member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.service
	}
	return out
}

// memberRelated points at each member's definition.
func memberRelated(ms []member) []rules.Related {
	var out []rules.Related
	for _, m := range ms {
		if m.pos.IsValid() {
			out = append(out, rules.RelatedAt(m.pos, m.service+": "+m.what))
		}
	}
	return out
}

// resolve says which services a deploy target deploys.
func (f *fleet) resolve(r *repo.Repo, t target) []member {
	var out []member
	switch t.kind {
	case kubectlFiles:
		for _, p := range t.paths {
			if _, ok := f.m.kustomizations[p]; ok && len(f.m.objectsAt(p, t.recursive)) == 0 {
				continue // kubectl -f on a kustomization directory applies its plain files only
			}
			out = append(out, f.objectMembers(f.m.objectsAt(p, t.recursive))...)
		}
	case kustomization:
		for _, p := range t.paths {
			out = append(out, f.objectMembers(f.m.kustomizeObjects(p))...)
		}
	case helmChart:
		for _, p := range t.paths {
			if c := f.m.charts[p]; c != nil {
				out = append(out, f.chartMembers(f.m, c)...)
			} else if n := path.Base(p); f.has(n) {
				out = append(out, member{service: n, pos: f.home[n], what: "chart " + p})
			}
		}
	case argoApps:
		for _, n := range t.names {
			out = append(out, f.appMembers(n)...)
		}
	case skaffoldConfig:
		out = append(out, f.skaffoldMembers(r, t)...)
	case composeUp:
		byPath := map[string]*compose.File{}
		for _, cf := range composeFilesOf(r) {
			byPath[cf.Path] = cf
		}
		for _, cf := range t.composeFiles(byPath) {
			for _, s := range cf.Services {
				n, ok := f.composeService(s)
				if ok && (len(t.names) == 0 || slices.Contains(t.names, s.Name.Value)) {
					out = append(out, member{service: n, pos: s.Pos, what: "Compose service " + s.Name.Value})
				}
			}
		}
	}
	return out
}

// objectMembers are the services whose workloads are among objs.
func (f *fleet) objectMembers(objs []*object) []member {
	var out []member
	for _, o := range objs {
		if n, ok := f.workloadService(o); ok {
			out = append(out, member{service: n, pos: o.name.Pos, what: o.kind + " " + o.name.Value})
		}
	}
	return out
}
