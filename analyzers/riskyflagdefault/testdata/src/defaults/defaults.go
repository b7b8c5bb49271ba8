package defaults

import (
	"context"

	"github.com/configcat/go-sdk/v9"
	ldclient "github.com/launchdarkly/go-server-sdk/v7"
	"github.com/launchdarkly/go-sdk-common/v3/ldcontext"
	"github.com/open-feature/go-sdk/openfeature"
	ffclient "github.com/thomaspoignant/go-feature-flag"
	"github.com/Unleash/unleash-client-go/v4"
)

const on = true

func evaluate(ctx context.Context, of *openfeature.Client, ld *ldclient.LDClient, cc *configcat.Client, key string, def bool) {
	_, _ = of.BooleanValue(ctx, "new-search", true, openfeature.EvaluationContext{}) // want `the default of BooleanValue is true: when flag "new-search" cannot be evaluated`
	_, _ = of.BooleanValue(ctx, "old", false, openfeature.EvaluationContext{})
	_, _ = of.BooleanValue(ctx, key, on, openfeature.EvaluationContext{}) // want `when the flag cannot be evaluated`
	_, _ = of.BooleanValue(ctx, "computed", def, openfeature.EvaluationContext{})
	_, _ = of.BooleanValueDetails(ctx, "details", !false, openfeature.EvaluationContext{}) // want `the default of BooleanValueDetails is true`
	_, _ = of.StringValue(ctx, "theme", "true", openfeature.EvaluationContext{})
	_, _ = ld.BoolVariation("ld", ldcontext.New("u"), true)            // want `the default of BoolVariation is true`
	_, _ = ld.BoolVariationCtx(ctx, "ld-ctx", ldcontext.New("u"), true) // want `the default of BoolVariationCtx is true`
	_, _ = ffclient.BoolVariation("goff", ffclient.EvaluationContext{}, true) // want `the default of BoolVariation is true`
	_ = cc.GetBoolValue("cc", true, nil)                                   // want `the default of GetBoolValue is true`
	_ = unleash.IsEnabled("unleash", unleash.WithFallback(true)) // no default argument in the table
}
