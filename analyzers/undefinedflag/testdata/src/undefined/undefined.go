package undefined

import (
	"context"

	"github.com/open-feature/go-sdk/openfeature"
)

const flagSearch = "new-search"

func evaluate(ctx context.Context, of *openfeature.Client, key string) {
	_, _ = of.BooleanValue(ctx, flagSearch, false, openfeature.EvaluationContext{})
	_, _ = of.BooleanValue(ctx, "flipt-flag", false, openfeature.EvaluationContext{})
	_, _ = of.BooleanValue(ctx, "new-serch", false, openfeature.EvaluationContext{}) // want `flag "new-serch" is not defined in any flag definition file of the repository`
	_, _ = of.BooleanValue(ctx, key, false, openfeature.EvaluationContext{})         // dynamic: LS305's
}
