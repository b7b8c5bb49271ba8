package bigbang

import (
	"slices"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// fleet is what the rules know of the repository's services: their
// names, and how to recognize them in CI jobs.
type fleet struct {
	names []string              // sorted
	home  map[string]source.Pos // where each service is defined
	m     *manifests
}

// fleetOf indexes the services of the repository, once per model.
func fleetOf(r *repo.Repo) *fleet {
	return r.Derived(fleetKey{}, func() any { return newFleet(r) }).(*fleet)
}

type fleetKey struct{}

func newFleet(r *repo.Repo) *fleet {
	f := &fleet{home: map[string]source.Pos{}, m: loadManifests(r)}
	for _, s := range r.Services {
		f.names = append(f.names, s.Name)
		if _, ok := f.home[s.Name]; !ok {
			f.home[s.Name] = s.Pos
		}
	}
	slices.Sort(f.names)
	f.names = slices.Compact(f.names)
	return f
}

// has reports whether name is a service.
func (f *fleet) has(name string) bool {
	_, ok := slices.BinarySearch(f.names, name)
	return ok
}

// jobServices says which services a CI job works on: the services its
// matrix enumerates, else the one its name names ("build-cart",
// "cart / test"), else those its commands and action inputs name as a
// path or image segment ("services/cart/", "ghcr.io/acme/cart:").
func (f *fleet) jobServices(j *ci.Job) []string {
	var out []string
	for _, d := range j.Matrix {
		for _, v := range d.Values {
			if f.has(v.Value) {
				out = append(out, v.Value)
			}
		}
	}
	if len(out) > 0 {
		return sortedSet(out)
	}
	for _, name := range []string{j.Name.Value, j.Title.Value} {
		out = append(out, f.named(name, isNameSep)...)
	}
	if len(out) > 0 {
		return sortedSet(out)
	}
	for _, c := range j.Commands {
		out = append(out, f.named(c.Text.Value, isPathSep)...)
		out = append(out, f.named(c.Dir, isPathSep)...)
	}
	for _, a := range j.Actions {
		for _, v := range a.With {
			out = append(out, f.named(v, isPathSep)...)
		}
	}
	return sortedSet(out)
}

// named returns the services whose name appears in s between separators
// (or at its ends), so that "order-service" is found in
// "build-order-service" and "cart" is not found in "cartography".
func (f *fleet) named(s string, sep func(rune) bool) []string {
	var out []string
	for _, name := range f.names {
		for i := 0; ; {
			j := strings.Index(s[i:], name)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(name)
			if (start == 0 || sep(rune(s[start-1]))) && (end == len(s) || sep(rune(s[end]))) {
				out = append(out, name)
				break
			}
			i = start + 1
		}
	}
	return out
}

// isNameSep separates the words of a job name: "build-cart", "cart / test".
func isNameSep(r rune) bool { return strings.ContainsRune(" -_/:.()[]", r) }

// isPathSep separates the segments of paths and image references in a
// command: "services/cart/Dockerfile", "ghcr.io/acme/cart:1.2".
func isPathSep(r rune) bool { return strings.ContainsRune(" /:@=\"'`${}()[],;|&", r) }

func sortedSet(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}
