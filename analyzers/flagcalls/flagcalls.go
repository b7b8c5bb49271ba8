// Package flagcalls finds the feature-flag evaluations of a package: calls
// whose callee belongs to a flag SDK of lockstep's table (rules/flags) and
// is one of its evaluation functions or methods. It reports nothing; the
// flag analyzers require its result.
package flagcalls

import (
	"go/ast"
	"go/constant"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/lockstep-lint/lockstep/analyzers/repomodel"
	"github.com/lockstep-lint/lockstep/rules/flags"
)

// Analyzer finds flag evaluation calls.
var Analyzer = &analysis.Analyzer{
	Name:       "flagcalls",
	Doc:        "find feature-flag evaluation calls\n\nThe result lists every call of a flag SDK's evaluation function or method, with its key and default arguments.",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, repomodel.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result is the package's flag evaluations, in source order.
type Result struct {
	Calls []*Call
}

// Call is one flag evaluation.
type Call struct {
	Call *ast.CallExpr
	Func *types.Func // the evaluation function or method
	SDK  *flags.SDK
	// Key is the expression of the flag key; KeyConst reports whether it
	// is a constant string, KeyValue its value.
	Key      ast.Expr
	KeyValue string
	KeyConst bool
	// Default is the default-value argument, nil when the SDK takes none.
	Default ast.Expr
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	// In-house flag packages named in .lockstep.yml count as SDKs.
	var inHouse []flags.SDK
	if m, _ := pass.ResultOf[repomodel.Analyzer].(*repomodel.Model); m != nil && m.Repo != nil {
		inHouse = flags.InHouse(m.Repo.FlagPackages)
	}
	res := &Result{}
	ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return
		}
		sdk, spec := flags.Lookup(fn.Pkg().Path(), fn.Name(), inHouse)
		if spec == nil || spec.Key >= len(call.Args) {
			return
		}
		c := &Call{Call: call, Func: fn, SDK: sdk, Key: call.Args[spec.Key]}
		if spec.KeyField != "" {
			c.Key = field(c.Key, spec.KeyField)
			if c.Key == nil {
				return // a request built elsewhere: its key is not in this call
			}
		}
		if !isString(pass.TypesInfo.TypeOf(c.Key)) {
			return // a method of the same name that is no evaluation (e.g. String())
		}
		if tv, ok := pass.TypesInfo.Types[c.Key]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			c.KeyValue, c.KeyConst = constant.StringVal(tv.Value), true
		}
		if spec.Default >= 0 && spec.Default < len(call.Args) {
			c.Default = call.Args[spec.Default]
		}
		res.Calls = append(res.Calls, c)
	})
	return res, nil
}

// field finds the value of a named field in a composite literal, or a
// pointer to one.
func field(e ast.Expr, name string) ast.Expr {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok {
		e = u.X
	}
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}

func isString(t types.Type) bool {
	b, ok := types.Unalias(t).Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}
