// Package unguardedendpoint reports HTTP route and gRPC service
// registrations that are not reached only under a flag evaluation (LS302
// unguarded-new-endpoint). The rule is off by default and meant for diff
// mode, where only registrations a change adds are kept.
package unguardedendpoint

import (
	"go/ast"
	"go/constant"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/lockstep-lint/lockstep/analyzers/flagcalls"
	"github.com/lockstep-lint/lockstep/rules/flags"
)

var meta = flags.UnguardedNewEndpoint.Meta()

// Analyzer reports LS302.
var Analyzer = &analysis.Analyzer{
	Name:     "unguardedendpoint",
	Doc:      meta.Title + "\n\n" + meta.Remediation,
	URL:      meta.DocURL(),
	Requires: []*analysis.Analyzer{inspect.Analyzer, flagcalls.Analyzer},
	Run:      run,
}

// routers are the route-registering functions and methods, by import
// path prefix of their package.
var routers = []struct {
	prefix string
	names  map[string]bool
}{
	{"net/http", set("Handle", "HandleFunc")},
	{"github.com/gorilla/mux", set("Handle", "HandleFunc")},
	{"github.com/go-chi/chi", set("Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "Connect", "Trace",
		"Method", "MethodFunc", "Handle", "HandleFunc", "Mount")},
	{"github.com/gin-gonic/gin", set("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "Any", "Handle", "Match")},
	{"github.com/labstack/echo", set("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE",
		"Any", "Match", "Add")},
	{"github.com/gofiber/fiber", set("Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "Connect", "Trace",
		"All", "Add")},
}

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

// grpcRegister is the name protoc-gen-go-grpc gives service registration.
var grpcRegister = regexp.MustCompile(`^Register[A-Z]\w*Server$`)

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	calls := pass.ResultOf[flagcalls.Analyzer].(*flagcalls.Result).Calls
	evals := map[*ast.CallExpr]bool{}
	for _, c := range calls {
		evals[c.Call] = true
	}
	guards := guardVars(ins, pass.TypesInfo, evals)
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		call := n.(*ast.CallExpr)
		what := registration(pass.TypesInfo, call)
		if what == "" || guarded(stack, pass.TypesInfo, evals, guards) {
			return true
		}
		pass.Report(analysis.Diagnostic{
			Pos:      call.Pos(),
			End:      call.End(),
			Category: meta.ID,
			URL:      meta.DocURL(),
			Message:  what + " is registered outside any flag check: it goes live with the deploy that carries it",
		})
		return true
	})
	return nil, nil
}

// registration describes a route or gRPC service registration, or is "".
func registration(info *types.Info, call *ast.CallExpr) string {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return ""
	}
	if grpcRegister.MatchString(fn.Name()) && firstParamIsGRPC(fn) {
		return "gRPC service " + strings.TrimSuffix(strings.TrimPrefix(fn.Name(), "Register"), "Server")
	}
	for _, r := range routers {
		if !r.names[fn.Name()] || !flags.HasPrefix(fn.Pkg().Path(), r.prefix) {
			continue
		}
		var words []string
		for _, a := range call.Args {
			tv, ok := info.Types[a]
			if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
				break
			}
			words = append(words, constant.StringVal(tv.Value))
		}
		if len(words) == 0 {
			return "a route"
		}
		return "route " + strconv.Quote(strings.Join(words, " "))
	}
	return ""
}

func firstParamIsGRPC(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Params().Len() == 0 {
		return false
	}
	t := sig.Params().At(0).Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && flags.HasPrefix(named.Obj().Pkg().Path(), "google.golang.org/grpc")
}

// guardVars are the variables assigned the result of a flag evaluation:
// on in "on, _ := client.BooleanValue(...)", used later in an if.
func guardVars(ins *inspector.Inspector, info *types.Info, evals map[*ast.CallExpr]bool) map[types.Object]bool {
	out := map[types.Object]bool{}
	mark := func(lhs []ast.Expr, rhs []ast.Expr) {
		for _, r := range rhs {
			if !containsEval(r, evals) {
				continue
			}
			for _, l := range lhs {
				if id, ok := l.(*ast.Ident); ok {
					if obj := info.ObjectOf(id); obj != nil {
						out[obj] = true
					}
				}
			}
		}
	}
	ins.Preorder([]ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			mark(n.Lhs, n.Rhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			mark(lhs, n.Values)
		}
	})
	return out
}

// guarded reports a registration inside an if (either branch) whose
// condition evaluates a flag or reads a variable assigned from one.
func guarded(stack []ast.Node, info *types.Info, evals map[*ast.CallExpr]bool, guards map[types.Object]bool) bool {
	for i := len(stack) - 2; i >= 0; i-- {
		ifs, ok := stack[i].(*ast.IfStmt)
		if !ok || stack[i+1] == ifs.Cond || stack[i+1] == ifs.Init {
			continue
		}
		if containsEval(ifs.Cond, evals) || readsGuard(ifs.Cond, info, guards) {
			return true
		}
	}
	return false
}

func containsEval(e ast.Node, evals map[*ast.CallExpr]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && evals[c] {
			found = true
		}
		return !found
	})
	return found
}

func readsGuard(e ast.Node, info *types.Info, guards map[types.Object]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && guards[info.Uses[id]] {
			found = true
		}
		return !found
	})
	return found
}
