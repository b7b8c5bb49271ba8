package bigbang

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// jsonRoot parses a release tool's JSON file as YAML, which keeps
// positions; nil when it does not parse (LS001 reports that).
func jsonRoot(file *repo.File) *yaml.Node {
	docs, _ := source.ParseYAML(file.Path, file.Data, source.DefaultLimits)
	if len(docs) == 0 || docs[0].Root == nil || !source.IsMap(docs[0].Root) {
		return nil
	}
	return docs[0].Root
}

// reportFixedReleaseTools reports release tooling that versions every
// service together: release-please with one package for the repository
// root or a linked-versions group, lerna in fixed mode, nx release in
// fixed mode, and nx run-many releasing every project.
func reportFixedReleaseTools(p *rules.Pass, f *fleet, pipelines []*ci.Pipeline, min int) {
	if len(f.names) >= min {
		for _, file := range p.Repo.Files {
			if file.Kind != repo.KindReleaseConfig {
				continue
			}
			root := jsonRoot(file)
			if root == nil {
				continue
			}
			switch path.Base(file.Path) {
			case "release-please-config.json":
				releasePlease(p, f, file.Path, root, min)
			case "lerna.json":
				lerna(p, f, file.Path, root)
			case "nx.json":
				nxRelease(p, f, file.Path, root)
			}
		}
	}
	nxRunMany(p, pipelines)
}

// fleetRelated points at each service's definition.
func (f *fleet) related(names []string, what string) []rules.Related {
	var out []rules.Related
	for _, n := range names {
		if pos, ok := f.home[n]; ok {
			out = append(out, rules.RelatedAt(pos, n+": "+what))
		}
	}
	return out
}

func releasePlease(p *rules.Pass, f *fleet, file string, root *yaml.Node, min int) {
	_, pkgs := source.Lookup(root, "packages")
	if pairs := source.Pairs(pkgs); len(pairs) == 1 && pairs[0].Key.Value == "." {
		p.Report(rules.Finding{
			Location: rules.At(source.PosOf(file, pairs[0].Key)),
			Message: fmt.Sprintf("release-please releases the repository as one package (\".\"), so its %s (%s) share one version",
				plural(len(f.names), "service"), nameList(f.names)),
			Related: f.related(f.names, "released with the others"),
		})
	}
	_, plugins := source.Lookup(root, "plugins")
	for _, pl := range source.Items(plugins) {
		if t := source.Get(pl, "type"); t == nil || t.Value != "linked-versions" {
			continue
		}
		var linked []string
		for _, c := range source.Items(source.Get(pl, "components")) {
			if f.has(c.Value) {
				linked = append(linked, c.Value)
			}
		}
		if len(linked) >= min {
			p.Report(rules.Finding{
				Location: rules.At(source.PosOf(file, pl)),
				Message:  fmt.Sprintf("release-please links the versions of %s: %s", plural(len(linked), "service"), nameList(linked)),
				Related:  f.related(linked, "released with the others"),
			})
		}
	}
}

// semver matches a fixed version, as opposed to lerna's "independent".
var semver = regexp.MustCompile(`^v?\d+\.\d+\.\d+`)

func lerna(p *rules.Pass, f *fleet, file string, root *yaml.Node) {
	v := source.Get(root, "version")
	if v == nil || !semver.MatchString(v.Value) {
		return
	}
	p.Report(rules.Finding{
		Location: rules.At(source.PosOf(file, v)),
		Message: fmt.Sprintf("lerna runs in fixed mode (version %s): its packages, among them %s, are released under one version",
			v.Value, nameList(f.names)),
		Related: f.related(f.names, "released with the others"),
	})
}

func nxRelease(p *rules.Pass, f *fleet, file string, root *yaml.Node) {
	k, rel := source.Lookup(root, "release")
	if k == nil || !source.IsMap(rel) {
		return
	}
	at := k
	if rk, mode := source.Lookup(rel, "projectsRelationship"); rk != nil {
		if mode.Value == "independent" {
			return
		}
		at = mode
	}
	p.Report(rules.Finding{
		Location: rules.At(source.PosOf(file, at)),
		Message:  fmt.Sprintf("nx release versions its projects together (projectsRelationship is fixed), among them %s", nameList(f.names)),
		Related:  f.related(f.names, "released with the others"),
	})
}

var (
	nxRunManyRE   = regexp.MustCompile(`\bnx\s+run-many\b`)
	nxReleaseRE   = regexp.MustCompile(`(?:-t|--targets?)[=\s]+\S*\b(?:deploy|release|publish|push|docker|container|helm)\b`)
	nxProjectsRE  = regexp.MustCompile(`\s(?:-p|--projects?)[=\s]`)
	nxAllProjects = regexp.MustCompile(`--all\b|--projects?[=\s]+['"]?tag:`)
)

// nxRunMany reports CI commands that release every project with one
// nx run-many.
func nxRunMany(p *rules.Pass, pipelines []*ci.Pipeline) {
	for _, pl := range pipelines {
		for _, j := range pl.Jobs {
			for _, c := range j.Commands {
				t := c.Text.Value
				// Every match holds "run-many": testing it first skips the
				// regexp, which starts at each position of every command.
				if !strings.Contains(t, "run-many") || !nxRunManyRE.MatchString(t) || !nxReleaseRE.MatchString(t) {
					continue
				}
				if nxProjectsRE.MatchString(t) && !nxAllProjects.MatchString(t) {
					continue
				}
				p.Reportf(c.Text.Pos, "%s releases every project with one nx run-many: they ship under one version, together", jobRef(j))
			}
		}
	}
}
