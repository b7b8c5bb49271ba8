package repo

import "github.com/lockstep-lint/lockstep/rules/repo/source"

// Options tune Load.
type Options struct {
	// Excludes are slash-separated glob patterns of paths to skip, relative
	// to the root; "**" matches any number of directories.
	Excludes []string
	// Services, when not empty, replaces service autodetection.
	Services []ServiceSpec
	// Limits bound each file; the zero value means source.DefaultLimits.
	Limits source.Limits
	// Workers bounds parsing concurrency; 0 means GOMAXPROCS.
	Workers int
	// CICommands are extra regular expressions classifying CI commands,
	// by activity ("deploy", "dry-run", "build", "push", "test", "lint",
	// "security"); .lockstep.yml ci: sets them.
	CICommands map[string][]string
	// Flags adds the project's own flag mechanisms (.lockstep.yml flags:).
	Flags FlagOptions
	// GoRead, when set, is called once during Load, as soon as the Go
	// files (go.mod, go.work and Go source) are parsed — they are parsed
	// before the others — with a model of them alone: GoModules, GoWorks,
	// GoPackages, FlagPackages and the problems of the walk and of those
	// files. It lets the Go-source rules start their go command while the
	// rest is parsed, so it must return quickly. It is called at most
	// once, and always when Load succeeds; Load may still fail after it
	// (ctx ended).
	GoRead func(*Repo)
}

// limits are the Limits in force: the zero value means the defaults.
func (o Options) limits() source.Limits {
	if o.Limits == (source.Limits{}) {
		return source.DefaultLimits
	}
	return o.Limits
}

// FlagOptions are the project's own flag mechanisms.
type FlagOptions struct {
	// Packages are in-house flag packages, recognised like the SDKs of
	// the built-in table.
	Packages []FlagPackage
	// Definitions are globs of flag definition files that lockstep would
	// not recognise by name; a matching file that is no known format is
	// reported (LS001).
	Definitions []string
}

// FlagPackage is an in-house flag package.
type FlagPackage struct {
	Path    string   // import path prefix
	Calls   []string // evaluation function or method names
	Key     int      // argument index of the flag key
	Default int      // argument index of the default value; -1 for none
	Pos     source.Pos
}

// ServiceSpec declares one service explicitly (.lockstep.yml services:).
type ServiceSpec struct {
	Name      string
	Paths     []string // globs of the service's source, e.g. services/orders/**
	Images    []string // image repositories, e.g. ghcr.io/acme/orders
	Workloads []string // Kubernetes workload names
	Pos       source.Pos
}
