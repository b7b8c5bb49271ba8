// Package analyzers is lockstep inside the Go toolchain: go/analysis
// analyzers for every rule, built from the rule registry. The repository
// rules come in one analyzer per category over a shared loader; the rules
// about Go source itself are ordinary analyzers.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/lockstep-lint/lockstep/analyzers/category"
	"github.com/lockstep-lint/lockstep/analyzers/repomodel"
	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/registry"
)

// Options configure the analyzers New returns.
type Options struct {
	Repo        repomodel.Options
	Diagnostics category.Options
}

// Categories names the analyzer of each rule category. The names avoid
// the flags go vet's protocol reserves (such as -flags).
var Categories = []struct {
	Name     string
	Category rules.Category
}{
	{"repoinput", rules.CategoryInput},
	{"bigbang", rules.CategoryBigBang},
	{"protection", rules.CategoryProtection},
	{"featureflags", rules.CategoryFlags},
	{"coupling", rules.CategoryCoupling},
}

// New returns every lockstep analyzer, the loader first.
func New(o Options) []*analysis.Analyzer {
	loader := repomodel.New(o.Repo)
	out := []*analysis.Analyzer{loader}
	metas := registry.Metas()
	for _, c := range Categories {
		out = append(out, category.New(c.Name, c.Category, metas, loader, o.Diagnostics))
	}
	for _, a := range GoSource {
		out = append(out, configured(a, loader))
	}
	return out
}
