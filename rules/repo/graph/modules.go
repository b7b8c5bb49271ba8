package graph

import (
	"fmt"
	"path"

	"github.com/lockstep-lint/lockstep/rules/repo/gomod"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// ModuleUse is a service module's dependency on another module of the
// same repository, through a local replace or a plain require.
type ModuleUse struct {
	Service string        // the service that builds the module in
	Module  *gomod.Module // the service's own go.mod
	// Target is the in-repository module used; nil when a local replace
	// names a directory without a go.mod.
	Target *gomod.Module
	// TargetDir is the target's directory, relative to the root.
	TargetDir string
	// Owner is the service whose module the target is (a client module
	// under services/orders), "" for a module no service owns (libs/).
	Owner   string
	Replace *gomod.Replace // the local replace, when there is one
	Require *gomod.Require // the require of the target's path, when written
}

// Pos is where the use is written: the replace, else the require.
func (u *ModuleUse) Pos() source.Pos {
	if u.Replace != nil {
		return u.Replace.Pos
	}
	return u.Require.Pos
}

// OwnModule returns the go.mod of service name when it belongs to that
// service alone; nil otherwise (a repository-wide root module is nobody's).
func (g *Graph) OwnModule(name string) *gomod.Module { return g.ownModule[name] }

// modules records which service modules use which in-repository modules.
// Only modules a single service builds count as that service's: a root
// go.mod shared by every service of the repository couples nothing by
// itself.
func (b *builder) modules() {
	users := map[*gomod.Module][]string{}
	for _, s := range b.r.Services {
		if s.Module != nil {
			users[s.Module] = append(users[s.Module], s.Name)
		}
	}
	b.g.ownModule = map[string]*gomod.Module{}
	owner := map[*gomod.Module]string{}
	for m, list := range users {
		if len(list) == 1 {
			owner[m] = list[0]
			b.g.ownModule[list[0]] = m
		}
	}
	byDir := map[string]*gomod.Module{}
	byPath := map[string]*gomod.Module{}
	for _, m := range b.r.GoModules {
		byDir[m.Dir] = m
		if m.Module.Value != "" {
			if _, dup := byPath[m.Module.Value]; !dup {
				byPath[m.Module.Value] = m
			}
		}
	}
	for _, s := range b.r.Services {
		m := b.g.ownModule[s.Name]
		if m == nil {
			continue
		}
		replaced := map[string]bool{}
		for _, rp := range m.Replaces {
			if !rp.Local || rp.Target == "" {
				continue // a fork or a directory outside the repository
			}
			replaced[rp.Old.Value] = true
			t := byDir[rp.Target]
			if t == m {
				continue
			}
			b.use(ModuleUse{Service: s.Name, Module: m, Target: t, TargetDir: rp.Target, Owner: b.owner(owner, t, rp.Target), Replace: rp, Require: m.Require(rp.Old.Value)})
		}
		for _, rq := range m.Requires {
			t := byPath[rq.Path.Value]
			if t == nil || t == m || replaced[rq.Path.Value] {
				continue
			}
			b.use(ModuleUse{Service: s.Name, Module: m, Target: t, TargetDir: t.Dir, Owner: b.owner(owner, t, t.Dir), Require: rq})
		}
	}
}

// owner is the service a module belongs to: the service it is the module
// of, else the service whose directory holds it (a client module nested
// in services/orders).
func (b *builder) owner(owners map[*gomod.Module]string, t *gomod.Module, dir string) string {
	if o := owners[t]; o != "" {
		return o
	}
	return b.serviceOfPath(dir)
}

// serviceOfPath is repo.ServiceOfPath through a directory index: the
// model's version scans every service, once per call.
func (b *builder) serviceOfPath(p string) string {
	if b.dirs == nil {
		b.dirs = map[string]string{}
		for _, s := range b.r.Services {
			if s.Dir != "" && s.Dir != "." {
				b.dirs[s.Dir] = s.Name
			}
		}
	}
	for d := p; d != "." && d != "/" && d != ""; d = path.Dir(d) {
		if s, ok := b.dirs[d]; ok {
			return s
		}
	}
	return ""
}

func (b *builder) use(u ModuleUse) {
	b.g.ModuleUses = append(b.g.ModuleUses, u)
	ev := Evidence{Pos: u.Pos()}
	if u.Replace != nil {
		ev.Via = ViaReplace
		ev.Detail = fmt.Sprintf("%s replaces %s with %s", u.Module.Path, u.Replace.Old.Value, u.Replace.New.Value)
	} else {
		ev.Via = ViaRequire
		ev.Value = u.Require.Version.Value
		ev.Detail = fmt.Sprintf("%s requires %s %s", u.Module.Path, u.Require.Path.Value, u.Require.Version.Value)
	}
	if u.Owner != "" {
		b.add(u.Service, u.Owner, Module, ev)
		return
	}
	id, name, pos := "module:"+u.TargetDir, u.TargetDir, u.Pos()
	if u.Target != nil {
		name, pos = u.Target.Module.Value, u.Target.Pos
		if name == "" {
			name = u.TargetDir
		}
	}
	b.node(id, ModuleNode, name, pos)
	b.add(u.Service, id, Module, ev)
}
