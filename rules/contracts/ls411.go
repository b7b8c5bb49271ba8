package contracts

import (
	_ "embed"

	"github.com/lockstep-lint/lockstep/rules"
)

//go:embed ls411.md
var ls411Doc string

// BreakingProtoChange reports changes that break a protobuf contract.
type BreakingProtoChange struct{}

var ls411 = &rules.Meta{
	ID:       "LS411",
	Name:     "breaking-proto-change",
	Category: rules.CategoryCoupling,
	// As LS410: an error when a consumer in the repository breaks.
	Severity: rules.Error,
	Title:    "the change breaks a protobuf contract",
	Since:    "v0.1.0",
	Remediation: "Keep the wire format compatible: never reuse or renumber a field, reserve the number " +
		"and name of a removed field (reserved 3; reserved \"total\";), add a new field or rpc instead of " +
		"changing a type, and remove an rpc or message only once no consumer uses it.",
	Doc:      ls411Doc,
	Settings: defaultSettings(),
}

// Meta describes LS411.
func (BreakingProtoChange) Meta() *rules.Meta { return ls411 }

// Check compares every changed .proto file with its merge-base version;
// it runs only in diff mode.
func (BreakingProtoChange) Check(p *rules.Pass) {
	for _, c := range protoContracts(p) {
		report(p, c, consumers(p.Repo, c.Path, c.Provider, sameProto(specAt(p, c.Path))), "protobuf")
	}
}
