package calls

import (
	"context"

	"github.com/Unleash/unleash-client-go/v4"
	"github.com/open-feature/go-sdk/openfeature"
	"go.flipt.io/flipt-client"
)

func evaluate(ctx context.Context, of *openfeature.Client, fc *flipt.Client, req *flipt.EvaluationRequest) {
	_, _ = of.BooleanValue(ctx, "a", false, openfeature.EvaluationContext{})
	_ = unleash.IsEnabled("b")
	_, _ = fc.EvaluateBoolean(ctx, &flipt.EvaluationRequest{FlagKey: "c"})
	_, _ = fc.EvaluateBoolean(ctx, req) // the key is set elsewhere
}
