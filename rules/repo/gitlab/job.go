package gitlab

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// job decodes one expanded job; key is its name in the merged root.
func (l *loader) job(key, n *yaml.Node) *Job {
	name := source.String{Value: key.Value, Pos: l.pos(key)}
	j := &Job{Name: name, Stage: source.String{Value: "test", Pos: name.Pos}, Pos: name.Pos}
	for _, p := range uniquePairs(l.value(n)) {
		k, v := p.Key, p.Value
		path := name.Value + "." + k.Value
		switch k.Value {
		case "stage":
			if s := l.str(v, path); s.Value != "" {
				j.Stage = s
			}
		case "extends":
			j.Extends = l.strs(v, path)
		case "needs":
			j.NeedsSet = !source.IsNull(l.value(v))
			j.Needs = l.needs(v, path)
		case "script":
			j.Script = l.script(v, path)
		case "before_script":
			j.BeforeScript = l.script(v, path)
		case "after_script":
			j.AfterScript = l.script(v, path)
		case "rules":
			j.Rules = l.rules(v, path)
		case "only":
			j.Only = l.filter(k, v, path)
		case "except":
			j.Except = l.filter(k, v, path)
		case "when":
			j.When = l.str(v, path)
		case "environment":
			j.Environment = l.environment(k, v, path)
		case "trigger":
			j.Trigger = l.trigger(k, v, path)
		case "image":
			j.Image = l.nameOrMapping(v, path)
		case "variables":
			j.Variables = l.variables(v, path)
		case "parallel":
			j.Parallel = l.parallel(k, v, path)
		case "resource_group":
			j.ResourceGroup = l.str(v, path)
		case "tags":
			j.Tags = l.strs(v, path)
		}
	}
	return j
}

// needs reads a list of job names or {job, pipeline, project, ref,
// optional} mappings.
func (l *loader) needs(n *yaml.Node, path string) []*Need {
	var out []*Need
	for i, c := range l.seq(n, path) {
		item := index(path, i)
		if source.IsScalar(c) {
			s := l.str(c, item)
			out = append(out, &Need{Job: s, Pos: s.Pos})
			continue
		}
		if !source.IsMap(c) {
			l.invalid(c, item, "a job name or a mapping")
			continue
		}
		need := &Need{Pos: l.pos(c)}
		for _, p := range l.pairs(c, item) {
			sub := item + "." + p.Key.Value
			switch p.Key.Value {
			case "job":
				need.Job = l.str(p.Value, sub)
			case "pipeline":
				need.Pipeline = l.str(p.Value, sub)
			case "project":
				need.Project = l.str(p.Value, sub)
			case "ref":
				need.Ref = l.str(p.Value, sub)
			case "optional":
				need.Optional, _ = source.Bool(l.value(p.Value))
			}
		}
		if need.Job.Pos.Line == 0 {
			l.problem(need.Pos, source.ReasonInvalid, "%s: missing required key %q", item, "job")
		}
		out = append(out, need)
	}
	return out
}

// rules reads a list of rule mappings.
func (l *loader) rules(n *yaml.Node, path string) []*Rule {
	var out []*Rule
	r := l.value(n)
	if !source.IsNull(r) && r.Kind != yaml.SequenceNode {
		l.invalid(r, path, "a sequence of rules")
		return nil
	}
	for i, c := range l.seq(r, path) {
		item := index(path, i)
		if !source.IsMap(c) {
			l.invalid(c, item, "a mapping")
			continue
		}
		rule := &Rule{Pos: l.pos(c)}
		for _, p := range uniquePairs(c) {
			sub := item + "." + p.Key.Value
			switch p.Key.Value {
			case "if":
				rule.If = l.str(p.Value, sub)
			case "changes":
				rule.Changes = l.paths(p.Value, sub)
			case "exists":
				rule.Exists = l.paths(p.Value, sub)
			case "when":
				rule.When = l.str(p.Value, sub)
			}
		}
		out = append(out, rule)
	}
	return out
}

// paths reads rules:changes or rules:exists, a list or {paths: list}.
func (l *loader) paths(n *yaml.Node, path string) []source.String {
	if v := l.value(n); source.IsMap(v) {
		_, paths := l.get(v, "paths")
		return l.strs(paths, path+".paths")
	}
	return l.strs(n, path)
}

