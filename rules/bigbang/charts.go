package bigbang

import (
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo"
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

func readChart(r *repo.Repo, f *repo.File) *chart {
	docs, _ := source.ParseYAML(f.Path, f.Data, source.DefaultLimits)
	if len(docs) == 0 || !source.IsMap(docs[0].Root) {
		return nil
	}
	root := docs[0].Root
	c := &chart{
		dir: path.Dir(f.Path), file: f.Path,
		name:    source.Str(f.Path, source.Get(root, "name")),
		version: source.Str(f.Path, source.Get(root, "version")),
	}
	if k, _ := source.Lookup(root, "dependencies"); k != nil {
		c.depsKey = source.PosOf(f.Path, k)
	}
	for _, d := range source.Items(source.Get(root, "dependencies")) {
		c.deps = append(c.deps, chartDep{
			name:       source.Str(f.Path, source.Get(d, "name")),
			version:    source.Str(f.Path, source.Get(d, "version")),
			repository: source.Str(f.Path, source.Get(d, "repository")),
			pos:        source.PosOf(f.Path, d),
		})
	}
	for _, name := range []string{"values.yaml", "values.yml"} {
		vp := path.Join(c.dir, name)
		if data := r.Data(vp); data != nil {
			vdocs, _ := source.ParseYAML(vp, data, source.DefaultLimits)
			if len(vdocs) > 0 && source.IsMap(vdocs[0].Root) {
				c.values, c.valuesFile = vdocs[0].Root, vp
			}
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
