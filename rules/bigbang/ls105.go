package bigbang

import (
	_ "embed"
	"fmt"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

//go:embed ls105.md
var ls105Doc string

// UmbrellaRelease reports one release unit over many services: umbrella
// charts, app-of-apps, ApplicationSets and Flux Kustomizations.
type UmbrellaRelease struct{}

var ls105 = &rules.Meta{
	ID:       "LS105",
	Name:     "umbrella-release",
	Category: rules.CategoryBigBang,
	// A warning: the unit works, but no service inside it can be
	// released, synced or rolled back on its own.
	Severity: rules.Warning,
	Title:    "many services are released or synced as one unit",
	Since:    "v0.1.0",
	Remediation: "Release each service as its own unit: its own chart release, its own Argo CD application " +
		"(or an ApplicationSet with a RollingSync strategy and a revision per service), its own Flux " +
		"Kustomization; keep app-of-apps for bootstrapping the applications, not for pinning their revision.",
	Settings: &minServicesSettings{MinServices: defaultMinServices},
	Doc:      ls105Doc,
}

// Meta describes LS105.
func (UmbrellaRelease) Meta() *rules.Meta { return ls105 }

// Check reports each release unit that spans min-services services.
func (UmbrellaRelease) Check(p *rules.Pass) {
	min := minServices(p.Settings)
	f := fleetOf(p.Repo)
	reportUmbrellaCharts(p, f, min)
	reportAppOfApps(p, f, min)
	reportApplicationSets(p, f, min)
	reportFluxKustomizations(p, f, min)
}

func reportUmbrellaCharts(p *rules.Pass, f *fleet, min int) {
	for _, c := range sortedCharts(f.m) {
		var ms []member
		for _, d := range c.deps {
			if sub := f.m.charts[c.localDep(d)]; sub != nil {
				if n, ok := f.chartService(sub); ok {
					ms = append(ms, member{service: n, pos: d.pos, what: "dependency " + d.repository.Value})
				}
			}
		}
		ms = uniqueMembers(ms)
		if len(ms) < min {
			continue
		}
		p.Report(rules.Finding{
			Location: rules.At(c.depsKey),
			Message: fmt.Sprintf("chart %q is an umbrella over %s (%s): each release of it releases them all as one unit",
				c.name.Value, plural(len(ms), "service"), nameList(memberNames(ms))),
			Related: memberRelated(ms),
		})
	}
}

// movingRevision matches revisions that follow a branch: each service's
// change reaches its application on its own.
func movingRevision(rev string) bool {
	switch rev {
	case "", "HEAD", "main", "master", "trunk":
		return true
	}
	return false
}

func reportAppOfApps(p *rules.Pass, f *fleet, min int) {
	for _, app := range f.m.objects {
		if !app.isArgo("Application") {
			continue
		}
		children := f.m.childApps(app)
		if len(children) == 0 {
			continue
		}
		// Children pinned to one revision move together when the parent's
		// path changes that revision; children that follow a branch do not.
		byRev := map[string][]member{}
		var revs []string
		for _, child := range children {
			rev := ""
			if srcs := child.appSources(); len(srcs) > 0 {
				rev = scalar(source.Get(srcs[0], "targetRevision"))
			}
			if movingRevision(rev) {
				continue
			}
			ms := f.appTree(child, 1)
			for i := range ms {
				ms[i].pos, ms[i].what = child.name.Pos, "application "+child.name.Value+" at "+rev
			}
			if _, seen := byRev[rev]; !seen {
				revs = append(revs, rev)
			}
			byRev[rev] = append(byRev[rev], ms...)
		}
		for _, rev := range revs {
			ms := uniqueMembers(byRev[rev])
			if len(ms) < min {
				continue
			}
			at := app.name.Pos
			if srcs := app.appSources(); len(srcs) > 0 {
				if k, _ := source.Lookup(srcs[0], "path"); k != nil {
					at = source.PosOf(app.file, k)
				}
			}
			p.Report(rules.Finding{
				Location: rules.At(at),
				Message: fmt.Sprintf("Argo CD application %q is an app of apps pinning %s to one revision, %s: %s",
					app.name.Value, plural(len(ms), "service"), rev, nameList(memberNames(ms))),
				Related: memberRelated(ms),
			})
		}
	}
}

func reportApplicationSets(p *rules.Pass, f *fleet, min int) {
	for _, set := range f.m.objects {
		if !set.isArgo("ApplicationSet") {
			continue
		}
		spec := source.Get(set.root, "spec")
		if scalar(source.Path(spec, "strategy", "type")) == "RollingSync" {
			continue // progressive sync, step by step: the healthy counterpart
		}
		srcNode := source.Path(spec, "template", "spec", "source")
		rev := scalar(source.Get(srcNode, "targetRevision"))
		if strings.Contains(rev, "{{") {
			continue // a revision per generated application
		}
		var ms []member
		for _, g := range source.Items(source.Get(spec, "generators")) {
			ms = append(ms, f.generatedServices(set, g)...)
		}
		ms = uniqueMembers(ms)
		if len(ms) < min {
			continue
		}
		at := set.name.Pos
		if k, _ := source.Lookup(spec, "generators"); k != nil {
			at = source.PosOf(set.file, k)
		}
		revText := "one revision"
		if rev != "" {
			revText = "one revision, " + rev + ","
		}
		p.Report(rules.Finding{
			Location: rules.At(at),
			Message: fmt.Sprintf("ApplicationSet %q syncs the applications of %s from %s all at once, with no RollingSync strategy: %s",
				set.name.Value, plural(len(ms), "service"), revText, nameList(memberNames(ms))),
			Related: memberRelated(ms),
		})
	}
}

// generatedServices are the services an ApplicationSet generator
// enumerates: list elements naming a service, git directories holding one.
func (f *fleet) generatedServices(set *object, g *yaml.Node) []member {
	var out []member
	for _, el := range source.Items(source.Path(g, "list", "elements")) {
		for _, kv := range source.Pairs(el) {
			if f.has(kv.Value.Value) {
				out = append(out, member{service: kv.Value.Value, pos: source.PosOf(set.file, kv.Value), what: "generated application"})
				break
			}
		}
	}
	for _, d := range source.Items(source.Path(g, "git", "directories")) {
		pattern := scalar(source.Get(d, "path"))
		if pattern == "" {
			continue
		}
		if ex, _ := source.Bool(source.Get(d, "exclude")); ex {
			continue
		}
		for dir := range f.m.dirs {
			if ok, _ := path.Match(pattern, dir); ok {
				out = append(out, f.objectMembers(f.m.objectsAt(dir, false))...)
			}
		}
		for dir := range f.m.kustomizations {
			if ok, _ := path.Match(pattern, dir); ok {
				out = append(out, f.objectMembers(f.m.kustomizeObjects(dir))...)
			}
		}
	}
	return out
}

func reportFluxKustomizations(p *rules.Pass, f *fleet, min int) {
	for _, k := range f.m.objects {
		if k.kind != "Kustomization" || !strings.HasPrefix(k.apiVersion, "kustomize.toolkit.fluxcd.io/") {
			continue
		}
		pathNode := source.Path(k.root, "spec", "path")
		if pathNode == nil {
			continue
		}
		dir := path.Clean(strings.TrimPrefix(pathNode.Value, "./"))
		objs := f.m.kustomizeObjects(dir)
		if _, ok := f.m.kustomizations[dir]; !ok {
			objs = f.m.objectsAt(dir, true) // without a kustomization.yaml Flux applies every manifest below
		}
		ms := uniqueMembers(f.objectMembers(objs))
		if len(ms) < min {
			continue
		}
		p.Report(rules.Finding{
			Location: rules.At(source.PosOf(k.file, pathNode)),
			Message: fmt.Sprintf("Flux Kustomization %q reconciles %s as one unit from %s: %s",
				k.name.Value, plural(len(ms), "service"), strconv.Quote(pathNode.Value), nameList(memberNames(ms))),
			Related: memberRelated(ms),
		})
	}
}