// filter reads only or except: a list of refs, or {refs, variables,
// changes, kubernetes}.
func (l *loader) filter(k, n *yaml.Node, path string) *Filter {
	f := &Filter{Pos: l.pos(k)}
	v := l.value(n)
	if !source.IsMap(v) {
		f.Refs = l.strs(v, path)
		return f
	}
	for _, p := range uniquePairs(v) {
		sub := path + "." + p.Key.Value
		switch p.Key.Value {
		case "refs":
			f.Refs = l.strs(p.Value, sub)
		case "variables":
			f.Variables = l.strs(p.Value, sub)
		case "changes":
			f.Changes = l.paths(p.Value, sub)
		}
	}
	return f
}

// environment reads "name" or {name, action, url, deployment_tier}.
func (l *loader) environment(k, n *yaml.Node, path string) *Environment {
	e := &Environment{Pos: l.pos(k)}
	v := l.value(n)
	if !source.IsMap(v) {
		e.Name = l.str(v, path)
		return e
	}
	for _, p := range uniquePairs(v) {
		sub := path + "." + p.Key.Value
		switch p.Key.Value {
		case "name":
			e.Name = l.str(p.Value, sub)
		case "action":
			e.Action = l.str(p.Value, sub)
		case "url":
			e.URL = l.str(p.Value, sub)
		case "deployment_tier":
			e.DeploymentTier = l.str(p.Value, sub)
		}
	}
	if e.Name.Pos.Line == 0 {
		l.problem(l.pos(v), source.ReasonInvalid, "%s: missing required key %q", path, "name")
	}
	return e
}

// trigger reads "group/project" or {project, branch, strategy, include}.
func (l *loader) trigger(k, n *yaml.Node, path string) *Trigger {
	t := &Trigger{Pos: l.pos(k)}
	v := l.value(n)
	if !source.IsMap(v) {
		t.Project = l.str(v, path)
		return t
	}
	for _, p := range uniquePairs(v) {
		sub := path + "." + p.Key.Value
		switch p.Key.Value {
		case "project":
			t.Project = l.str(p.Value, sub)
		case "branch":
			t.Branch = l.str(p.Value, sub)
		case "strategy":
			t.Strategy = l.str(p.Value, sub)
		case "include":
			t.Include = l.triggerIncludes(p.Value, sub)
		}
	}
	return t
}

// triggerIncludes reads the files of a child pipeline: paths, or mappings
// naming a local file, a template, an artifact or a project file.
func (l *loader) triggerIncludes(n *yaml.Node, path string) []source.String {
	var out []source.String
	for i, c := range l.seq(n, path) {
		item := index(path, i)
		if !source.IsMap(c) {
			out = append(out, l.str(c, item))
			continue
		}
		found := false
		for _, key := range []string{"local", "template", "artifact", "file"} {
			if _, v := l.get(c, key); v != nil {
				out = append(out, l.strs(v, item+"."+key)...)
				found = true
			}
		}
		if !found {
			l.problem(l.pos(c), source.ReasonInvalid, "%s: expected one of the keys local, template, artifact or file", item)
		}
	}
	return out
}

// nameOrMapping reads "name" or {name: ...}, as image and services allow.
func (l *loader) nameOrMapping(n *yaml.Node, path string) source.String {
	if v := l.value(n); source.IsMap(v) {
		_, name := l.get(v, "name")
		return l.str(name, path+".name")
	}
	return l.str(n, path)
}

// parallel reads "parallel: N" or {matrix: [{VAR: value or [values]}]}.
func (l *loader) parallel(k, n *yaml.Node, path string) *Parallel {
	par := &Parallel{Pos: l.pos(k)}
	v := l.value(n)
	if !source.IsMap(v) {
		count, ok := source.Int(v)
		if !ok {
			l.invalid(v, path, "a number or a mapping with a matrix")
			return nil
		}
		par.Count = count
		return par
	}
	_, matrix := l.get(v, "matrix")
	for i, entry := range l.seq(matrix, path+".matrix") {
		item := index(path+".matrix", i)
		var vars []MatrixVar
		for _, p := range l.pairs(entry, item) {
			vars = append(vars, MatrixVar{
				Name:   source.String{Value: p.Key.Value, Pos: l.pos(p.Key)},
				Values: l.strs(p.Value, item+"."+p.Key.Value),
			})
		}
		par.Matrix = append(par.Matrix, vars)
	}
	return par
}

func index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
