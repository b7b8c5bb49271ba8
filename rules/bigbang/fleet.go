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
	set   map[string]bool       // names, to look up the words of a job
	long  int                   // the length of the longest name
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
	f.set = make(map[string]bool, len(f.names))
	for _, n := range f.names {
		f.set[n] = true
		f.long = max(f.long, len(n))
	}
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
//
// The spans of s between separators are looked up by name, not each name
// searched for in s: searching every job for every service was quadratic
// in the number of services.
func (f *fleet) named(s string, sep func(rune) bool) []string {
	var out []string
	for start := 0; start <= len(s); start++ {
		if start > 0 && !sep(rune(s[start-1])) {
			continue
		}
		for end := start; end <= len(s) && end-start <= f.long; end++ {
			if (end == len(s) || sep(rune(s[end]))) && f.set[s[start:end]] {
				out = append(out, s[start:end])
			}
		}
	}
	if len(out) > 1 {
		slices.Sort(out)
		out = slices.Compact(out)
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
