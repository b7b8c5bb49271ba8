// Package unleash is a stub of the Unleash Go client's API.
package unleash

type FeatureOption func()

func WithFallback(fallback bool) FeatureOption { return func() {} }

func IsEnabled(feature string, options ...FeatureOption) bool { return false }
