// Package flagdef reads feature-flag definition files: flagd, GO Feature
// Flag, Unleash exports, Flipt declarative features and LaunchDarkly file
// data, in YAML or JSON. It recognises a format by content (callers have
// already narrowed the candidates by name) and keeps, for each flag, its
// key where it is written and whether it is served "on" to everyone.
package flagdef

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Format names a definition file format.
type Format string

// The formats read.
const (
	Flagd        Format = "flagd"
	GOFF         Format = "go-feature-flag"
	Unleash      Format = "unleash"
	Flipt        Format = "flipt"
	LaunchDarkly Format = "launchdarkly"
)

// File is one definition file.
type File struct {
	Path   string
	Format Format
	Flags  []*Flag
}

// Flag is one defined flag.
type Flag struct {
	Key source.String
	// AlwaysOn reports a boolean flag that every evaluation resolves to
	// true: enabled, its default (or fallthrough) variant true, and no
	// targeting, rules, segments or percentage rollout. Its "off" branch in
	// code is dead: the flag is ready to be removed.
	AlwaysOn bool
}

// Parse recognises a definition file among docs (the YAML documents of
// path; JSON is YAML) and reads its flags. ok is false when the content is
// none of the formats. Parse reads only the first document.
func Parse(path string, docs []*source.Doc) (f *File, ok bool) {
	if len(docs) == 0 || docs[0].Root == nil {
		return nil, false
	}
	root := source.Resolve(docs[0].Root)
	if !source.IsMap(root) {
		return nil, false
	}
	p := &parser{path: path}
	for _, try := range []func(*yaml.Node) (Format, []*Flag, bool){p.flagd, p.launchDarkly, p.unleash, p.flipt, p.goff} {
		if format, flags, ok := try(root); ok {
			return &File{Path: path, Format: format, Flags: flags}, true
		}
	}
	return nil, false
}

type parser struct{ path string }

func (p *parser) key(n *yaml.Node) source.String { return source.Str(p.path, n) }

// flagd: {"$schema": ".../flagd.dev/schema/...", "flags": {name: {state,
// variants, defaultVariant, targeting}}}.
func (p *parser) flagd(root *yaml.Node) (Format, []*Flag, bool) {
	flags := source.Get(root, "flags")
	schema := source.Str(p.path, source.Get(root, "$schema")).Value
	if !source.IsMap(flags) {
		return "", nil, false
	}
	pairs := source.Pairs(flags)
	if !strings.Contains(schema, "flagd.dev/schema") && !allHave(pairs, "state", "variants", "defaultVariant") {
		return "", nil, false
	}
	var out []*Flag
	for _, kv := range pairs {
		f := &Flag{Key: p.key(kv.Key)}
		def := source.Str(p.path, source.Get(kv.Value, "defaultVariant")).Value
		f.AlwaysOn = source.Str(p.path, source.Get(kv.Value, "state")).Value == "ENABLED" &&
			empty(source.Get(kv.Value, "targeting")) &&
			isTrue(source.Get(source.Get(kv.Value, "variants"), def))
		out = append(out, f)
	}
	return Flagd, out, true
}

// GO Feature Flag: {name: {variations: {...}, defaultRule: {variation: X},
// targeting: [...], disable: bool}}.
func (p *parser) goff(root *yaml.Node) (Format, []*Flag, bool) {
	pairs := source.Pairs(root)
	var out []*Flag
	for _, kv := range pairs {
		v := source.Resolve(kv.Value)
		if !source.IsMap(v) || source.Get(v, "variations") == nil {
			continue
		}
		f := &Flag{Key: p.key(kv.Key)}
		rule := source.Get(v, "defaultRule")
		variation := source.Str(p.path, source.Get(rule, "variation")).Value
		disabled, _ := source.Bool(source.Get(v, "disable"))
		f.AlwaysOn = !disabled && variation != "" &&
			empty(source.Get(v, "targeting")) && empty(source.Get(v, "scheduledRollout")) &&
			empty(source.Get(v, "experimentation")) &&
			isTrue(source.Get(source.Get(v, "variations"), variation))
		out = append(out, f)
	}
	if len(out) == 0 || !anyHave(pairs, "defaultRule") {
		return "", nil, false
	}
	return GOFF, out, true
}

