package bigbang

import (
	"path"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/kustomize"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// kustomizationFile is what the rules read of a kustomization.yaml.
type kustomizationFile struct {
	path      string
	dir       string
	resources []source.String // resources, bases and components, as written
	images    []kustomizeImage
}

// kustomizeImage is one entry of images:.
type kustomizeImage struct {
	name, newName, newTag source.String
}

func fromKustomization(k *kustomize.Kustomization) *kustomizationFile {
	out := &kustomizationFile{path: k.Path, dir: k.Dir}
	for _, list := range [][]source.String{k.Resources, k.Bases, k.Components} {
		out.resources = append(out.resources, list...)
	}
	for _, img := range k.Images {
		out.images = append(out.images, kustomizeImage{name: img.Name, newName: img.NewName, newTag: img.NewTag})
	}
	return out
}

// kustomizeObjects are the objects a kustomization directory builds: its
// resources' files, and the kustomizations of its resource directories,
// recursively. Remote resources are not followed.
func (m *manifests) kustomizeObjects(dir string) []*object {
	var out []*object
	seen := map[string]bool{}
	var visit func(dir string, depth int)
	visit = func(dir string, depth int) {
		k := m.kustomizations[dir]
		if k == nil || seen[dir] || depth > 32 {
			return
		}
		seen[dir] = true
		for _, r := range k.resources {
			if strings.Contains(r.Value, "://") || strings.HasPrefix(r.Value, "github.com/") {
				continue
			}
			p := path.Join(dir, r.Value)
			if _, ok := m.kustomizations[p]; ok {
				visit(p, depth+1)
				continue
			}
			out = append(out, m.byFile[p]...)
		}
	}
	visit(dir, 0)
	return out
}
