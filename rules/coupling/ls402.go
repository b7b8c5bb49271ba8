package coupling

import (
	_ "embed"
	"fmt"
	"sort"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/gomod"
	"github.com/lockstep-lint/lockstep/rules/repo/graph"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

//go:embed ls402.md
var ls402Doc string

// SharedInternalModule reports in-repository Go modules that several
// services build in through local replace directives, and go.work files
// that join several service modules.
type SharedInternalModule struct{}

var ls402 = &rules.Meta{
	ID:       "LS402",
	Name:     "shared-internal-module",
	Category: rules.CategoryCoupling,
	// A warning: the build works, but every change to the module reaches
	// every service at its next build, untested and unversioned.
	Severity: rules.Warning,
	Title:    "several services build in the same in-repository module through local replace directives",
	Since:    "v0.1.0",
	Remediation: "Version the shared module (tag it and require a released version in each service, without " +
		"replace), so that each service takes a change when it is ready; or move what only one service " +
		"needs into that service, and keep go.work for local development only, out of the build.",
	Doc: ls402Doc,
}

// Meta describes LS402.
func (SharedInternalModule) Meta() *rules.Meta { return ls402 }

// Check reports each shared module once, at its module directive, with
// each service's replace as a related location.
func (SharedInternalModule) Check(p *rules.Pass) {
	g := graph.Of(p.Repo)
	byDir := map[string][]graph.ModuleUse{}
	var dirs []string
	for _, u := range g.ModuleUses {
		// A module owned by another service is a pinned client (LS401),
		// not a library shared by all.
		if u.Replace == nil || u.Owner != "" {
			continue
		}
		if byDir[u.TargetDir] == nil {
			dirs = append(dirs, u.TargetDir)
		}
		byDir[u.TargetDir] = append(byDir[u.TargetDir], u)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		uses := byDir[dir]
		if len(uses) < 2 {
			continue
		}
		sort.Slice(uses, func(i, j int) bool { return uses[i].Replace.Pos.Before(uses[j].Replace.Pos) })
		var names []string
		var related []rules.Related
		for _, u := range uses {
			names = append(names, u.Service)
			related = append(related, rules.RelatedAt(u.Replace.Pos,
				fmt.Sprintf("%s: replace %s => %s", u.Service, u.Replace.Old.Value, u.Replace.New.Value)))
		}
		at, name := uses[0].Replace.Pos, uses[0].Replace.Old.Value
		if t := uses[0].Target; t != nil && t.Module.Pos.IsValid() {
			at, name = t.Module.Pos, t.Module.Value
		}
		p.Report(rules.Finding{
			Location: rules.At(at),
			Message: fmt.Sprintf("%s build in the in-repository module %s through local replace directives (%s): "+
				"a change to it ships to all of them at once, with no version between them",
				plural(len(uses), "service"), name, nameList(names)),
			Related: related,
		})
	}
	reportWorkspaces(p, g)
}

// reportWorkspaces reports go.work files that use the modules of two
// services or more: built together, they may depend on each other's
// unreleased code.
func reportWorkspaces(p *rules.Pass, g *graph.Graph) {
	ownerOf := map[string]string{}
	for _, s := range p.Repo.Services {
		if m := g.OwnModule(s.Name); m != nil {
			ownerOf[m.Dir] = s.Name
		}
	}
	byDir := map[string]*gomod.Module{}
	for _, m := range p.Repo.GoModules {
		byDir[m.Dir] = m
	}
	for _, w := range p.Repo.GoWorks {
		// A workspace couples a service only when its module requires
		// another module of the workspace, which the workspace then swaps
		// for the unreleased code; modules that never import each other
		// merely share an editor setup.
		inWork := map[string]bool{}
		for _, u := range w.Uses {
			if m := byDir[gomod.ResolveDir(w.Dir, u.Value)]; m != nil {
				inWork[m.Module.Value] = true
			}
		}
		coupled := func(dir string) bool {
			m := byDir[dir]
			if m == nil {
				return false
			}
			for _, r := range m.Requires {
				if r.Path.Value != m.Module.Value && inWork[r.Path.Value] {
					return true
				}
			}
			return false
		}
		var uses []source.String
		var names []string
		for _, u := range w.Uses {
			dir := gomod.ResolveDir(w.Dir, u.Value)
			if svc, ok := ownerOf[dir]; ok && coupled(dir) {
				uses = append(uses, u)
				names = append(names, svc)
			}
		}
		if len(uses) < 2 {
			continue
		}
		var related []rules.Related
		for i, u := range uses {
			related = append(related, rules.RelatedAt(u.Pos, names[i]+": use "+u.Value))
		}
		p.Report(rules.Finding{
			Location: rules.At(uses[0].Pos),
			Message: fmt.Sprintf("%s uses the modules of %s (%s): they build against each other's unreleased code",
				w.Path, plural(len(uses), "service"), nameList(names)),
			Related: related,
		})
	}
}
