package bigbang

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// isArgo reports whether o is an Argo CD object of the kind.
func (o *object) isArgo(kind string) bool {
	return o.kind == kind && o.group() == "argoproj.io"
}

// appSources are an Application's sources: spec.source, or each of
// spec.sources.
func (o *object) appSources() []*yaml.Node {
	spec := source.Get(o.root, "spec")
	if s := source.Get(spec, "source"); s != nil {
		return []*yaml.Node{s}
	}
	return source.Items(source.Get(spec, "sources"))
}

// application finds the Application of that name.
func (m *manifests) application(name string) *object {
	for _, o := range m.objects {
		if o.isArgo("Application") && o.name.Value == name {
			return o
		}
	}
	return nil
}

// appObjects are the objects an Application's sources point at in this
// repository: the files of its path (filtered by directory.include), or
// the kustomization there; charts are returned apart.
func (m *manifests) appObjects(app *object) (objs []*object, charts []*chart) {
	for _, s := range app.appSources() {
		p := source.Get(s, "path")
		if p == nil || p.Value == "" {
			continue
		}
		dir := path.Clean(p.Value)
		if c := m.charts[dir]; c != nil {
			charts = append(charts, c)
			continue
		}
		d := source.Get(s, "directory")
		if _, ok := m.kustomizations[dir]; ok && d == nil { // directory: makes the source a plain directory
			objs = append(objs, m.kustomizeObjects(dir)...)
			continue
		}
		recursive := false
		include := ""
		if d != nil {
			if r, ok := source.Bool(source.Get(d, "recurse")); ok {
				recursive = r
			}
			include = strings.Trim(scalar(source.Get(d, "include")), "{}")
		}
		for _, o := range m.objectsAt(dir, recursive) {
			if include == "" || globMatch(include, path.Base(o.file)) {
				objs = append(objs, o)
			}
		}
	}
	return objs, charts
}

// globMatch matches one pattern, or any of a comma-separated list.
func globMatch(patterns, name string) bool {
	for _, p := range strings.Split(patterns, ",") {
		if ok, _ := path.Match(strings.TrimSpace(p), name); ok {
			return true
		}
	}
	return false
}

// childApps are the Applications an app-of-apps deploys.
func (m *manifests) childApps(app *object) []*object {
	objs, _ := m.appObjects(app)
	var out []*object
	for _, o := range objs {
		if o.isArgo("Application") && o != app {
			out = append(out, o)
		}
	}
	return out
}

// appMembers are the services an Argo CD application deploys, by name:
// the workloads and charts of its source, or through the applications it
// holds, or the service it is named for.
func (f *fleet) appMembers(name string) []member {
	app := f.m.application(name)
	if app == nil {
		if f.has(name) {
			return []member{{service: name, pos: f.home[name], what: "Argo CD application " + name}}
		}
		return nil
	}
	return f.appTree(app, 0)
}

func (f *fleet) appTree(app *object, depth int) []member {
	if depth > 8 {
		return nil
	}
	var out []member
	objs, charts := f.m.appObjects(app)
	out = append(out, f.objectMembers(objs)...)
	for _, c := range charts {
		out = append(out, f.chartMembers(f.m, c)...)
	}
	for _, child := range f.m.childApps(app) {
		out = append(out, f.appTree(child, depth+1)...)
	}
	if len(out) == 0 && f.has(app.name.Value) {
		out = append(out, member{service: app.name.Value, pos: app.name.Pos, what: "Argo CD application " + app.name.Value})
	}
	return out
}
