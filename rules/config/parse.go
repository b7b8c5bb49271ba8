package config

import (
	"fmt"
	"sort"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

var sprintf = fmt.Sprintf

var (
	topKeys     = []string{"version", "exclude", "enable", "disable", "baseline", "rules", "services", "ci", "flags"}
	ruleKeys    = []string{"enabled", "severity", "settings"}
	serviceKeys = []string{"name", "paths", "images", "workloads"}
	flagsKeys   = []string{"packages", "definitions"}
	packageKeys = []string{"path", "calls", "key", "default"}
	ciKeys      = []string{"deploy-commands", "dry-run-commands", "build-commands", "push-commands", "test-commands", "lint-commands", "security-commands"}
)

// Parse reads a configuration file strictly.
func Parse(path string, data []byte) (*Config, error) {
	docs, problems := source.ParseYAML(path, data, source.Limits{MaxBytes: 1 << 20, MaxDepth: 64, MaxNodes: 1 << 16, MaxDocuments: 2})
	if len(problems) > 0 {
		p := problems[0]
		return nil, &Error{Pos: p.Pos, Msg: string(p.Reason) + ": " + p.Message}
	}
	c := &Config{Path: path, CI: map[string][]source.String{}}
	if len(docs) > 1 {
		pos := source.PosOf(path, docs[1].Root)
		if !pos.IsValid() {
			pos = source.Pos{File: path, Line: 1, Col: 1}
		}
		return nil, errorf(pos, "a configuration file holds one YAML document")
	}
	if len(docs) == 0 || docs[0].Root == nil {
		return c, nil
	}
	p := &parser{path: path}
	root := docs[0].Root
	if err := p.mapping(root, "the configuration"); err != nil {
		return nil, err
	}
	for _, kv := range source.Pairs(root) {
		if err := p.known(kv.Key, topKeys); err != nil {
			return nil, err
		}
		var err error
		switch kv.Key.Value {
		case "version":
			c.Version = source.Str(path, kv.Value)
			if c.Version.Value != "1" {
				err = errorf(source.PosOf(path, kv.Value), "version must be 1, not %q", c.Version.Value)
			}
		case "exclude":
			c.Exclude, err = p.strings(kv)
		case "enable":
			c.Enable, err = p.strings(kv)
		case "disable":
			c.Disable, err = p.strings(kv)
		case "baseline":
			if !source.IsScalar(kv.Value) || source.IsNull(kv.Value) {
				err = errorf(p.pos(kv.Value), "baseline must be a file name, not %s", source.KindName(kv.Value))
				break
			}
			c.Baseline = source.Str(path, kv.Value)
		case "rules":
			c.Rules, err = p.rules(kv.Value)
		case "services":
			c.Services, err = p.services(kv.Value)
		case "ci":
			err = p.ci(kv.Value, c.CI)
		case "flags":
			c.Flags, err = p.flags(kv.Value)
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

type parser struct{ path string }

func (p *parser) pos(n *yaml.Node) source.Pos { return source.PosOf(p.path, n) }

func (p *parser) mapping(n *yaml.Node, what string) error {
	if !source.IsMap(n) {
		return errorf(p.pos(n), "%s must be a mapping, not %s", what, source.KindName(n))
	}
	return nil
}

// known rejects a key that is not in keys, suggesting the closest one.
func (p *parser) known(k *yaml.Node, keys []string) error {
	for _, want := range keys {
		if k.Value == want {
			return nil
		}
	}
	if s := suggest(k.Value, keys); s != "" {
		return errorf(p.pos(k), "unknown key %q (did you mean %q?)", k.Value, s)
	}
	return errorf(p.pos(k), "unknown key %q (known keys: %v)", k.Value, keys)
}

// strings reads a list of strings (a single string is accepted too).
func (p *parser) strings(kv source.KV) ([]source.String, error) {
	v := source.Resolve(kv.Value)
	if v == nil || source.IsNull(v) {
		return nil, nil
	}
	if v.Kind == yaml.MappingNode {
		return nil, errorf(p.pos(v), "%q must be a list of strings, not a mapping", kv.Key.Value)
	}
	var out []source.String
	for _, item := range source.Items(v) {
		if !source.IsScalar(item) || source.IsNull(item) {
			return nil, errorf(p.pos(item), "%q must be a list of strings; this item is %s", kv.Key.Value, source.KindName(item))
		}
		out = append(out, source.Str(p.path, item))
	}
	return out, nil
}

func (p *parser) rules(n *yaml.Node) ([]*RuleConfig, error) {
	if source.IsNull(n) {
		return nil, nil
	}
	if err := p.mapping(n, `"rules"`); err != nil {
		return nil, err
	}
	var out []*RuleConfig
	for _, kv := range source.Pairs(n) {
		rc := &RuleConfig{Key: source.Str(p.path, kv.Key)}
		if source.IsNull(kv.Value) {
			out = append(out, rc)
			continue
		}
		if err := p.mapping(kv.Value, sprintf("rule %q", kv.Key.Value)); err != nil {
			return nil, err
		}
		for _, f := range source.Pairs(kv.Value) {
			if err := p.known(f.Key, ruleKeys); err != nil {
				return nil, err
			}
			switch f.Key.Value {
			case "enabled":
				b, ok := source.Bool(f.Value)
				if !ok {
					return nil, errorf(p.pos(f.Value), `"enabled" must be true or false, not %s`, describe(f.Value))
				}
				rc.Enabled = &b
			case "severity":
				rc.Severity = source.Str(p.path, f.Value)
				switch rc.Severity.Value {
				case "note", "warning", "error":
				default:
					return nil, errorf(p.pos(f.Value), `"severity" must be note, warning or error, not %s`, describe(f.Value))
				}
			case "settings":
				rc.Settings = source.Resolve(f.Value)
			}
		}
		out = append(out, rc)
	}
	return out, nil
}

func (p *parser) services(n *yaml.Node) ([]*ServiceConfig, error) {
	var out []*ServiceConfig
	v := source.Resolve(n)
	if v != nil && !source.IsNull(v) && v.Kind != yaml.SequenceNode {
		return nil, errorf(p.pos(v), `"services" must be a list, not %s`, source.KindName(v))
	}
	for _, item := range source.Items(v) {
		if err := p.mapping(item, "a service"); err != nil {
			return nil, err
		}
		sc := &ServiceConfig{Pos: p.pos(item)}
		for _, kv := range source.Pairs(item) {
			if err := p.known(kv.Key, serviceKeys); err != nil {
				return nil, err
			}
			var err error
			switch kv.Key.Value {
			case "name":
				sc.Name = source.Str(p.path, kv.Value)
			case "paths":
				sc.Paths, err = p.strings(kv)
			case "images":
				sc.Images, err = p.strings(kv)
			case "workloads":
				sc.Workloads, err = p.strings(kv)
			}
			if err != nil {
				return nil, err
			}
		}
		if sc.Name.Value == "" {
			return nil, errorf(sc.Pos, `a service needs a "name"`)
		}
		out = append(out, sc)
	}
	return out, nil
}

func (p *parser) ci(n *yaml.Node, into map[string][]source.String) error {
	if source.IsNull(n) {
		return nil
	}
	if err := p.mapping(n, `"ci"`); err != nil {
		return err
	}
	for _, kv := range source.Pairs(n) {
		if err := p.known(kv.Key, ciKeys); err != nil {
			return err
		}
		list, err := p.strings(kv)
		if err != nil {
			return err
		}
		into[kv.Key.Value[:len(kv.Key.Value)-len("-commands")]] = list
	}
	return nil
}

// flags reads the flags: section: in-house flag packages and extra flag
// definition files.
func (p *parser) flags(n *yaml.Node) (*FlagsConfig, error) {
	fc := &FlagsConfig{}
	if source.IsNull(n) {
		return fc, nil
	}
	if err := p.mapping(n, `"flags"`); err != nil {
		return nil, err
	}
	for _, kv := range source.Pairs(n) {
		if err := p.known(kv.Key, flagsKeys); err != nil {
			return nil, err
		}
		var err error
		switch kv.Key.Value {
		case "definitions":
			fc.Definitions, err = p.strings(kv)
		case "packages":
			fc.Packages, err = p.flagPackages(kv.Value)
		}
		if err != nil {
			return nil, err
		}
	}
	return fc, nil
}

func (p *parser) flagPackages(n *yaml.Node) ([]*FlagPackageConfig, error) {
	v := source.Resolve(n)
	if v != nil && !source.IsNull(v) && v.Kind != yaml.SequenceNode {
		return nil, errorf(p.pos(v), `"packages" must be a list, not %s`, source.KindName(v))
	}
	var out []*FlagPackageConfig
	for _, item := range source.Items(v) {
		if err := p.mapping(item, "a flag package"); err != nil {
			return nil, err
		}
		// Most in-house packages wrap a call like Enabled(ctx, key) or
		// Bool(key, default): the key comes first unless told otherwise.
		fp := &FlagPackageConfig{Key: 0, Default: -1, Pos: p.pos(item)}
		for _, kv := range source.Pairs(item) {
			if err := p.known(kv.Key, packageKeys); err != nil {
				return nil, err
			}
			var err error
			switch kv.Key.Value {
			case "path":
				fp.Path = source.Str(p.path, kv.Value)
			case "calls":
				fp.Calls, err = p.strings(kv)
			case "key", "default":
				i, ok := source.Int(kv.Value)
				switch {
				case !ok || i < 0 || i > 16:
					err = errorf(p.pos(kv.Value), "%q must be an argument index from 0 to 16, not %s", kv.Key.Value, describe(kv.Value))
				case kv.Key.Value == "key":
					fp.Key = i
				default:
					fp.Default = i
				}
			}
			if err != nil {
				return nil, err
			}
		}
		if fp.Path.Value == "" {
			return nil, errorf(fp.Pos, `a flag package needs a "path" (an import path prefix)`)
		}
		out = append(out, fp)
	}
	return out, nil
}

func describe(n *yaml.Node) string {
	n = source.Resolve(n)
	if n != nil && n.Kind == yaml.ScalarNode {
		return sprintf("%q", n.Value)
	}
	return source.KindName(n)
}

// suggest returns the key closest to s within an edit distance of 2.
func suggest(s string, keys []string) string {
	best, bestD := "", 3
	sorted := append([]string(nil), keys...)
	sort.Strings(sorted)
	for _, k := range sorted {
		if d := distance(s, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
