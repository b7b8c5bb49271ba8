package compose

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func (p *parser) service(key, n *yaml.Node) *Service {
	if !source.IsScalar(key) {
		p.Invalid(key, "services: a service name must be a scalar, got %s", source.KindName(key))
		return nil
	}
	name := source.Str(p.File, key)
	s := &Service{Name: name, Pos: name.Pos}
	if source.IsNull(n) {
		return s
	}
	if !source.IsMap(n) {
		p.Invalid(n, "services.%s: expected a mapping, got %s", name.Value, source.KindName(n))
		return nil
	}
	at := "services." + name.Value + "."
	for _, kv := range source.Pairs(n) {
		v := source.Resolve(kv.Value)
		switch k := kv.Key.Value; k {
		case "image":
			s.Image = p.Scalar(at+k, v)
		case "build":
			s.Build = p.build(at+k, kv.Key, v)
		case "depends_on":
			s.DependsOn = p.dependsOn(at+k, v)
		case "environment":
			s.Environment = p.assignments(at+k, v)
		case "env_file":
			s.EnvFiles = p.envFiles(at+k, v)
		case "profiles":
			s.Profiles = p.Scalars(at+k, v)
		case "ports":
			s.Ports = p.ports(at+k, v)
		case "scale":
			if s.Replicas.Value == "" {
				s.Replicas = p.Scalar(at+k, v)
			}
		case "deploy":
			if !source.IsNull(v) && !source.IsMap(v) {
				p.Invalid(v, "%s: expected a mapping, got %s", at+k, source.KindName(v))
			} else if _, r := source.Lookup(v, "replicas"); r != nil {
				s.Replicas = p.Scalar(at+k+".replicas", r)
			}
		}
	}
	return s
}

func (p *parser) build(at string, key, n *yaml.Node) *Build {
	b := &Build{Pos: source.PosOf(p.File, key)}
	switch {
	case source.IsNull(n):
	case source.IsScalar(n):
		b.Context = source.Str(p.File, n)
	case source.IsMap(n):
		for _, kv := range source.Pairs(n) {
			v := source.Resolve(kv.Value)
			switch k := kv.Key.Value; k {
			case "context":
				b.Context = p.Scalar(at+"."+k, v)
			case "dockerfile":
				b.Dockerfile = p.Scalar(at+"."+k, v)
			case "target":
				b.Target = p.Scalar(at+"."+k, v)
			case "args":
				for _, e := range p.assignments(at+"."+k, v) {
					b.Args = append(b.Args, KV{Key: e.Name, Value: e.Value})
				}
			}
		}
	default:
		p.Invalid(n, "%s: expected a path or a mapping, got %s", at, source.KindName(n))
	}
	return b
}

func (p *parser) dependsOn(at string, n *yaml.Node) []*Dependency {
	var out []*Dependency
	if source.IsMap(n) {
		for _, kv := range source.Pairs(n) {
			if !source.IsScalar(kv.Key) {
				p.Invalid(kv.Key, "%s: a service name must be a scalar, got %s", at, source.KindName(kv.Key))
				continue
			}
			d := &Dependency{Service: source.Str(p.File, kv.Key)}
			d.Pos = d.Service.Pos
			v := source.Resolve(kv.Value)
			if !source.IsNull(v) && !source.IsMap(v) {
				p.Invalid(v, "%s.%s: expected a mapping, got %s", at, d.Service.Value, source.KindName(v))
			} else if _, c := source.Lookup(v, "condition"); c != nil {
				d.Condition = p.Scalar(at+"."+d.Service.Value+".condition", c)
			}
			out = append(out, d)
		}
		return out
	}
	for _, s := range p.Scalars(at, n) {
		out = append(out, &Dependency{Service: s, Pos: s.Pos})
	}
	return out
}

