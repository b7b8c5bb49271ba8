package keys

import (
	"context"
	"fmt"

	ldclient "github.com/launchdarkly/go-server-sdk/v7"
	"github.com/launchdarkly/go-sdk-common/v3/ldcontext"
	"github.com/open-feature/go-sdk/openfeature"
	"go.flipt.io/flipt-client"
)

type flagKey string

const (
	flagSearch            = "new-search"
	flagTyped     flagKey = "typed-key"
	regionPrefix          = "checkout-"
)

func evaluate(ctx context.Context, of *openfeature.Client, ld *ldclient.LDClient, fc *flipt.Client, region string, key string) {
	_, _ = of.BooleanValue(ctx, flagSearch, false, openfeature.EvaluationContext{})
	_, _ = of.BooleanValue(ctx, "literal", false, openfeature.EvaluationContext{})
	_, _ = of.StringValue(ctx, string(flagTyped), "", openfeature.EvaluationContext{})
	_, _ = of.BooleanValue(ctx, regionPrefix+"eu", false, openfeature.EvaluationContext{}) // constant expression: fine
	_, _ = of.BooleanValue(ctx, regionPrefix+region, false, openfeature.EvaluationContext{}) // want `the flag key passed to BooleanValue is computed at run time`
	_, _ = of.BooleanValue(ctx, fmt.Sprintf("checkout-%s", region), false, openfeature.EvaluationContext{}) // want `computed at run time`
	_ = of.Boolean(ctx, key, false, openfeature.EvaluationContext{}) // want `the flag key passed to Boolean is computed`
	_, _ = ld.BoolVariation(key, ldcontext.New("u"), false) // want `passed to BoolVariation is computed`
	_, _ = ld.BoolVariationCtx(ctx, "ld-const", ldcontext.New("u"), false)
	_, _ = fc.EvaluateBoolean(ctx, &flipt.EvaluationRequest{FlagKey: key, EntityID: "u"}) // want `passed to EvaluateBoolean is computed`
	_, _ = fc.EvaluateBoolean(ctx, &flipt.EvaluationRequest{EntityID: "u", FlagKey: "flipt-const"})

	var iface openfeature.IClient = of
	_, _ = iface.BooleanValue(ctx, key, false, openfeature.EvaluationContext{}) // want `computed at run time`

	// Not evaluations: String() of an SDK type, and a lookalike method of
	// an unrelated type.
	_ = openfeature.Reason(key).String()
	_ = lookalike{}.BooleanValue(ctx, key, false)
}

type lookalike struct{}

func (lookalike) BooleanValue(ctx context.Context, flag string, def bool) bool { return def }
