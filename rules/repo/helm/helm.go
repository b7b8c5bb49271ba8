// Package helm reads Helm charts: Chart.yaml with its dependencies, the
// values files beside it with every image they set, and which templates
// belong to the chart (templates are recognised, never parsed as YAML).
package helm

import (
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Chart is one chart directory.
type Chart struct {
	Path, Dir                                   string
	APIVersion, Name, Version, AppVersion, Type source.String
	Dependencies                                []*Dependency
	DependenciesPos                             source.Pos // the dependencies: key
	Values                                      []*Values
	Templates                                   []string
	Pos                                         source.Pos
}

// Dependency is one dependencies: entry of Chart.yaml.
type Dependency struct {
	Name, Version, Repository, Alias, Condition source.String
	Pos                                         source.Pos
	chartDir                                    string
}

// Values is one values file of a chart.
type Values struct {
	Path   string
	Root   *yaml.Node
	Images []*ValueImage
}

// ValueImage is an image set in values: a mapping with repository,
// registry, tag or name keys, or an image string.
type ValueImage struct {
	Key                       string // dotted path of the image key, e.g. "global.image"
	Registry, Repository, Tag source.String
	Pos                       source.Pos
}

// IsTemplate reports files under a chart's templates/ directory and
// template helpers, which are Go templates rather than YAML.
func IsTemplate(p string) bool {
	return strings.Contains("/"+p, "/templates/") || strings.HasSuffix(p, ".tpl")
}

// ParseChart reads a Chart.yaml.
func ParseChart(file string, docs []*source.Doc) (*Chart, []source.Problem) {
	if len(docs) == 0 || docs[0].Root == nil {
		return nil, nil
	}
	root := docs[0].Root
	str := func(k string) source.String { return source.Str(file, source.Get(root, k)) }
	if !source.IsMap(root) {
		return nil, []source.Problem{source.Problemf(source.PosOf(file, root), source.ReasonInvalid, "Chart.yaml must be a mapping, not %s", source.KindName(root))}
	}
	c := &Chart{Path: file, Dir: path.Dir(file), Pos: source.PosOf(file, root),
		APIVersion: str("apiVersion"), Name: str("name"), Version: str("version"), AppVersion: str("appVersion"), Type: str("type")}
	var problems []source.Problem
	depsKey, deps := source.Lookup(root, "dependencies")
	c.DependenciesPos = source.PosOf(file, depsKey)
	if deps != nil && !source.IsNull(deps) && deps.Kind != yaml.SequenceNode {
		problems = append(problems, source.Problemf(source.PosOf(file, deps), source.ReasonInvalid, "dependencies must be a list, not %s", source.KindName(deps)))
		deps = nil
	}
	for _, d := range source.Items(deps) {
		if !source.IsMap(d) {
			problems = append(problems, source.Problemf(source.PosOf(file, d), source.ReasonInvalid, "a dependency must be a mapping, not %s", source.KindName(d)))
			continue
		}
		get := func(k string) source.String { return source.Str(file, source.Get(d, k)) }
		c.Dependencies = append(c.Dependencies, &Dependency{
			Name: get("name"), Version: get("version"), Repository: get("repository"),
			Alias: get("alias"), Condition: get("condition"), Pos: source.PosOf(file, d), chartDir: c.Dir,
		})
	}
	return c, problems
}

// Local returns the repository directory of a file:// dependency.
func (d *Dependency) Local() (string, bool) {
	rel, ok := strings.CutPrefix(d.Repository.Value, "file://")
	if !ok {
		return "", false
	}
	dir := path.Join(d.chartDir, rel)
	if dir == ".." || strings.HasPrefix(dir, "../") || path.IsAbs(rel) {
		return "", false
	}
	return dir, true
}

// IsUmbrella reports a chart that only gathers other charts: it has
// dependencies and no templates of its own besides helpers and notes.
func (c *Chart) IsUmbrella() bool {
	if len(c.Dependencies) == 0 {
		return false
	}
	for _, t := range c.Templates {
		base := path.Base(t)
		if !strings.HasPrefix(base, "_") && base != "NOTES.txt" {
			return false
		}
	}
	return true
}

// ParseValues reads a values file and collects the images it sets.
func ParseValues(file string, docs []*source.Doc) (*Values, []source.Problem) {
	v := &Values{Path: file}
	if len(docs) == 0 || docs[0].Root == nil {
		return v, nil
	}
	v.Root = docs[0].Root
	collectImages(file, v.Root, "", &v.Images, 0)
	return v, nil
}

func collectImages(file string, n *yaml.Node, prefix string, out *[]*ValueImage, depth int) {
	if depth > 64 || !source.IsMap(n) {
		return
	}
	for _, kv := range source.Pairs(n) {
		key := kv.Key.Value
		dotted := key
		if prefix != "" {
			dotted = prefix + "." + key
		}
		val := source.Resolve(kv.Value)
		if strings.EqualFold(key, "image") {
			img := &ValueImage{Key: dotted, Pos: source.PosOf(file, kv.Key)}
			switch {
			case source.IsMap(val):
				img.Registry = source.Str(file, source.Get(val, "registry"))
				img.Repository = source.Str(file, source.Get(val, "repository"))
				if img.Repository.Value == "" {
					img.Repository = source.Str(file, source.Get(val, "name"))
				}
				img.Tag = source.Str(file, source.Get(val, "tag"))
				*out = append(*out, img)
			case source.IsScalar(val) && !source.IsNull(val):
				img.Repository = source.Str(file, val)
				*out = append(*out, img)
			}
			continue
		}
		collectImages(file, val, dotted, out, depth+1)
	}
}

// Lookup returns the scalar at a dotted key path.
func (v *Values) Lookup(dotted string) (source.String, bool) {
	n := source.Path(v.Root, strings.Split(dotted, ".")...)
	if !source.IsScalar(n) {
		return source.String{}, false
	}
	return source.Str(v.Path, n), true
}

// Assemble attaches values files and templates to the nearest chart
// directory above them.
func Assemble(charts []*Chart, values []*Values, templates []string) {
	byDir := map[string]*Chart{}
	for _, c := range charts {
		byDir[c.Dir] = c
	}
	owner := func(p string) *Chart {
		for d := path.Dir(p); ; d = path.Dir(d) {
			if c := byDir[d]; c != nil {
				return c
			}
			if d == "." || d == "/" {
				return nil
			}
		}
	}
	for _, v := range values {
		if c := owner(v.Path); c != nil {
			c.Values = append(c.Values, v)
		}
	}
	for _, t := range templates {
		if c := owner(t); c != nil {
			c.Templates = append(c.Templates, t)
		}
	}
	for _, c := range charts {
		sort.Strings(c.Templates)
	}
}
