package actions

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/yamltext"
)

// workflowDir is the only directory GitHub reads workflows from; files in
// its subdirectories and composite actions elsewhere are not workflows.
const workflowDir = ".github/workflows/"

// Is reports whether the repository file at p (slash-separated, relative
// to the root) is a workflow GitHub would run.
func Is(p string) bool {
	name, ok := strings.CutPrefix(p, workflowDir)
	if !ok || name == "" || strings.Contains(name, "/") {
		return false
	}
	ext := path.Ext(name)
	return (ext == ".yml" || ext == ".yaml") && len(name) > len(ext)
}

// Parse reads the workflow at path from its raw data and the documents
// source.ParseYAML made of it. The data locates each line of multi-line
// run scripts. The workflow is nil only when there is no document to read.
func Parse(path string, data []byte, docs []*source.Doc) (*Workflow, []source.Problem) {
	var root *yaml.Node
	for _, doc := range docs {
		if doc != nil && doc.Root != nil {
			root = doc.Root
			break
		}
	}
	if root == nil {
		return nil, nil
	}
	d := &decoder{file: path, text: yamltext.New(data)}
	w := &Workflow{Path: path, Pos: d.pos(root)}
	if !source.IsMap(root) {
		d.invalid(root, "workflow", "a mapping")
		return w, d.problems
	}
	d.workflow(w, root)
	return w, d.problems
}

func (d *decoder) workflow(w *Workflow, root *yaml.Node) {
	onKey, jobsKey := false, false
	for _, p := range source.Pairs(root) {
		k, v := p.Key, p.Value
		switch k.Value {
		case "name":
			w.Name = d.str(v, "name")
		case "run-name":
			w.RunName = d.str(v, "run-name")
		case "on":
			onKey = true
			w.On = d.triggers(k, v)
		case "env":
			w.Env = d.env(v, "env")
		case "concurrency":
			w.Concurrency = d.concurrency(k, v, "concurrency")
		case "permissions":
			w.Permissions = d.permissions(k, v, "permissions")
		case "jobs":
			jobsKey = true
			d.jobs(w, v)
		}
	}
	if !onKey {
		d.missing(root, "workflow", "on")
	}
	if !jobsKey {
		d.missing(root, "workflow", "jobs")
	}
}

// concurrency reads "group" or {group, cancel-in-progress}.
func (d *decoder) concurrency(k, v *yaml.Node, path string) *Concurrency {
	c := &Concurrency{Pos: d.pos(k)}
	switch r := source.Resolve(v); {
	case r == nil || source.IsNull(r):
		d.invalid(v, path, "a group name or a mapping")
		return nil
	case r.Kind == yaml.ScalarNode:
		c.Group = source.Str(d.file, r)
	case r.Kind == yaml.MappingNode:
		for _, p := range source.Pairs(r) {
			switch p.Key.Value {
			case "group":
				c.Group = d.str(p.Value, path+".group")
			case "cancel-in-progress":
				c.CancelInProgress = d.str(p.Value, path+".cancel-in-progress")
			}
		}
		if c.Group.Pos.Line == 0 {
			d.missing(r, path, "group")
		}
	default:
		d.invalid(v, path, "a group name or a mapping")
		return nil
	}
	return c
}

// permissions reads "read-all", "write-all" or a mapping of scopes.
func (d *decoder) permissions(k, v *yaml.Node, path string) *Permissions {
	p := &Permissions{Pos: d.pos(k)}
	switch r := source.Resolve(v); {
	case source.IsScalar(r) && !source.IsNull(r):
		p.All = source.Str(d.file, r)
	case source.IsMap(r):
		p.Scopes = d.kvs(r, path)
		for _, s := range source.Pairs(r) {
			if !source.IsScalar(s.Value) {
				d.invalid(s.Value, path+"."+s.Key.Value, "a permission level")
			}
		}
	default:
		d.invalid(v, path, `"read-all", "write-all" or a mapping of scopes`)
		return nil
	}
	return p
}

// environment reads "name" or {name, url}.
func (d *decoder) environment(k, v *yaml.Node, path string) *Environment {
	e := &Environment{Pos: d.pos(k)}
	switch r := source.Resolve(v); {
	case source.IsScalar(r) && !source.IsNull(r):
		e.Name = source.Str(d.file, r)
	case source.IsMap(r):
		for _, p := range source.Pairs(r) {
			switch p.Key.Value {
			case "name":
				e.Name = d.str(p.Value, path+".name")
			case "url":
				e.URL = d.str(p.Value, path+".url")
			}
		}
		if e.Name.Pos.Line == 0 {
			d.missing(r, path, "name")
		}
	default:
		d.invalid(v, path, "an environment name or a mapping")
		return nil
	}
	return e
}
