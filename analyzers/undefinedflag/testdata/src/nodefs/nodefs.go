package nodefs

import (
	"context"

	"github.com/open-feature/go-sdk/openfeature"
)

func evaluate(ctx context.Context, of *openfeature.Client) {
	_, _ = of.BooleanValue(ctx, "anything", false, openfeature.EvaluationContext{})
}