// assignments reads the two forms Compose accepts for environment and
// build args: a mapping, or a sequence of "NAME=value" strings.
func (p *parser) assignments(at string, n *yaml.Node) []EnvVar {
	var out []EnvVar
	if source.IsMap(n) {
		for _, kv := range source.Pairs(n) {
			if !source.IsScalar(kv.Key) {
				p.Invalid(kv.Key, "%s: a variable name must be a scalar, got %s", at, source.KindName(kv.Key))
				continue
			}
			e := EnvVar{Name: source.Str(p.File, kv.Key)}
			if v := source.Resolve(kv.Value); !source.IsNull(v) {
				e.Value = p.Scalar(at+"."+e.Name.Value, v)
			}
			out = append(out, e)
		}
		return out
	}
	for _, c := range source.Items(n) {
		if !source.IsScalar(c) {
			p.Invalid(c, "%s: expected NAME=value, got %s", at, source.KindName(c))
			continue
		}
		if source.IsNull(c) {
			continue
		}
		out = append(out, splitAssignment(p.File, c))
	}
	return out
}

// splitAssignment splits a "NAME=value" scalar. The parts' columns are
// exact for plain and quoted scalars written on one line, which is how
// environment lists are written; block scalars get the node's position.
func splitAssignment(file string, n *yaml.Node) EnvVar {
	pos := source.PosOf(file, n)
	offset := 0
	switch n.Style {
	case 0, yaml.TaggedStyle, yaml.FlowStyle:
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		offset = 1
	default:
		name, value, ok := strings.Cut(n.Value, "=")
		e := EnvVar{Name: source.String{Value: name, Pos: pos}}
		if ok {
			e.Value = source.String{Value: value, Pos: pos}
		}
		return e
	}
	name, value, ok := strings.Cut(n.Value, "=")
	namePos := pos
	namePos.Col += offset
	e := EnvVar{Name: source.String{Value: name, Pos: namePos}}
	if ok {
		valuePos := namePos
		valuePos.Col += utf8.RuneCountInString(name) + 1
		e.Value = source.String{Value: value, Pos: valuePos}
	}
	return e
}

// envFiles reads env_file: a path, a list of paths, or a list of
// {path, required} mappings.
func (p *parser) envFiles(at string, n *yaml.Node) []source.String {
	if source.IsMap(n) {
		p.Invalid(n, "%s: expected a path or a sequence, got a mapping", at)
		return nil
	}
	var out []source.String
	for _, c := range source.Items(n) {
		if source.IsMap(c) {
			if _, v := source.Lookup(c, "path"); v != nil {
				if s := p.Scalar(at+".path", v); s.Pos.IsValid() {
					out = append(out, s)
				}
			} else {
				p.Invalid(c, "%s: an entry written as a mapping needs a path key", at)
			}
			continue
		}
		if s := p.Scalar(at, c); s.Pos.IsValid() {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) ports(at string, n *yaml.Node) []source.String {
	if source.IsMap(n) {
		p.Invalid(n, "%s: expected a sequence, got a mapping", at)
		return nil
	}
	var out []source.String
	for _, c := range source.Items(n) {
		switch {
		case source.IsMap(c):
			out = append(out, source.String{Value: longPort(c), Pos: source.PosOf(p.File, c)})
		case source.IsNull(c):
		case source.IsScalar(c):
			out = append(out, source.Str(p.File, c))
		default:
			p.Invalid(c, "%s: expected a port or a mapping, got %s", at, source.KindName(c))
		}
	}
	return out
}

// longPort renders the long port syntax in the short one, so rules see a
// single format.
func longPort(n *yaml.Node) string {
	field := func(k string) string {
		if v := source.Get(n, k); source.IsScalar(v) && !source.IsNull(v) {
			return v.Value
		}
		return ""
	}
	var b strings.Builder
	ip, pub := field("host_ip"), field("published")
	switch {
	case ip != "":
		b.WriteString(ip + ":" + pub + ":")
	case pub != "":
		b.WriteString(pub + ":")
	}
	b.WriteString(field("target"))
	if proto := field("protocol"); proto != "" {
		b.WriteString("/" + proto)
	}
	return b.String()
}
