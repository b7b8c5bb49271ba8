package gitlab

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// reservedKeys are the top-level keys that are not jobs.
var reservedKeys = []string{
	"after_script", "before_script", "cache", "default", "image", "include",
	"services", "spec", "stages", "types", "variables", "workflow",
}

// pipeline decodes the merged configuration root.
func (l *loader) pipeline(p *Pipeline, root *yaml.Node) {
	l.top = map[string]source.KV{}
	var names []string
	for _, kv := range uniquePairs(root) {
		l.top[kv.Key.Value] = kv
		names = append(names, kv.Key.Value)
	}
	for _, name := range []string{"types", "stages"} { // stages replaced the deprecated types
		if kv, ok := l.top[name]; ok {
			p.Stages = l.strs(kv.Value, name)
		}
	}
	p.Variables = l.variables(l.top["variables"].Value, "variables")
	if kv, ok := l.top["workflow"]; ok {
		p.Workflow = l.workflow(kv)
	}
	defaults := l.defaults()
	for _, name := range names {
		if slices.Contains(reservedKeys, name) || strings.HasPrefix(name, ".") {
			continue
		}
		kv := l.top[name]
		if !source.IsMap(l.value(kv.Value)) {
			l.invalid(l.value(kv.Value), name, "a job mapping")
			continue
		}
		job := l.resolveExtends(name, nil)
		if job == nil { // the job is a !reference, which extends does not see through
			job = l.value(kv.Value)
		}
		job = l.withDefaults(name, job, defaults)
		p.Jobs = append(p.Jobs, l.job(kv.Key, job))
	}
}

func (l *loader) workflow(kv source.KV) *WorkflowRules {
	w := &WorkflowRules{Pos: l.pos(kv.Key)}
	for _, p := range l.pairs(kv.Value, "workflow") {
		switch p.Key.Value {
		case "name":
			w.Name = l.str(p.Value, "workflow.name")
		case "rules":
			w.Rules = l.rules(p.Value, "workflow.rules")
		}
	}
	return w
}

// includeEntries reads an include section: a path, a mapping, or a list
// of either.
func (l *loader) includeEntries(n *yaml.Node) []*Include {
	var out []*Include
	for i, c := range l.seq(n, "include") {
		path := "include"
		if source.Resolve(n).Kind == yaml.SequenceNode {
			path = index(path, i)
		}
		if inc := l.include(c, path); inc != nil {
			out = append(out, inc)
		}
	}
	return out
}

// includeTypes are the keys that say where an include comes from.
var includeTypes = []string{"local", "remote", "template", "project", "component"}

func (l *loader) include(n *yaml.Node, path string) *Include {
	inc := &Include{Pos: l.pos(n)}
	if source.IsScalar(n) {
		s := l.str(n, path)
		if strings.HasPrefix(s.Value, "https://") || strings.HasPrefix(s.Value, "http://") {
			inc.Remote = s
		} else {
			inc.Local = s
		}
		return inc
	}
	if !source.IsMap(n) {
		l.invalid(n, path, "a file path or a mapping")
		return nil
	}
	found := false
	for _, p := range uniquePairs(n) {
		sub := path + "." + p.Key.Value
		found = found || slices.Contains(includeTypes, p.Key.Value)
		switch p.Key.Value {
		case "local":
			inc.Local = l.str(p.Value, sub)
		case "remote":
			inc.Remote = l.str(p.Value, sub)
		case "template":
			inc.Template = l.str(p.Value, sub)
		case "project":
			inc.Project = l.str(p.Value, sub)
		case "file":
			inc.Files = l.strs(p.Value, sub)
		case "ref":
			inc.Ref = l.str(p.Value, sub)
		case "component":
			inc.Component = l.str(p.Value, sub)
		}
	}
	if !found {
		l.problem(inc.Pos, source.ReasonInvalid, "%s: expected one of the keys %s", path, strings.Join(includeTypes, ", "))
		return nil
	}
	return inc
}
