package flagcalls_test

import (
	"fmt"
	"go/types"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/analyzers/flagcalls"
	"github.com/lockstep-lint/lockstep/analyzers/internal/flagtest"
)

func TestResult(t *testing.T) {
	results := flagtest.Run(t, flagcalls.Analyzer, "calls")
	if len(results) != 1 {
		t.Fatalf("%d results", len(results))
	}
	res := results[0]
	var got []string
	for _, c := range res.Result.(*flagcalls.Result).Calls {
		def := "-"
		if c.Default != nil {
			def = types.ExprString(c.Default)
		}
		got = append(got, fmt.Sprintf("%d %s %s %q const=%v default=%s",
			res.Pass.Fset.Position(c.Call.Pos()).Line, c.SDK.Name, c.Func.Name(), c.KeyValue, c.KeyConst, def))
	}
	want := []string{
		`12 OpenFeature BooleanValue "a" const=true default=false`,
		`13 Unleash IsEnabled "b" const=true default=-`,
		`14 Flipt EvaluateBoolean "c" const=true default=-`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
