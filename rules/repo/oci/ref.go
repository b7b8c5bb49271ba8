// Package oci splits container image references the way Docker and the
// distribution/reference package read them, without ever rejecting one:
// lockstep needs the pieces of references it finds in manifests, CI
// configs and values files, including half-written or templated ones.
package oci

import "strings"

// DefaultRegistry is the registry of references that name none.
const DefaultRegistry = "docker.io"

// officialPrefix is where Docker Hub keeps single-name ("official") images.
const officialPrefix = "library/"

// Ref is an image reference split into its parts. Tag and Digest are empty
// when the reference has none; a Digest keeps its algorithm ("sha256:…").
type Ref struct {
	Registry   string
	Repository string
	Tag        string
	Digest     string
	// Templated is set when the reference holds a template expression
	// (${…}, {{…}} or $(…)). Its parts are then a best-effort split, and no
	// default registry or library/ prefix is added, since the expression
	// may expand to either.
	Templated bool
}

// ParseRef splits s. It never fails: an empty or malformed s yields
// whatever parts could be recognised.
func ParseRef(s string) Ref {
	s = strings.TrimSpace(s)
	templated := hasTemplate(s)
	// Separators inside template expressions ("{{ .a | default "x:y" }}")
	// are not separators of the reference, so they are found on a masked
	// copy of the same length and the original is sliced at those offsets.
	masked := s
	if templated {
		masked = maskTemplates(s)
	}
	r := Ref{Templated: templated}

	name, maskedName := s, masked
	if i := strings.IndexByte(masked, '@'); i >= 0 {
		r.Digest = s[i+1:]
		name, maskedName = s[:i], masked[:i]
	}
	if i := strings.LastIndexByte(maskedName, ':'); i >= 0 && !strings.Contains(maskedName[i:], "/") {
		r.Tag = name[i+1:]
		name, maskedName = name[:i], maskedName[:i]
	}

	r.Registry, r.Repository = splitRegistry(name, maskedName, templated)
	return r
}

// splitRegistry separates the registry host from the repository path,
// following distribution/reference: the first path component is a host
// when it contains "." or ":", is "localhost", or has upper-case letters
// (which a repository path cannot).
func splitRegistry(name, masked string, templated bool) (registry, repository string) {
	i := strings.IndexByte(masked, '/')
	if i >= 0 {
		first := masked[:i]
		isHost := strings.ContainsAny(first, ".:") || first == "localhost" || strings.ToLower(first) != first
		// A first component that is wholly an expression, as in
		// "${REGISTRY}/orders", is far more often a registry than a
		// Docker Hub namespace.
		if templated && isExpression(name[:i]) {
			isHost = true
		}
		if isHost {
			registry, repository = name[:i], name[i+1:]
		}
	}
	if registry == "" {
		repository = name
		if templated || repository == "" {
			return "", repository
		}
		registry = DefaultRegistry
	}
	if registry == "index.docker.io" {
		registry = DefaultRegistry
	}
	if registry == DefaultRegistry && !templated && repository != "" && !strings.Contains(repository, "/") {
		repository = officialPrefix + repository
	}
	return registry, repository
}

// Name is the last path segment of the repository: "orders" for
// ghcr.io/acme/orders:1.2. It is how an image usually names its service.
func (r Ref) Name() string {
	// Slashes inside an expression do not count: the Name of
	// "acme/{{ .a/b }}" is the whole expression.
	masked := r.Repository
	if r.Templated {
		masked = maskTemplates(masked)
	}
	return r.Repository[strings.LastIndexByte(masked, '/')+1:]
}

// String is the reference in full, with the registry and library/ prefix
// that ParseRef made explicit.
func (r Ref) String() string {
	var b strings.Builder
	if r.Registry != "" {
		b.WriteString(r.Registry)
		b.WriteByte('/')
	}
	b.WriteString(r.Repository)
	if r.Tag != "" {
		b.WriteByte(':')
		b.WriteString(r.Tag)
	}
	if r.Digest != "" {
		b.WriteByte('@')
		b.WriteString(r.Digest)
	}
	return b.String()
}

// IsZero reports a reference with no parts at all.
func (r Ref) IsZero() bool { return r == Ref{} }
