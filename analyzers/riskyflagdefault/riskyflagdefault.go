// Package riskyflagdefault reports boolean flag evaluations whose default
// turns the feature on (LS306 risky-flag-default).
package riskyflagdefault

import (
	"go/constant"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/lockstep-lint/lockstep/analyzers/flagcalls"
	"github.com/lockstep-lint/lockstep/rules/flags"
)

var meta = flags.RiskyFlagDefault.Meta()

// Analyzer reports LS306.
var Analyzer = &analysis.Analyzer{
	Name:     "riskyflagdefault",
	Doc:      meta.Title + "\n\n" + meta.Remediation,
	URL:      meta.DocURL(),
	Requires: []*analysis.Analyzer{flagcalls.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	for _, c := range pass.ResultOf[flagcalls.Analyzer].(*flagcalls.Result).Calls {
		if c.Default == nil {
			continue
		}
		tv, ok := pass.TypesInfo.Types[c.Default]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool || !constant.BoolVal(tv.Value) {
			continue
		}
		which := "the flag"
		if c.KeyConst {
			which = "flag " + strconv.Quote(c.KeyValue)
		}
		pass.Report(analysis.Diagnostic{
			Pos:      c.Default.Pos(),
			End:      c.Default.End(),
			Category: meta.ID,
			URL:      meta.DocURL(),
			Message: "the default of " + c.Func.Name() + " is true: when " + which +
				" cannot be evaluated the new behaviour is switched on for everyone; default to false",
		})
	}
	return nil, nil
}
