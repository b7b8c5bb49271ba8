// Package ffclient is a stub of GO Feature Flag's client API.
package ffclient

type EvaluationContext struct{}

func BoolVariation(flagKey string, ctx EvaluationContext, defaultValue bool) (bool, error) {
	return defaultValue, nil
}
