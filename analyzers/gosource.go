package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/lockstep-lint/lockstep/analyzers/dynamicflagkey"
	"github.com/lockstep-lint/lockstep/analyzers/repomodel"
	"github.com/lockstep-lint/lockstep/analyzers/riskyflagdefault"
	"github.com/lockstep-lint/lockstep/analyzers/undefinedflag"
	"github.com/lockstep-lint/lockstep/analyzers/unguardedendpoint"
)

// GoSource are the analyzers of the rules about Go source, one per rule
// (their Meta.Analyzer names the package). A test checks the list against
// the registry.
var GoSource = []*analysis.Analyzer{
	unguardedendpoint.Analyzer,
	undefinedflag.Analyzer,
	dynamicflagkey.Analyzer,
	riskyflagdefault.Analyzer,
}

// configured wraps a Go-source analyzer so that its diagnostics go through
// the repository's configuration, suppressions and baseline, as they do in
// `lockstep check`.
func configured(a, loader *analysis.Analyzer) *analysis.Analyzer {
	w := &analysis.Analyzer{
		Name:             a.Name,
		Doc:              a.Doc,
		URL:              a.URL,
		Requires:         append(append([]*analysis.Analyzer{}, a.Requires...), loader),
		ResultType:       a.ResultType,
		FactTypes:        a.FactTypes,
		RunDespiteErrors: a.RunDespiteErrors,
	}
	w.Run = func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[loader].(*repomodel.Model)
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			if m.Keep(pass, d) {
				report(d)
			}
		}
		return a.Run(pass)
	}
	return w
}
