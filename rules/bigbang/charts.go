package bigbang

import (
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/helm"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// chart is what the rules read of a Helm chart: Chart.yaml and its
// default values.
type chart struct {
	dir        string
	file       string
	name       source.String
	version    source.String
	deps       []chartDep
	depsKey    source.Pos // the dependencies: key
	values     *yaml.Node // values.yaml's root, nil when absent
	valuesFile string
}

// chartDep is one entry of dependencies:.
type chartDep struct {
	name, version, repository source.String
	pos                       source.Pos
}

func fromChart(hc *helm.Chart) *chart {
	c := &chart{dir: hc.Dir, file: hc.Path, name: hc.Name, version: hc.Version, depsKey: hc.DependenciesPos}
	for _, d := range hc.Dependencies {
		c.deps = append(c.deps, chartDep{name: d.Name, version: d.Version, repository: d.Repository, pos: d.Pos})
	}
	// The chart's default values: values.yaml (or .yml) beside Chart.yaml.
	for _, v := range hc.Values {
		if base := path.Base(v.Path); path.Dir(v.Path) == hc.Dir && (base == "values.yaml" || base == "values.yml") && source.IsMap(v.Root) {
			c.values, c.valuesFile = v.Root, v.Path
			break
		}
	}
	return c
}

// localDep is the chart directory of a file:// dependency, or "".
func (c *chart) localDep(d chartDep) string {
	rest, ok := strings.CutPrefix(d.repository.Value, "file://")
	if !ok {
		return ""
	}
	return path.Join(c.dir, rest)
}

// chartService says which service a chart deploys: the service of its
// name or of its directory.
func (f *fleet) chartService(c *chart) (string, bool) {
	for _, n := range []string{c.name.Value, path.Base(c.dir)} {
		if f.has(n) {
			return n, true
		}
	}
	return "", false
}

// chartMembers are the services a chart deploys: its own, and those of its
// first-party (file://) dependencies.
func (f *fleet) chartMembers(m *manifests, c *chart) []member {
	var out []member
	if n, ok := f.chartService(c); ok {
		out = append(out, member{service: n, pos: c.name.Pos, what: "chart " + c.dir})
	}
	for _, d := range c.deps {
		if dir := c.localDep(d); dir != "" {
			if sub := m.charts[dir]; sub != nil {
				if n, ok := f.chartService(sub); ok {
					out = append(out, member{service: n, pos: sub.name.Pos, what: "chart " + sub.dir})
				}
			}
		}
	}
	return out
}

// sortedCharts lists the charts by directory.
func sortedCharts(m *manifests) []*chart {
	dirs := make([]string, 0, len(m.charts))
	for d := range m.charts {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	out := make([]*chart, len(dirs))
	for i, d := range dirs {
		out[i] = m.charts[d]
	}
	return out
}
