package actions

import (
	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// triggers reads "on" in its three forms: one event name, a list of event
// names, or a mapping from event names to their filters (null for none).
func (d *decoder) triggers(k, v *yaml.Node) *Triggers {
	t := &Triggers{Pos: d.pos(k)}
	r := source.Resolve(v)
	switch {
	case source.IsScalar(r) && !source.IsNull(r):
		t.Events = append(t.Events, d.eventName(r))
	case r != nil && r.Kind == yaml.SequenceNode:
		for i, c := range source.Items(r) {
			if c.Kind != yaml.ScalarNode || source.IsNull(c) {
				d.invalid(c, index("on", i), "an event name")
				continue
			}
			t.Events = append(t.Events, d.eventName(c))
		}
	case source.IsMap(r):
		for _, p := range source.Pairs(r) {
			e := d.eventName(p.Key)
			d.eventFilters(e, p.Value, "on."+p.Key.Value)
			t.Events = append(t.Events, e)
		}
	default:
		d.invalid(v, "on", "an event name, a sequence of event names or a mapping of events")
		return nil
	}
	return t
}

func (d *decoder) eventName(n *yaml.Node) *Event {
	name := source.Str(d.file, n)
	return &Event{Name: name, Pos: name.Pos}
}

// eventFilters reads the mapping under one event. Filters are read for any
// event that has them: GitHub ignores the ones an event does not support,
// and so do the rules.
func (d *decoder) eventFilters(e *Event, v *yaml.Node, path string) {
	if source.IsNull(v) {
		return
	}
	if e.Name.Value == "schedule" {
		e.Crons = d.crons(v, path)
		return
	}
	for _, p := range d.pairs(v, path) {
		key, val := p.Key.Value, p.Value
		sub := path + "." + key
		switch key {
		case "branches":
			e.Branches = d.strs(val, sub)
		case "branches-ignore":
			e.BranchesIgnore = d.strs(val, sub)
		case "tags":
			e.Tags = d.strs(val, sub)
		case "tags-ignore":
			e.TagsIgnore = d.strs(val, sub)
		case "paths":
			e.Paths = d.strs(val, sub)
		case "paths-ignore":
			e.PathsIgnore = d.strs(val, sub)
		case "types":
			e.Types = d.strs(val, sub)
		case "workflows":
			e.Workflows = d.strs(val, sub)
		case "inputs":
			for _, in := range d.pairs(val, sub) {
				e.Inputs = append(e.Inputs, source.Str(d.file, in.Key))
			}
		}
	}
}

// crons reads "schedule: [{cron: ...}, ...]".
func (d *decoder) crons(v *yaml.Node, path string) []source.String {
	var out []source.String
	for i, item := range d.seq(v, path) {
		at := index(path, i)
		if !source.IsMap(item) {
			d.invalid(item, at, "a mapping with a cron key")
			continue
		}
		k, c := source.Lookup(item, "cron")
		if k == nil {
			d.missing(item, at, "cron")
			continue
		}
		out = append(out, d.str(c, at+".cron"))
	}
	return out
}
