package repo

import (
	"io/fs"
	"sort"

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

// parsed is one file's parse result, produced on a worker. At most one of
// the format fields is set, matching the file's kind.
type parsed struct {
	file *File
	// skip is a file that turned out not to be regular when opened; it
	// is left out of the model, as the walk leaves out what it sees is
	// not regular.
	skip       bool
	problems   []source.Problem
	directives []directive.Directive

	settings   *github.Settings
	workflow   *actions.Workflow
	gitlab     *gitlab.Pipeline
	compose    *compose.File
	envFile    *compose.EnvFile
	skaffold   []*skaffold.Config
	goMod      *gomod.Module
	goWork     *gomod.Work
	goFile     *gosrc.File
	apiSpec    *apispec.Spec
	dockerfile *dockerfile.File
	flagDef    *flagdef.File
	objects    []*kube.Object
	kustomize  *kustomize.Kustomization
	chart      *helm.Chart
	values     *helm.Values
}

// builder assembles the model from per-file results, in path order, so
// that the model is deterministic whatever the worker scheduling.
type builder struct {
	r         *Repo
	fsys      fs.FS
	lim       source.Limits
	goFiles   []*gosrc.File
	values    []*helm.Values
	templates []string
}

func newBuilder(r *Repo, fsys fs.FS, lim source.Limits) *builder {
	return &builder{r: r, fsys: fsys, lim: lim}
}

func (b *builder) add(p *parsed) {
	r := b.r
	r.Files = append(r.Files, p.file)
	r.Problems = append(r.Problems, p.problems...)
	r.Directives = append(r.Directives, p.directives...)
	appendIf(&r.Workflows, p.workflow)
	appendIf(&r.GitLab, p.gitlab)
	appendIf(&r.Compose, p.compose)
	appendIf(&r.EnvFiles, p.envFile)
	r.Skaffold = append(r.Skaffold, p.skaffold...)
	appendIf(&r.GoModules, p.goMod)
	appendIf(&r.GoWorks, p.goWork)
	appendIf(&b.goFiles, p.goFile)
	appendIf(&r.APISpecs, p.apiSpec)
	appendIf(&r.Dockerfiles, p.dockerfile)
	appendIf(&r.FlagDefinitions, p.flagDef)
	r.Objects = append(r.Objects, p.objects...)
	appendIf(&r.Kustomizations, p.kustomize)
	appendIf(&r.Charts, p.chart)
	appendIf(&b.values, p.values)
	if p.file.Kind == KindHelmTemplate {
		b.templates = append(b.templates, p.file.Path)
	}
	if p.settings != nil {
		r.Settings = p.settings
	}
}

func appendIf[T any](list *[]*T, v *T) {
	if v != nil {
		*list = append(*list, v)
	}
}

func (b *builder) finish(opts Options) {
	r := b.r
	r.index()
	r.GoPackages = gosrc.Group(b.goFiles)
	helm.Assemble(r.Charts, b.values, b.templates)
	var problems []source.Problem
	r.ArgoApps, problems = argocd.FromObjects(r.Objects)
	r.Problems = append(r.Problems, problems...)
	r.Flux, problems = flux.FromObjects(r.Objects)
	r.Problems = append(r.Problems, problems...)
	b.deriveServices(opts)
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].Pos.Before(r.Problems[j].Pos) })
}
