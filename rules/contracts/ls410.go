package contracts

import (
	_ "embed"

	"github.com/lockstep-lint/lockstep/rules"
)

//go:embed ls410.md
var ls410Doc string

// BreakingOpenAPIChange reports changes that break an OpenAPI contract.
type BreakingOpenAPIChange struct{}

var ls410 = &rules.Meta{
	ID:       "LS410",
	Name:     "breaking-openapi-change",
	Category: rules.CategoryCoupling,
	// An error when a consumer in the repository breaks; without one the
	// per-finding severity comes from the without-consumer setting.
	Severity: rules.Error,
	Title:    "the change breaks an OpenAPI contract",
	Since:    "v0.1.0",
	Remediation: "Keep the contract backward compatible: add instead of changing (new optional fields, " +
		"new operations, a new version of the path), deprecate with a sunset date before removing, and " +
		"remove only once no consumer calls the old form.",
	Doc:      ls410Doc,
	Settings: defaultSettings(),
}

// Meta describes LS410.
func (BreakingOpenAPIChange) Meta() *rules.Meta { return ls410 }

// Check compares every changed OpenAPI 3 document with its merge-base
// version; it runs only in diff mode.
func (BreakingOpenAPIChange) Check(p *rules.Pass) {
	for _, c := range openAPIContracts(p) {
		report(p, c, consumers(p.Repo, c.Path, c.Provider, sameOpenAPI(specAt(p, c.Path))), "OpenAPI")
	}
}
