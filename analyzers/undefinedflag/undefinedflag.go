// Package undefinedflag reports flag evaluations of keys that no flag
// definition file of the repository defines (LS303 undefined-flag).
package undefinedflag

import (
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/lockstep-lint/lockstep/analyzers/flagcalls"
	"github.com/lockstep-lint/lockstep/analyzers/repomodel"
	"github.com/lockstep-lint/lockstep/rules/flags"
)

var meta = flags.UndefinedFlag.Meta()

// Analyzer reports LS303.
var Analyzer = &analysis.Analyzer{
	Name:     "undefinedflag",
	Doc:      meta.Title + "\n\n" + meta.Remediation,
	URL:      meta.DocURL(),
	Requires: []*analysis.Analyzer{flagcalls.Analyzer, repomodel.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	calls := pass.ResultOf[flagcalls.Analyzer].(*flagcalls.Result).Calls
	if len(calls) == 0 {
		return nil, nil
	}
	model := pass.ResultOf[repomodel.Analyzer].(*repomodel.Model)
	if model == nil || model.Repo == nil || len(model.Repo.FlagDefinitions) == 0 {
		return nil, nil // flags defined in a vendor's service: nothing to compare with
	}
	defined := map[string]bool{}
	for _, f := range model.Repo.FlagDefinitions {
		for _, fl := range f.Flags {
			defined[fl.Key.Value] = true
		}
	}
	for _, c := range calls {
		if !c.KeyConst || defined[c.KeyValue] {
			continue
		}
		pass.Report(analysis.Diagnostic{
			Pos:      c.Key.Pos(),
			End:      c.Key.End(),
			Category: meta.ID,
			URL:      meta.DocURL(),
			Message: "flag " + strconv.Quote(c.KeyValue) +
				" is not defined in any flag definition file of the repository: it always serves its default",
		})
	}
	return nil, nil
}
