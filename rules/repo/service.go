package repo

import "github.com/lockstep-lint/lockstep/rules/repo/source"

// Service is a deployable unit: where it is built, how it is packaged and
// where it is deployed.
type Service struct {
	Name string
	// Pos is where the service was first recognised: its main package, its
	// Dockerfile, its workload or its entry in .lockstep.yml.
	Pos source.Pos
	// Dir is the service's source directory; "" for a service that is only
	// deployed from this repository.
	Dir string
	// Origin says how the service was found: "config", "go-main",
	// "dockerfile", "compose-build", "skaffold" or "workload".
	Origin string
}
