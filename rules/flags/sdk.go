package flags

import "strings"

// SDK is one feature-flag library: the import paths that identify it and
// the calls that evaluate a flag. It is data, shared by the repository
// rules (which look for the import paths in go.mod and import specs) and
// the Go-source analyzers (which look for the calls with go/types).
type SDK struct {
	Name string
	// Prefixes are import-path prefixes, compared case-insensitively (the
	// module proxy escapes upper case, and people write both) and only at a
	// path-element boundary, so that every major version matches
	// (".../go-server-sdk/v7", "gopkg.in/.../go-server-sdk.v5") but a
	// sibling module does not (".../go-sdk-contrib" is not ".../go-sdk").
	Prefixes []string
	Calls    []Call
}

// Call describes evaluation functions or methods of an SDK.
type Call struct {
	Names []string
	// Key is the index of the argument that names the flag. When KeyField
	// is set, that argument is a struct literal (or a pointer to one) and
	// the key is its field KeyField, as in Flipt's EvaluationRequest.
	Key      int
	KeyField string
	// Default is the index of the argument holding the value served when
	// the flag cannot be evaluated; NoDefault when the SDK has none in the
	// call (Unleash and Split decide the fallback elsewhere).
	Default int
}

// NoDefault marks a call without a default-value argument.
const NoDefault = -1

// variants expands base names with the suffixes an SDK appends.
func variants(bases []string, suffixes ...string) []string {
	var out []string
	for _, b := range bases {
		for _, s := range suffixes {
			out = append(out, b+s)
		}
	}
	return out
}

var (
	openFeatureTypes = []string{"Boolean", "String", "Int", "Float", "Object"}
	ldTypes          = []string{"BoolVariation", "IntVariation", "Float64Variation", "StringVariation", "JSONVariation"}
	goffTypes        = []string{"BoolVariation", "StringVariation", "IntVariation", "Float64Variation", "JSONVariation", "JSONArrayVariation"}
	configCatTypes   = []string{"GetBoolValue", "GetStringValue", "GetIntValue", "GetFloatValue"}
)

// SDKs is the table of known flag SDKs (docs/flags.md lists it). Method
// names come from each SDK's documentation; SIGNALS.md §2 says which were
// checked against the real module.
var SDKs = []SDK{
	{
		Name:     "OpenFeature",
		Prefixes: []string{"github.com/open-feature/go-sdk"},
		Calls: []Call{{
			// client.BooleanValue(ctx, flag, default, evalCtx), the
			// ...ValueDetails forms, and the newer no-error Boolean(...).
			Names: append(variants(openFeatureTypes, "Value", "ValueDetails"), openFeatureTypes...),
			Key:   1, Default: 2,
		}},
	},
	{
		// The contrib providers (flagd, from-env, ...) are a flag
		// mechanism, but evaluation goes through the go-sdk client.
		Name:     "OpenFeature provider",
		Prefixes: []string{"github.com/open-feature/go-sdk-contrib", "github.com/open-feature/flagd"},
	},
	{
		Name:     "LaunchDarkly",
		Prefixes: []string{"github.com/launchdarkly/go-server-sdk", "gopkg.in/launchdarkly/go-server-sdk"},
		Calls: []Call{
			// BoolVariation(key, context, default) and ...Detail.
			{Names: variants(ldTypes, "", "Detail"), Key: 0, Default: 2},
			// BoolVariationCtx(ctx, key, context, default) and ...DetailCtx.
			{Names: variants(ldTypes, "Ctx", "DetailCtx"), Key: 1, Default: 3},
		},
	},
	{
		Name:     "Unleash",
		Prefixes: []string{"github.com/Unleash/unleash-client-go", "github.com/Unleash/unleash-go-sdk"},
		// IsEnabled(name, opts...): the fallback is an option, not an argument.
		Calls: []Call{{Names: []string{"IsEnabled", "GetVariant"}, Key: 0, Default: NoDefault}},
	},
	{
		Name:     "GO Feature Flag",
		Prefixes: []string{"github.com/thomaspoignant/go-feature-flag"},
		// ffclient.BoolVariation(flagKey, evalCtx, default) and ...Details.
		Calls: []Call{{Names: variants(goffTypes, "", "Details"), Key: 0, Default: 2}},
	},
	{
		Name:     "Flipt",
		Prefixes: []string{"go.flipt.io/flipt", "go.flipt.io/flipt-client", "go.flipt.io/flipt-grpc"},
		// Evaluation().Boolean(ctx, &evaluation.EvaluationRequest{FlagKey: ...})
		// and the client-side EvaluateBoolean(ctx, &flipt.EvaluationRequest{...}).
		Calls: []Call{{
			Names: []string{"Boolean", "Variant", "EvaluateBoolean", "EvaluateVariant"},
			Key:   1, KeyField: "FlagKey", Default: NoDefault,
		}},
	},
	{
		Name:     "ConfigCat",
		Prefixes: []string{"github.com/configcat/go-sdk"},
		Calls: []Call{
			// GetBoolValue(key, default, user) and ...Details.
			{Names: variants(configCatTypes, "", "Details"), Key: 0, Default: 1},
		},
	},
	{
		Name:     "Split",
		Prefixes: []string{"github.com/splitio/go-client"},
		// Treatment(userKey, featureFlag, attrs): the flag is the second
		// argument; an unavailable service yields the "control" treatment.
		Calls: []Call{{Names: []string{"Treatment", "TreatmentWithConfig"}, Key: 1, Default: NoDefault}},
	},
	{
		Name:     "Flagsmith",
		Prefixes: []string{"github.com/Flagsmith/flagsmith-go-client"},
		Calls:    []Call{{Names: []string{"IsFeatureEnabled", "GetFeatureValue", "GetFlag"}, Key: 0, Default: NoDefault}},
	},
}

// HasPrefix reports whether importPath is prefix or lies below it, at a
// path-element boundary ("/" or a gopkg.in ".vN"), ignoring case.
func HasPrefix(importPath, prefix string) bool {
	if len(importPath) < len(prefix) || !strings.EqualFold(importPath[:len(prefix)], prefix) {
		return false
	}
	if len(importPath) == len(prefix) {
		return true
	}
	c := importPath[len(prefix)]
	return c == '/' || c == '.' || strings.HasSuffix(prefix, "/")
}

// Match finds the SDK an import (or module) path belongs to: the built-in
// table first, then the in-house packages. It returns nil for any other
// path.
func Match(importPath string, inHouse []SDK) *SDK {
	for _, table := range [][]SDK{SDKs, inHouse} {
		for i := range table {
			for _, p := range table[i].Prefixes {
				if HasPrefix(importPath, p) {
					return &table[i]
				}
			}
		}
	}
	return nil
}

// Lookup finds the evaluation call named name of the SDK that importPath
// belongs to.
func Lookup(importPath, name string, inHouse []SDK) (*SDK, *Call) {
	sdk := Match(importPath, inHouse)
	if sdk == nil {
		return nil, nil
	}
	for i := range sdk.Calls {
		for _, n := range sdk.Calls[i].Names {
			if n == name {
				return sdk, &sdk.Calls[i]
			}
		}
	}
	return sdk, nil
}
