package config

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Resolve turns the configuration into engine and loader options for the
// given rules: rule references must name existing rules, and per-rule
// settings are decoded strictly into copies of each rule's defaults.
func (c *Config) Resolve(metas []*rules.Meta) (rules.Options, repo.Options, error) {
	var ro rules.Options
	var lo repo.Options
	if c == nil {
		return ro, lo, nil
	}
	lookup := func(ref source.String) (*rules.Meta, error) {
		var names []string
		for _, m := range metas {
			if m.ID == ref.Value || m.Name == ref.Value {
				return m, nil
			}
			names = append(names, m.ID, m.Name)
		}
		if s := suggest(ref.Value, names); s != "" {
			return nil, errorf(ref.Pos, "unknown rule %q (did you mean %q?)", ref.Value, s)
		}
		return nil, errorf(ref.Pos, "unknown rule %q (see 'lockstep rules')", ref.Value)
	}
	enable := func(refs []source.String, on bool) error {
		for _, ref := range refs {
			m, err := lookup(ref)
			if err != nil {
				return err
			}
			if ro.Enabled == nil {
				ro.Enabled = map[string]bool{}
			}
			ro.Enabled[m.ID] = on
		}
		return nil
	}
	if err := enable(c.Enable, true); err != nil {
		return ro, lo, err
	}
	if err := enable(c.Disable, false); err != nil {
		return ro, lo, err
	}
	for _, rc := range c.Rules {
		m, err := lookup(rc.Key)
		if err != nil {
			return ro, lo, err
		}
		if rc.Enabled != nil {
			if ro.Enabled == nil {
				ro.Enabled = map[string]bool{}
			}
			ro.Enabled[m.ID] = *rc.Enabled
		}
		if rc.Severity.Value != "" {
			sev, _ := rules.ParseSeverity(rc.Severity.Value)
			if ro.Severity == nil {
				ro.Severity = map[string]rules.Severity{}
			}
			ro.Severity[m.ID] = sev
		}
		if rc.Settings != nil && !source.IsNull(rc.Settings) {
			if m.Settings == nil {
				return ro, lo, errorf(source.PosOf(c.Path, rc.Settings), "rule %s has no settings", m.ID)
			}
			v, err := DecodeSettings(c.Path, rc.Settings, m.Settings)
			if err != nil {
				return ro, lo, err
			}
			if ro.Settings == nil {
				ro.Settings = map[string]any{}
			}
			ro.Settings[m.ID] = v
		}
	}
	for _, e := range c.Exclude {
		lo.Excludes = append(lo.Excludes, e.Value)
	}
	for _, s := range c.Services {
		spec := repo.ServiceSpec{Name: s.Name.Value, Pos: s.Pos}
		for _, v := range s.Paths {
			spec.Paths = append(spec.Paths, v.Value)
		}
		for _, v := range s.Images {
			spec.Images = append(spec.Images, v.Value)
		}
		for _, v := range s.Workloads {
			spec.Workloads = append(spec.Workloads, v.Value)
		}
		lo.Services = append(lo.Services, spec)
	}
	for activity, patterns := range c.CI {
		for _, p := range patterns {
			if _, err := regexp.Compile(p.Value); err != nil {
				return ro, lo, errorf(p.Pos, "not a regular expression: %v", err)
			}
			if lo.CICommands == nil {
				lo.CICommands = map[string][]string{}
			}
			lo.CICommands[activity] = append(lo.CICommands[activity], p.Value)
		}
	}
	if f := c.Flags; f != nil {
		for _, d := range f.Definitions {
			lo.Flags.Definitions = append(lo.Flags.Definitions, d.Value)
		}
		for _, fp := range f.Packages {
			pkg := repo.FlagPackage{Path: fp.Path.Value, Key: fp.Key, Default: fp.Default, Pos: fp.Pos}
			for _, name := range fp.Calls {
				pkg.Calls = append(pkg.Calls, name.Value)
			}
			lo.Flags.Packages = append(lo.Flags.Packages, pkg)
		}
	}
	return ro, lo, nil
}

// DecodeSettings decodes n into a copy of defaults (a pointer to a struct)
// and returns the copy. Keys must match the struct's yaml tags: yaml.v3's
// Node.Decode has no strict mode, so unknown keys are checked first.
func DecodeSettings(file string, n *yaml.Node, defaults any) (any, error) {
	dv := reflect.ValueOf(defaults)
	if dv.Kind() != reflect.Pointer || dv.Elem().Kind() != reflect.Struct {
		return nil, errorf(source.PosOf(file, n), "internal: rule settings must be a pointer to a struct")
	}
	if err := checkKeys(file, n, dv.Elem().Type()); err != nil {
		return nil, err
	}
	// A deep copy: decoding into a map or slice of a shallow copy would
	// write into the rule's own defaults, shared by every run.
	v := reflect.New(dv.Elem().Type())
	v.Elem().Set(deepCopy(dv.Elem()))
	if err := n.Decode(v.Interface()); err != nil {
		return nil, decodeError(file, n, err)
	}
	// Settings may check themselves (regular expressions that must
	// compile, ranges); a mistake is a configuration error like any other.
	if val, ok := v.Interface().(interface{ Validate() error }); ok {
		if err := val.Validate(); err != nil {
			return nil, errorf(source.PosOf(file, n), "%v", err)
		}
	}
	return v.Interface(), nil
}

func checkKeys(file string, n *yaml.Node, t reflect.Type) error {
	n = source.Resolve(n)
	if n == nil || source.IsNull(n) {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return errorf(source.PosOf(file, n), "expected a mapping, not %s", source.KindName(n))
		}
		fields := yamlFields(t)
		var names []string
		for k := range fields {
			names = append(names, k)
		}
		for _, kv := range source.Pairs(n) {
			f, ok := fields[kv.Key.Value]
			if !ok {
				p := &parser{path: file}
				return p.known(kv.Key, names)
			}
			if err := checkKeys(file, kv.Value, f.Type); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind == yaml.SequenceNode {
			for _, item := range n.Content {
				if err := checkKeys(file, item, t.Elem()); err != nil {
					return err
				}
			}
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			for _, kv := range source.Pairs(n) {
				if err := checkKeys(file, kv.Value, t.Elem()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// yamlFields maps yaml key names to struct fields as yaml.v3 does.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f
	}
	return out
}

var lineRE = regexp.MustCompile(`line (\d+): (.*)`)

// decodeError positions yaml.v3's "line N: cannot unmarshal ..." errors.
func decodeError(file string, n *yaml.Node, err error) error {
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return errorf(source.Pos{File: file, Line: line, Col: 1}, "%s", strings.ReplaceAll(m[2], "!!", ""))
	}
	return errorf(source.PosOf(file, n), "%v", err)
}

// deepCopy copies v with fresh maps, slices and pointers (exported
// fields only; unexported ones are copied as they are).
func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		m := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			m.SetMapIndex(it.Key(), deepCopy(it.Value()))
		}
		return m
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			s.Index(i).Set(deepCopy(v.Index(i)))
		}
		return s
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(deepCopy(v.Elem()))
		return p
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := range v.NumField() {
			if out.Field(i).CanSet() {
				out.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return out
	}
	return v
}
