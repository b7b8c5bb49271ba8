// Package flux interprets Flux objects (*.toolkit.fluxcd.io) among the
// Kubernetes objects of a repository.
package flux

import (
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/kube"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Resource is one Flux object.
type Resource struct {
	Object              *kube.Object
	Kind                string
	Name                source.String
	Path                source.String // Kustomization spec.path
	SourceRef           Ref
	DependsOn           []source.String
	Chart, ChartVersion source.String // HelmRelease spec.chart.spec
	GitRef              GitRef        // GitRepository spec.ref
	ImageRepositoryRef  source.String // ImagePolicy spec.imageRepositoryRef.name
	Policy              source.String // ImagePolicy semver range, or alphabetical/numerical order
	Interval            source.String
	Pos                 source.Pos
}

// Ref names another Flux object.
type Ref struct {
	Kind, Name, Namespace source.String
}

// GitRef is what a GitRepository tracks.
type GitRef struct {
	Branch, Tag, Semver, Commit source.String
}

var kinds = map[string]bool{
	"Kustomization": true, "HelmRelease": true, "GitRepository": true, "OCIRepository": true,
	"HelmRepository": true, "ImageRepository": true, "ImagePolicy": true, "ImageUpdateAutomation": true,
}

// FromObjects interprets the Flux objects among objs. The Kustomization of
// kustomize.toolkit.fluxcd.io is Flux's; kustomize's own files are read
// elsewhere.
func FromObjects(objs []*kube.Object) ([]*Resource, []source.Problem) {
	var out []*Resource
	var problems []source.Problem
	for _, o := range objs {
		if !strings.HasSuffix(o.Group(), ".toolkit.fluxcd.io") || !kinds[o.Kind.Value] {
			continue
		}
		file := o.Path
		spec := source.Get(o.Node, "spec")
		if spec != nil && !source.IsNull(spec) && !source.IsMap(spec) {
			problems = append(problems, source.Problemf(source.PosOf(file, spec), source.ReasonInvalid, "spec must be a mapping, not %s", source.KindName(spec)))
			spec = nil
		}
		str := func(keys ...string) source.String { return source.Str(file, source.Path(spec, keys...)) }
		r := &Resource{Object: o, Kind: o.Kind.Value, Name: o.Name, Pos: o.Pos,
			Path: str("path"), Interval: str("interval"),
			SourceRef:    Ref{Kind: str("sourceRef", "kind"), Name: str("sourceRef", "name"), Namespace: str("sourceRef", "namespace")},
			Chart:        str("chart", "spec", "chart"),
			ChartVersion: str("chart", "spec", "version"),
			GitRef:       GitRef{Branch: str("ref", "branch"), Tag: str("ref", "tag"), Semver: str("ref", "semver"), Commit: str("ref", "commit")},
		}
		if r.Kind == "ImagePolicy" {
			r.ImageRepositoryRef = str("imageRepositoryRef", "name")
			for _, k := range []string{"semver", "alphabetical", "numerical"} {
				if p := source.Path(spec, "policy", k); p != nil {
					if r.Policy = source.Str(file, source.Get(p, "range")); r.Policy.Value == "" {
						r.Policy = source.Str(file, source.Get(p, "order"))
					}
				}
			}
		}
		if r.Kind == "HelmRelease" && r.SourceRef.Name.Value == "" {
			r.SourceRef = Ref{Kind: str("chart", "spec", "sourceRef", "kind"), Name: str("chart", "spec", "sourceRef", "name")}
		}
		for _, d := range source.Items(source.Get(spec, "dependsOn")) {
			r.DependsOn = append(r.DependsOn, source.Str(file, source.Get(d, "name")))
		}
		out = append(out, r)
	}
	return out, problems
}
