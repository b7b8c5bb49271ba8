package bigbang

import (
	_ "embed"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
)

//go:embed ls104.md
var ls104Doc string

// SharedReleaseVersion reports one version pinned on several services.
type SharedReleaseVersion struct{}

var ls104 = &rules.Meta{
	ID:       "LS104",
	Name:     "shared-release-version",
	Category: rules.CategoryBigBang,
	// A warning: a shared version is a convention, but it makes every
	// release a release of everything.
	Severity: rules.Warning,
	Title:    "several services are pinned to one release version",
	Since:    "v0.1.0",
	Remediation: "Version and tag each service on its own (the commit SHA, or a per-service version from " +
		"release tooling in independent mode), and let each service's manifests, values or Argo CD " +
		"application name its own tag.",
	Settings: &minServicesSettings{MinServices: defaultMinServices},
	Doc:      ls104Doc,
}

// Meta describes LS104.
func (SharedReleaseVersion) Meta() *rules.Meta { return ls104 }

// Check reports each mechanism that sets one version for min-services
// services or more, once, where the version is set.
func (SharedReleaseVersion) Check(p *rules.Pass) {
	min := minServices(p.Settings)
	f := fleetOf(p.Repo)
	pipelines := ci.FromRepo(p.Repo)
	reportSharedCITags(p, f, pipelines, min)
	reportSharedComposeTags(p, f, pipelines, min)
	reportSharedWorkloadTags(p, f, min)
	reportSharedKustomizeTags(p, f, min)
	reportUmbrellaVersions(p, f, min)
	reportFixedReleaseTools(p, f, pipelines, min)
}
