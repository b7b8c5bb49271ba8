// Package kustomize reads kustomization files: what they include and the
// image tags they set, at their positions.
package kustomize

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Kustomization is one kustomization.yaml (or Component).
type Kustomization struct {
	Path, Dir  string
	Kind       source.String // Kustomization or Component; empty when unstated
	Resources  []source.String
	Components []source.String
	Bases      []source.String // the deprecated bases: list
	Patches    []source.String // patch files (patches[].path, patchesStrategicMerge)
	Images     []*Image
	Namespace  source.String
	HelmCharts []*HelmChart
	Pos        source.Pos
}

// Image is one images: entry, which retags an image for every resource.
type Image struct {
	Name, NewName, NewTag, Digest source.String
	Pos                           source.Pos
}

// HelmChart is one helmCharts: entry.
type HelmChart struct {
	Name, Version, Repo, ReleaseName source.String
	Pos                              source.Pos
}

// IsKustomizationFile reports the names kustomize reads.
func IsKustomizationFile(p string) bool {
	base := path.Base(p)
	return base == "kustomization.yaml" || base == "kustomization.yml" || base == "Kustomization"
}

// Parse reads a kustomization file.
func Parse(file string, docs []*source.Doc) (*Kustomization, []source.Problem) {
	if len(docs) == 0 || docs[0].Root == nil {
		return nil, nil
	}
	root := docs[0].Root
	p := &parser{Reader: source.Reader{File: file}}
	if !source.IsMap(root) {
		p.Invalid(root, "a kustomization must be a mapping, not %s", source.KindName(root))
		return nil, p.Problems
	}
	k := &Kustomization{Path: file, Dir: path.Dir(file), Pos: source.PosOf(file, root)}
	k.Kind = source.Str(file, source.Get(root, "kind"))
	k.Namespace = source.Str(file, source.Get(root, "namespace"))
	k.Resources = p.list(root, "resources")
	k.Components = p.list(root, "components")
	k.Bases = p.list(root, "bases")
	k.Patches = p.list(root, "patchesStrategicMerge")
	for _, e := range p.entries(root, "patches") {
		if pth := source.Get(e, "path"); pth != nil {
			k.Patches = append(k.Patches, source.Str(file, pth))
		}
	}
	for _, e := range p.entries(root, "images") {
		k.Images = append(k.Images, &Image{
			Name: p.str(e, "name"), NewName: p.str(e, "newName"), NewTag: p.str(e, "newTag"),
			Digest: p.str(e, "digest"), Pos: source.PosOf(file, e),
		})
	}
	for _, e := range p.entries(root, "helmCharts") {
		k.HelmCharts = append(k.HelmCharts, &HelmChart{
			Name: p.str(e, "name"), Version: p.str(e, "version"), Repo: p.str(e, "repo"),
			ReleaseName: p.str(e, "releaseName"), Pos: source.PosOf(file, e),
		})
	}
	return k, p.Problems
}

// ResolvedResources lists the resources, bases and components as cleaned
// repository paths; remote URLs and paths leaving the repository are left
// out.
func (k *Kustomization) ResolvedResources() []string {
	var out []string
	for _, list := range [][]source.String{k.Resources, k.Bases, k.Components} {
		for _, r := range list {
			v := r.Value
			if v == "" || strings.Contains(v, "://") || strings.HasPrefix(v, "github.com/") || strings.HasPrefix(v, "git@") {
				continue
			}
			p := path.Join(k.Dir, v)
			if p == ".." || strings.HasPrefix(p, "../") || path.IsAbs(v) {
				continue
			}
			out = append(out, p)
		}
	}
	return out
}

type parser struct{ source.Reader }

func (p *parser) str(n *yaml.Node, key string) source.String {
	return source.Str(p.File, source.Get(n, key))
}

// list reads a list of strings under key.
func (p *parser) list(root *yaml.Node, key string) []source.String {
	n := source.Get(root, key)
	if n == nil || source.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.Invalid(n, "%s must be a list, not %s", key, source.KindName(n))
		return nil
	}
	var out []source.String
	for _, item := range source.Items(n) {
		if !source.IsScalar(item) {
			p.Invalid(item, "%s entries must be strings, not %s", key, source.KindName(item))
			continue
		}
		out = append(out, source.Str(p.File, item))
	}
	return out
}

// entries reads a list of mappings under key.
func (p *parser) entries(root *yaml.Node, key string) []*yaml.Node {
	n := source.Get(root, key)
	if n == nil || source.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.Invalid(n, "%s must be a list, not %s", key, source.KindName(n))
		return nil
	}
	var out []*yaml.Node
	for _, item := range source.Items(n) {
		if !source.IsMap(item) {
			p.Invalid(item, "%s entries must be mappings, not %s", key, source.KindName(item))
			continue
		}
		out = append(out, item)
	}
	return out
}
