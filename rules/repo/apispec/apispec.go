// Package apispec locates API contracts in a repository: OpenAPI 3.x and
// Swagger 2.0 documents, and protobuf files. It records what identifies a
// contract and its surface (paths, services, rpcs, messages) with
// positions; comparing two versions of a contract is another package's job.
package apispec

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// The formats of a Spec.
const (
	FormatOpenAPI = "openapi"
	FormatSwagger = "swagger"
	FormatProto   = "proto"
)

// Spec is one API contract.
type Spec struct {
	Path   string
	Format string // FormatOpenAPI, FormatSwagger or FormatProto
	// Version is the openapi: or swagger: value, or for proto the syntax
	// ("proto2", "proto3") or edition ("edition 2023").
	Version    source.String
	Title      source.String // info.title
	APIVersion source.String // info.version
	Paths      []source.String
	// The proto surface. RPCs are qualified by their service
	// ("Greeter.SayHello") and nested messages by their parents
	// ("Outer.Inner"); each is positioned at its own name.
	Package  source.String
	Services []source.String
	RPCs     []source.String
	Messages []source.String
	// Pos is the openapi: or swagger: key, or the proto syntax statement
	// (the start of the file when there is none).
	Pos source.Pos
}

// Sniff recognises an OpenAPI 3.x or Swagger 2.0 document (YAML or JSON,
// which the YAML decoder reads too) and reads its title, version and path
// keys. It looks at the first document that declares either version.
func Sniff(path string, docs []*source.Doc) (*Spec, bool) {
	for _, d := range docs {
		if d == nil || !source.IsMap(d.Root) {
			continue
		}
		spec := sniffDoc(path, source.Resolve(d.Root))
		if spec != nil {
			return spec, true
		}
	}
	return nil, false
}

func sniffDoc(path string, root *yaml.Node) *Spec {
	spec := &Spec{Path: path}
	if k, v := source.Lookup(root, "openapi"); k != nil && source.IsScalar(v) && strings.HasPrefix(v.Value, "3.") {
		spec.Format, spec.Version, spec.Pos = FormatOpenAPI, source.Str(path, v), source.PosOf(path, k)
	} else if k, v := source.Lookup(root, "swagger"); k != nil && source.IsScalar(v) && v.Value == "2.0" {
		spec.Format, spec.Version, spec.Pos = FormatSwagger, source.Str(path, v), source.PosOf(path, k)
	} else {
		return nil
	}
	info := source.Get(root, "info")
	spec.Title = scalar(path, source.Get(info, "title"))
	spec.APIVersion = scalar(path, source.Get(info, "version"))
	for _, kv := range source.Pairs(source.Get(root, "paths")) {
		// The paths object also admits x- extensions, which are not paths.
		if source.IsScalar(kv.Key) && strings.HasPrefix(kv.Key.Value, "/") {
			spec.Paths = append(spec.Paths, source.Str(path, kv.Key))
		}
	}
	return spec
}

// scalar is source.Str for scalars only: a malformed info block yields
// nothing rather than a position with no value.
func scalar(path string, n *yaml.Node) source.String {
	if !source.IsScalar(n) || source.IsNull(n) {
		return source.String{}
	}
	return source.Str(path, n)
}
