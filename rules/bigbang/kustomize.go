package bigbang

import (
	"path"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo"
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

func readKustomization(f *repo.File) *kustomizationFile {
	docs, _ := source.ParseYAML(f.Path, f.Data, source.DefaultLimits)
	if len(docs) == 0 || !source.IsMap(docs[0].Root) {
		return nil
	}
	root := docs[0].Root
	k := &kustomizationFile{path: f.Path, dir: path.Dir(f.Path)}
	for _, key := range []string{"resources", "bases", "components"} {
		k.resources = append(k.resources, source.Strings(f.Path, source.Get(root, key))...)
	}
	for _, img := range source.Items(source.Get(root, "images")) {
		k.images = append(k.images, kustomizeImage{
			name:    source.Str(f.Path, source.Get(img, "name")),
			newName: source.Str(f.Path, source.Get(img, "newName")),
			newTag:  source.Str(f.Path, source.Get(img, "newTag")),
		})
	}
	return k
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
