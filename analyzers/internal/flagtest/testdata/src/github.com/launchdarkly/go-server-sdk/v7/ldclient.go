// Package ldclient is a stub of the LaunchDarkly server SDK v7's API.
package ldclient

import (
	"context"

	"github.com/launchdarkly/go-sdk-common/v3/ldcontext"
)

type LDClient struct{}

func (c *LDClient) BoolVariation(key string, context ldcontext.Context, defaultVal bool) (bool, error) {
	return defaultVal, nil
}
func (c *LDClient) StringVariation(key string, context ldcontext.Context, defaultVal string) (string, error) {
	return defaultVal, nil
}
func (c *LDClient) BoolVariationCtx(ctx context.Context, key string, context ldcontext.Context, defaultVal bool) (bool, error) {
	return defaultVal, nil
}
