package flags

import (
	_ "embed"

	"github.com/lockstep-lint/lockstep/rules"
)

// The rules about Go expressions run as go/analysis analyzers (the
// analyzers/ package each Meta.Analyzer names); these are their registry
// entries.
var (
	UnguardedNewEndpoint = rules.GoSource{M: ls302}
	UndefinedFlag        = rules.GoSource{M: ls303}
	DynamicFlagKey       = rules.GoSource{M: ls305}
	RiskyFlagDefault     = rules.GoSource{M: ls306}
)

var (
	//go:embed ls302.md
	ls302Doc string
	//go:embed ls303.md
	ls303Doc string
	//go:embed ls305.md
	ls305Doc string
	//go:embed ls306.md
	ls306Doc string
)

var ls302 = &rules.Meta{
	ID:       "LS302",
	Name:     "unguarded-new-endpoint",
	Category: rules.CategoryFlags,
	Severity: rules.Warning,
	Title:    "a new HTTP route or gRPC service is registered outside any flag check",
	Since:    "v0.1.0",
	Remediation: "Register the new route inside an if on a flag evaluation, or make its handler check the flag first, " +
		"so that it ships dark and can be switched off without a deploy.",
	Doc: ls302Doc,
	// Every route of a repository is old news except in the change that
	// adds it: the rule is meant for diff mode (--base), which keeps only
	// findings on added lines.
	Disabled: true,
	DiffOnly: true,
	Analyzer: "analyzers/unguardedendpoint",
}

var ls303 = &rules.Meta{
	ID:       "LS303",
	Name:     "undefined-flag",
	Category: rules.CategoryFlags,
	// A warning: an undefined flag always serves its default, so the
	// switch people believe in does not exist.
	Severity: rules.Warning,
	Title:    "code evaluates a flag key that no flag definition file defines",
	Since:    "v0.1.0",
	Remediation: "Define the flag in the repository's flag definition file, or correct the key in code " +
		"(a typo evaluates a flag that does not exist and always serves the default).",
	Doc:      ls303Doc,
	Analyzer: "analyzers/undefinedflag",
}

var ls305 = &rules.Meta{
	ID:       "LS305",
	Name:     "dynamic-flag-key",
	Category: rules.CategoryFlags,
	Severity: rules.Note,
	Title:    "a flag key is computed at run time",
	Since:    "v0.1.0",
	Remediation: "Pass a string constant as the flag key (declare one constant per flag), and use the " +
		"evaluation context, not the key, for what varies per request.",
	Doc:      ls305Doc,
	Analyzer: "analyzers/dynamicflagkey",
}

var ls306 = &rules.Meta{
	ID:       "LS306",
	Name:     "risky-flag-default",
	Category: rules.CategoryFlags,
	Severity: rules.Warning,
	Title:    "a flag evaluation defaults to turning the feature on",
	Since:    "v0.1.0",
	Remediation: "Make the default the old behaviour (false for a boolean flag), so that an outage of the flag " +
		"service or a missing definition keeps unfinished work switched off.",
	Doc:      ls306Doc,
	Analyzer: "analyzers/riskyflagdefault",
}
