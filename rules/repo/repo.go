// Package repo is the position-carrying model of one repository: every CI
// config, manifest, chart, module and API contract lockstep understands,
// parsed once, plus the services derived from them.
package repo

import (
	"path"

	"github.com/lockstep-lint/lockstep/rules/repo/actions"
	"github.com/lockstep-lint/lockstep/rules/repo/apispec"
	"github.com/lockstep-lint/lockstep/rules/repo/argocd"
	"github.com/lockstep-lint/lockstep/rules/repo/compose"
	"github.com/lockstep-lint/lockstep/rules/repo/directive"
	"github.com/lockstep-lint/lockstep/rules/repo/dockerfile"
	"github.com/lockstep-lint/lockstep/rules/repo/flagdef"
	"github.com/lockstep-lint/lockstep/rules/repo/flux"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
	"github.com/lockstep-lint/lockstep/rules/repo/gitlab"
	"github.com/lockstep-lint/lockstep/rules/repo/gomod"
	"github.com/lockstep-lint/lockstep/rules/repo/gosrc"
	"github.com/lockstep-lint/lockstep/rules/repo/helm"
	"github.com/lockstep-lint/lockstep/rules/repo/kube"
	"github.com/lockstep-lint/lockstep/rules/repo/kustomize"
	"github.com/lockstep-lint/lockstep/rules/repo/skaffold"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Repo is a loaded repository.
type Repo struct {
	// Root is how the repository was named to Load, for display only.
	Root string
	// Files are the files lockstep read, sorted by path.
	Files []*File
	// Problems are inputs that could not be read or understood (LS001).
	Problems []source.Problem
	// Unread are the paths the walk did not enter or read because the
	// configuration excludes them or they hold dependencies (vendor,
	// node_modules): a cache of what the go command loads from the same
	// tree must not take the files read for all of it.
	Unread []string
	// Directives are the lockstep:ignore comments found in read files.
	Directives []directive.Directive

	// Workflows are the GitHub Actions workflows, by path.
	Workflows []*actions.Workflow
	// GitLab holds the GitLab CI pipeline, with its local includes merged.
	GitLab []*gitlab.Pipeline

	// Objects are the Kubernetes objects of every manifest (Argo CD and
	// Flux objects included), in path order.
	Objects []*kube.Object
	// Kustomizations are kustomization files.
	Kustomizations []*kustomize.Kustomization
	// Charts are Helm charts with their values files and templates.
	Charts []*helm.Chart
	// ArgoApps are Argo CD Applications, ApplicationSets and AppProjects.
	ArgoApps []*argocd.Application
	// Flux are Flux objects.
	Flux []*flux.Resource

	// Compose are docker compose files; EnvFiles the .env files beside them.
	Compose  []*compose.File
	EnvFiles []*compose.EnvFile
	// Skaffold are skaffold configurations (one per document).
	Skaffold []*skaffold.Config
	// GoModules are every go.mod, GoWorks every go.work.
	GoModules []*gomod.Module
	GoWorks   []*gomod.Work
	// GoPackages are the Go packages, read at the level of imports.
	GoPackages []*gosrc.Package
	// APISpecs are OpenAPI/Swagger documents and .proto files.
	APISpecs []*apispec.Spec
	// Dockerfiles are the container build files.
	Dockerfiles []*dockerfile.File

	// FlagDefinitions are the feature-flag definition files, by path.
	FlagDefinitions []*flagdef.File
	// FlagPackages are the project's in-house flag packages
	// (.lockstep.yml flags:).
	FlagPackages []FlagPackage

	// Services are the deployable units, sorted by name.
	Services []*Service

	// Settings are the repository's protection settings: from
	// .github/settings.yml when Load finds one; callers replace them with
	// settings read live from GitHub or from a snapshot. Nil when unknown.
	Settings *github.Settings

	// CICommands are the project's extra CI command patterns, by activity
	// (.lockstep.yml ci:).
	CICommands map[string][]string

	byPath         map[string]*File
	moduleByDir    map[string]*gomod.Module
	servicesByName map[string]*Service
	derived        derived
}

// File is a file lockstep read.
type File struct {
	Path string // slash-separated, relative to the root
	Kind Kind
	Data []byte
}

// File returns the file at path, or nil.
func (r *Repo) File(path string) *File {
	if r == nil {
		return nil
	}
	return r.byPath[path]
}

// ModuleOf is the Go module whose go.mod is in dir or in its nearest
// ancestor, or nil.
func (r *Repo) ModuleOf(dir string) *gomod.Module {
	if r == nil || dir == "" {
		return nil
	}
	for {
		if m := r.moduleByDir[dir]; m != nil {
			return m
		}
		if dir == "." || dir == "/" {
			return nil
		}
		dir = path.Dir(dir)
	}
}

// Data returns the content of the file at path, or nil.
func (r *Repo) Data(path string) []byte {
	if f := r.File(path); f != nil {
		return f.Data
	}
	return nil
}