// Unleash export: {"version": 1, "features": [{"name", "enabled",
// "strategies": [...]}]}.
func (p *parser) unleash(root *yaml.Node) (Format, []*Flag, bool) {
	features := source.Resolve(source.Get(root, "features"))
	if features == nil || features.Kind != yaml.SequenceNode {
		return "", nil, false
	}
	versioned := source.Get(root, "version") != nil
	var out []*Flag
	for _, item := range source.Items(features) {
		name := source.Get(item, "name")
		if name == nil || (!versioned && source.Get(item, "enabled") == nil) {
			return "", nil, false
		}
		f := &Flag{Key: p.key(name)}
		enabled, _ := source.Bool(source.Get(item, "enabled"))
		f.AlwaysOn = enabled && onlyDefaultStrategies(source.Get(item, "strategies"))
		out = append(out, f)
	}
	return Unleash, out, len(out) > 0 || versioned
}

// onlyDefaultStrategies: Unleash's "default" strategy turns a feature on
// for everyone; any other strategy (gradual rollout, user IDs) or a
// constraint narrows it.
func onlyDefaultStrategies(n *yaml.Node) bool {
	for _, s := range source.Items(n) {
		if source.Str("", source.Get(s, "name")).Value != "default" || !empty(source.Get(s, "constraints")) {
			return false
		}
	}
	return true
}

// Flipt declarative: {namespace, flags: [{key, type, enabled, variants,
// rules, rollouts}], segments}.
func (p *parser) flipt(root *yaml.Node) (Format, []*Flag, bool) {
	flags := source.Resolve(source.Get(root, "flags"))
	if flags == nil || flags.Kind != yaml.SequenceNode {
		return "", nil, false
	}
	declared := source.Get(root, "namespace") != nil || source.Get(root, "version") != nil
	var out []*Flag
	for _, item := range source.Items(flags) {
		key := source.Get(item, "key")
		if key == nil || (!declared && source.Get(item, "type") == nil && source.Get(item, "enabled") == nil) {
			return "", nil, false
		}
		f := &Flag{Key: p.key(key)}
		enabled, _ := source.Bool(source.Get(item, "enabled"))
		f.AlwaysOn = source.Str(p.path, source.Get(item, "type")).Value == "BOOLEAN_FLAG_TYPE" &&
			enabled && empty(source.Get(item, "rollouts"))
		out = append(out, f)
	}
	return Flipt, out, len(out) > 0
}

// LaunchDarkly file data: {flags: {key: {on, variations, fallthrough:
// {variation: i}, rules, targets}}, flagValues: {key: value}}.
func (p *parser) launchDarkly(root *yaml.Node) (Format, []*Flag, bool) {
	flags, values := source.Resolve(source.Get(root, "flags")), source.Resolve(source.Get(root, "flagValues"))
	flagPairs := source.Pairs(flags)
	fullFlags := source.IsMap(flags) && len(flagPairs) > 0 && allHave(flagPairs, "variations")
	if !source.IsMap(values) && !fullFlags {
		return "", nil, false
	}
	var out []*Flag
	for _, kv := range flagPairs {
		f := &Flag{Key: p.key(kv.Key)}
		on, _ := source.Bool(source.Get(kv.Value, "on"))
		idx, hasIdx := source.Int(source.Get(source.Get(kv.Value, "fallthrough"), "variation"))
		variations := source.Items(source.Get(kv.Value, "variations"))
		f.AlwaysOn = on && hasIdx && idx >= 0 && idx < len(variations) && isTrue(variations[idx]) &&
			empty(source.Get(kv.Value, "rules")) && empty(source.Get(kv.Value, "targets")) &&
			empty(source.Get(kv.Value, "contextTargets")) && empty(source.Get(kv.Value, "prerequisites"))
		out = append(out, f)
	}
	for _, kv := range source.Pairs(values) {
		out = append(out, &Flag{Key: p.key(kv.Key), AlwaysOn: isTrue(kv.Value)})
	}
	return LaunchDarkly, out, true
}

// allHave reports whether every value of pairs (at least one) is a
// mapping with all the keys.
func allHave(pairs []source.KV, keys ...string) bool {
	if len(pairs) == 0 {
		return false
	}
	for _, kv := range pairs {
		for _, k := range keys {
			if source.Get(kv.Value, k) == nil {
				return false
			}
		}
	}
	return true
}

func anyHave(pairs []source.KV, key string) bool {
	for _, kv := range pairs {
		if source.Get(kv.Value, key) != nil {
			return true
		}
	}
	return false
}

// empty reports an absent, null or empty value: no targeting at all.
func empty(n *yaml.Node) bool {
	n = source.Resolve(n)
	return n == nil || source.IsNull(n) || (n.Kind != yaml.ScalarNode && len(n.Content) == 0)
}

// isTrue reports the boolean true; the string "true" is a string variant.
func isTrue(n *yaml.Node) bool {
	if n = source.Resolve(n); n == nil || n.Tag == "!!str" {
		return false
	}
	b, ok := source.Bool(n)
	return ok && b
}
