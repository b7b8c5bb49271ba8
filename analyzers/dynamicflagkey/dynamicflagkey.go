// Package dynamicflagkey reports flag evaluations whose key is computed at
// run time (LS305 dynamic-flag-key).
package dynamicflagkey

import (
	"golang.org/x/tools/go/analysis"

	"github.com/lockstep-lint/lockstep/analyzers/flagcalls"
	"github.com/lockstep-lint/lockstep/rules/flags"
)

var meta = flags.DynamicFlagKey.Meta()

// Analyzer reports LS305.
var Analyzer = &analysis.Analyzer{
	Name:     "dynamicflagkey",
	Doc:      meta.Title + "\n\n" + meta.Remediation,
	URL:      meta.DocURL(),
	Requires: []*analysis.Analyzer{flagcalls.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	for _, c := range pass.ResultOf[flagcalls.Analyzer].(*flagcalls.Result).Calls {
		if c.KeyConst {
			continue
		}
		pass.Report(analysis.Diagnostic{
			Pos:      c.Key.Pos(),
			End:      c.Key.End(),
			Category: meta.ID,
			URL:      meta.DocURL(),
			Message: "the flag key passed to " + c.Func.Name() + " is computed at run time: " +
				"use a constant key so that definitions and uses of the flag can be matched",
		})
	}
	return nil, nil
}
