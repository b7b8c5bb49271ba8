// Package argocd interprets Argo CD objects (Application, ApplicationSet,
// AppProject) among the Kubernetes objects of a repository.
package argocd

import (
	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/kube"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Application is an Application, an ApplicationSet (whose Template holds
// the generated application) or an AppProject (whose SyncWindows apply).
type Application struct {
	Object       *kube.Object
	Kind         string
	Name         source.String
	Project      source.String
	Sources      []*Source
	Destination  Destination
	Automated    bool
	AutomatedPos source.Pos
	SyncWave     source.String // argocd.argoproj.io/sync-wave
	Generators   []*Generator  // ApplicationSet
	Template     *Application  // ApplicationSet
	Strategy     source.String // ApplicationSet strategy.type, e.g. RollingSync
	SyncWindows  []*SyncWindow // AppProject
	Pos          source.Pos
}

// Source is one spec.source or spec.sources entry.
type Source struct {
	RepoURL, Path, TargetRevision, Chart source.String
	HelmValueFiles                       []source.String // helm.valueFiles
	HelmParameters                       []KV            // helm.parameters (name, value)
	KustomizeImages                      []source.String // kustomize.images
	Pos                                  source.Pos
}

// KV is a positioned name and value.
type KV struct {
	Key, Value source.String
}

// Destination is where an application deploys.
type Destination struct {
	Server, Name, Namespace source.String
}

// Generator is one ApplicationSet generator.
type Generator struct {
	Kind     string // list, git, clusters, matrix, merge, ...
	Elements int    // list elements
	Pos      source.Pos
}

// SyncWindow is one AppProject sync window.
type SyncWindow struct {
	Kind, Schedule, Duration source.String
	Applications             []source.String
	ManualSync               bool
	Pos                      source.Pos
}

// FromObjects interprets the argoproj.io objects among objs.
func FromObjects(objs []*kube.Object) ([]*Application, []source.Problem) {
	var out []*Application
	var problems []source.Problem
	for _, o := range objs {
		if o.Group() != "argoproj.io" {
			continue
		}
		switch o.Kind.Value {
		case "Application", "ApplicationSet", "AppProject":
		default:
			continue
		}
		a, pr := interpret(o)
		out = append(out, a)
		problems = append(problems, pr...)
	}
	return out, problems
}

func interpret(o *kube.Object) (*Application, []source.Problem) {
	file := o.Path
	spec := source.Get(o.Node, "spec")
	var problems []source.Problem
	if spec != nil && !source.IsNull(spec) && !source.IsMap(spec) {
		problems = append(problems, source.Problemf(source.PosOf(file, spec), source.ReasonInvalid, "spec must be a mapping, not %s", source.KindName(spec)))
		spec = nil
	}
	a := &Application{Object: o, Kind: o.Kind.Value, Name: o.Name, Pos: o.Pos}
	a.SyncWave, _ = o.Annotation("argocd.argoproj.io/sync-wave")
	switch a.Kind {
	case "Application":
		fillApp(file, a, spec)
	case "ApplicationSet":
		a.Strategy = source.Str(file, source.Path(spec, "strategy", "type"))
		for _, g := range source.Items(source.Get(spec, "generators")) {
			for _, kv := range source.Pairs(g) {
				gen := &Generator{Kind: kv.Key.Value, Pos: source.PosOf(file, kv.Key)}
				gen.Elements = len(source.Items(source.Get(kv.Value, "elements")))
				a.Generators = append(a.Generators, gen)
			}
		}
		if tmpl := source.Get(spec, "template"); source.IsMap(tmpl) {
			t := &Application{Object: o, Kind: "Application", Pos: source.PosOf(file, tmpl)}
			t.Name = source.Str(file, source.Path(tmpl, "metadata", "name"))
			fillApp(file, t, source.Get(tmpl, "spec"))
			a.Template = t
		}
	case "AppProject":
		for _, w := range source.Items(source.Get(spec, "syncWindows")) {
			manual, _ := source.Bool(source.Get(w, "manualSync"))
			a.SyncWindows = append(a.SyncWindows, &SyncWindow{
				Kind: source.Str(file, source.Get(w, "kind")), Schedule: source.Str(file, source.Get(w, "schedule")),
				Duration: source.Str(file, source.Get(w, "duration")), Applications: source.Strings(file, source.Get(w, "applications")),
				ManualSync: manual, Pos: source.PosOf(file, w),
			})
		}
	}
	return a, problems
}

func fillApp(file string, a *Application, spec *yaml.Node) {
	a.Project = source.Str(file, source.Get(spec, "project"))
	srcs := source.Items(source.Get(spec, "sources"))
	if s := source.Get(spec, "source"); source.IsMap(s) {
		srcs = append([]*yaml.Node{s}, srcs...)
	}
	for _, s := range srcs {
		src := &Source{
			RepoURL: source.Str(file, source.Get(s, "repoURL")), Path: source.Str(file, source.Get(s, "path")),
			TargetRevision: source.Str(file, source.Get(s, "targetRevision")), Chart: source.Str(file, source.Get(s, "chart")),
			HelmValueFiles:  source.Strings(file, source.Path(s, "helm", "valueFiles")),
			KustomizeImages: source.Strings(file, source.Path(s, "kustomize", "images")),
			Pos:             source.PosOf(file, s),
		}
		for _, p := range source.Items(source.Path(s, "helm", "parameters")) {
			src.HelmParameters = append(src.HelmParameters, KV{Key: source.Str(file, source.Get(p, "name")), Value: source.Str(file, source.Get(p, "value"))})
		}
		a.Sources = append(a.Sources, src)
	}
	dest := source.Get(spec, "destination")
	a.Destination = Destination{Server: source.Str(file, source.Get(dest, "server")), Name: source.Str(file, source.Get(dest, "name")),
		Namespace: source.Str(file, source.Get(dest, "namespace"))}
	// Argo CD syncs automatically when syncPolicy.automated is a mapping
	// (even an empty one) that does not set enabled: false; "automated:"
	// with no value decodes to nil there and means manual sync.
	if k, v := source.Lookup(source.Get(spec, "syncPolicy"), "automated"); k != nil && source.IsMap(v) {
		if on, isBool := source.Bool(source.Get(v, "enabled")); !isBool || on {
			a.Automated = true
			a.AutomatedPos = source.PosOf(file, k)
		}
	}
}
