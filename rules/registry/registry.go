// Package registry is the explicit list of every lockstep rule. There is
// no init-time registration: adding a rule means adding it here, and a test
// checks that each listed rule has docs and fixtures. Rules about Go
// source (rules.GoSource) are listed too, for their metadata; their
// analyzers in analyzers/ do the checking.
package registry

import (
	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/bigbang"
	"github.com/lockstep-lint/lockstep/rules/contracts"
	"github.com/lockstep-lint/lockstep/rules/coupling"
	"github.com/lockstep-lint/lockstep/rules/flags"
	"github.com/lockstep-lint/lockstep/rules/input"
	"github.com/lockstep-lint/lockstep/rules/protection"
)

// All returns every rule, sorted by ID.
func All() []rules.Rule {
	return []rules.Rule{
		input.Unparseable{},
		input.SuppressionProblem{},
		input.SettingsUnreadable{},
		bigbang.MultiServiceDeploy{},
		bigbang.ScheduledReleaseTrain{},
		bigbang.DeployWaitsForAllBuilds{},
		bigbang.SharedReleaseVersion{},
		bigbang.UmbrellaRelease{},
		bigbang.ManualOrFrozenDeploy{},
		bigbang.OrderedRollout{},
		protection.DefaultBranchUnprotected{},
		protection.Bypassable{},
		protection.ReviewNotRequired{},
		protection.NoRequiredChecks{},
		protection.MissingGate{},
		protection.BranchNotUpToDate{},
		protection.HistoryRewritable{},
		protection.PhantomRequiredCheck{},
		protection.UnprotectedProductionEnvironment{},
		flags.NoFlagMechanism{},
		flags.UnguardedNewEndpoint,
		flags.UndefinedFlag,
		flags.StaleFlag{},
		flags.DynamicFlagKey,
		flags.RiskyFlagDefault,
		coupling.PinnedToProviderVersion{},
		coupling.SharedInternalModule{},
		coupling.StartupOrderDependency{},
		coupling.SyncDependencyCycle{},
		coupling.CopiedContract{},
		contracts.BreakingOpenAPIChange{},
		contracts.BreakingProtoChange{},
		contracts.BreakingGoAPIChange{},
		contracts.LockstepChange{},
	}
}

// Metas returns the metadata of every rule, sorted by ID.
func Metas() []*rules.Meta {
	all := All()
	out := make([]*rules.Meta, len(all))
	for i, r := range all {
		out[i] = r.Meta()
	}
	return out
}

// Lookup finds a rule's metadata by ID or name.
func Lookup(idOrName string) *rules.Meta {
	for _, m := range Metas() {
		if m.ID == idOrName || m.Name == idOrName {
			return m
		}
	}
	return nil
}
