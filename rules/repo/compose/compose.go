// Package compose reads Docker Compose files and the .env files they use
// into the repository model, keeping the position of every value a rule
// may point at.
package compose

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// File is one Compose file.
type File struct {
	Path     string
	Name     source.String // the top-level name: (project name)
	Services []*Service
	Pos      source.Pos // the document's root node
}

// Service is one entry of services:. Pos is the position of its key.
type Service struct {
	Name        source.String
	Image       source.String
	Build       *Build // nil when the service has no build:
	DependsOn   []*Dependency
	Environment []EnvVar
	EnvFiles    []source.String
	Profiles    []source.String
	// Ports are written in the short syntax; a long-syntax mapping is
	// rendered as "[host_ip:][published:]target[/protocol]" at the
	// mapping's position.
	Ports    []source.String
	Replicas source.String // deploy.replicas, or the legacy scale:
	Pos      source.Pos
}

// Build is a service's build: section; the short form "build: ./dir" sets
// only Context. Pos is the position of the build key.
type Build struct {
	Context    source.String
	Dockerfile source.String
	Target     source.String
	Args       []KV
	Pos        source.Pos
}

// Dependency is one entry of depends_on. Condition is empty in the list
// form. Pos is the position of the entry (list item or mapping key).
type Dependency struct {
	Service   source.String
	Condition source.String
	Pos       source.Pos
}

// EnvVar is one environment variable. A variable declared without a value
// ("- NAME" or "NAME:" in compose, "NAME" alone in a .env file) takes its
// value from the shell; its Value then has a zero Pos.
type EnvVar struct {
	Name, Value source.String
}

// KV is one key/value pair, such as a build argument. As with EnvVar, a
// zero Value.Pos means no value was written.
type KV struct {
	Key, Value source.String
}

// IsComposeFile reports whether path has one of the names Compose reads:
// compose.yaml, docker-compose.yml and their variants such as
// compose.prod.yaml, docker-compose-dev.yml or app.compose.yaml.
func IsComposeFile(p string) bool {
	base := strings.ToLower(path.Base(p))
	stem, ok := strings.CutSuffix(base, ".yaml")
	if !ok {
		stem, ok = strings.CutSuffix(base, ".yml")
	}
	if !ok {
		return false
	}
	if strings.HasSuffix(stem, ".compose") {
		return true
	}
	for _, prefix := range []string{"docker-compose", "compose"} {
		if rest, ok := strings.CutPrefix(stem, prefix); ok {
			// "compose-dev" and "compose.prod" yes, "composer" no.
			return rest == "" || strings.ContainsRune(".-_", rune(rest[0]))
		}
	}
	return false
}

// Parse reads the Compose documents of the file at path. Content of the
// wrong shape is reported and skipped; everything else is kept.
func Parse(path string, docs []*source.Doc) (*File, []source.Problem) {
	p := &parser{Reader: source.Reader{File: path}}
	f := &File{Path: path}
	for _, d := range docs {
		if d == nil || d.Root == nil || source.IsNull(d.Root) {
			continue
		}
		root := source.Resolve(d.Root)
		if !source.IsMap(root) {
			p.Invalid(root, "a Compose file must be a mapping, got %s", source.KindName(root))
			continue
		}
		if !f.Pos.IsValid() {
			f.Pos = source.PosOf(path, root)
		}
		if k, v := source.Lookup(root, "name"); k != nil && f.Name.Value == "" {
			f.Name = p.Scalar("name", v)
		}
		f.Services = append(f.Services, p.services(root)...)
	}
	return f, p.Problems
}

type parser struct{ source.Reader }

func (p *parser) services(root *yaml.Node) []*Service {
	_, v := source.Lookup(root, "services")
	if v == nil || source.IsNull(v) {
		return nil
	}
	if !source.IsMap(v) {
		p.Invalid(v, "services: expected a mapping of service names, got %s", source.KindName(v))
		return nil
	}
	var out []*Service
	for _, kv := range source.Pairs(v) {
		if s := p.service(kv.Key, source.Resolve(kv.Value)); s != nil {
			out = append(out, s)
		}
	}
	return out
}
