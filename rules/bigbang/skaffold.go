package bigbang

import (
	"slices"

	"github.com/lockstep-lint/lockstep/rules/repo"
)

// skaffoldMembers are the services a skaffold run or deploy builds and
// deploys: the images of its configs' artifacts (of the named modules
// only, with -m).
func (f *fleet) skaffoldMembers(r *repo.Repo, t target) []member {
	var out []member
	for _, c := range r.Skaffold {
		if !slices.Contains(t.paths, c.Path) || len(t.names) > 0 && !slices.Contains(t.names, c.Name.Value) {
			continue
		}
		for _, a := range c.Artifacts {
			if img := parseImage(a.Image.Value); f.has(img.name) {
				out = append(out, member{service: img.name, pos: a.Image.Pos, what: "skaffold artifact " + a.Image.Value})
			}
		}
	}
	return out
}
