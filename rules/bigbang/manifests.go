package bigbang

import (
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// This file reads Kubernetes objects, kustomizations and Helm charts from
// the files of the model, as far as the LS1xx rules need them.
// TODO(lead): read them from r's kube, kustomize, helm and argocd models
// once Load provides them; the rules use only the types below.

// object is one Kubernetes object of a plain YAML manifest.
type object struct {
	apiVersion, kind string
	name             source.String
	namespace        string
	file             string
	root             *yaml.Node
	pos              source.Pos // the document's root
}

// manifests indexes the deployable content of a repository.
type manifests struct {
	objects        []*object
	byFile         map[string][]*object
	dirs           map[string][]string // directory -> files with objects, sorted
	kustomizations map[string]*kustomizationFile
	charts         map[string]*chart
}

// notManifests are the kinds of files that hold no Kubernetes objects, or
// hold them as templates.
var notManifests = map[repo.Kind]bool{
	repo.KindWorkflow: true, repo.KindGitLabCI: true, repo.KindCompose: true, repo.KindSkaffold: true,
	repo.KindHelmTemplate: true, repo.KindHelmValues: true, repo.KindHelmChart: true,
	repo.KindGitHubSettings: true, repo.KindLockstepConfig: true, repo.KindKustomization: true,
}

func loadManifests(r *repo.Repo) *manifests {
	m := &manifests{
		byFile: map[string][]*object{}, dirs: map[string][]string{},
		kustomizations: map[string]*kustomizationFile{}, charts: map[string]*chart{},
	}
	for _, f := range r.Files {
		ext := path.Ext(f.Path)
		switch {
		case f.Kind == repo.KindKustomization:
			if k := readKustomization(f); k != nil {
				m.kustomizations[path.Dir(f.Path)] = k
			}
		case f.Kind == repo.KindHelmChart:
			if c := readChart(r, f); c != nil {
				m.charts[c.dir] = c
			}
		case (ext == ".yaml" || ext == ".yml") && !notManifests[f.Kind]:
			m.readObjects(f)
		}
	}
	return m
}

func (m *manifests) readObjects(f *repo.File) {
	docs, _ := source.ParseYAML(f.Path, f.Data, source.DefaultLimits)
	for _, d := range docs {
		root := source.Resolve(d.Root)
		if !source.IsMap(root) {
			continue
		}
		api, kind := source.Get(root, "apiVersion"), source.Get(root, "kind")
		if api == nil || kind == nil || !source.IsScalar(api) || !source.IsScalar(kind) {
			continue
		}
		meta := source.Get(root, "metadata")
		o := &object{
			apiVersion: api.Value, kind: kind.Value, file: f.Path, root: root,
			pos:       source.PosOf(f.Path, root),
			name:      source.Str(f.Path, source.Get(meta, "name")),
			namespace: source.Str(f.Path, source.Get(meta, "namespace")).Value,
		}
		m.objects = append(m.objects, o)
		if len(m.byFile[f.Path]) == 0 {
			dir := path.Dir(f.Path)
			m.dirs[dir] = append(m.dirs[dir], f.Path)
		}
		m.byFile[f.Path] = append(m.byFile[f.Path], o)
	}
}

// annotation returns a metadata annotation, or the zero String.
func (o *object) annotation(key string) source.String {
	return source.Str(o.file, source.Path(o.root, "metadata", "annotations", key))
}

// group is the API group of the object ("apps", "argoproj.io").
func (o *object) group() string {
	g, _, ok := strings.Cut(o.apiVersion, "/")
	if !ok {
		return ""
	}
	return g
}

// workloadKinds run a service's pods.
var workloadKinds = map[string]bool{
	"Deployment": true, "StatefulSet": true, "DaemonSet": true, "ReplicaSet": true,
	"Job": true, "CronJob": true, "Pod": true, "Rollout": true, "DeploymentConfig": true,
}

func (o *object) isWorkload() bool {
	if o.kind == "Service" && strings.HasPrefix(o.apiVersion, "serving.knative.dev/") {
		return true
	}
	return workloadKinds[o.kind]
}

// podSpec is the pod template's spec of a workload.
func (o *object) podSpec() *yaml.Node {
	spec := source.Get(o.root, "spec")
	switch o.kind {
	case "Pod":
		return spec
	case "CronJob":
		return source.Path(spec, "jobTemplate", "spec", "template", "spec")
	}
	return source.Path(spec, "template", "spec")
}

// containers are the workload's containers, or its init containers.
func (o *object) containers(init bool) []*yaml.Node {
	key := "containers"
	if init {
		key = "initContainers"
	}
	return source.Items(source.Get(o.podSpec(), key))
}

// workloadService says which service a workload runs: the service of its
// name, of its app.kubernetes.io/name label, or of one of its images.
func (f *fleet) workloadService(o *object) (string, bool) {
	if !o.isWorkload() {
		return "", false
	}
	if f.has(o.name.Value) {
		return o.name.Value, true
	}
	if l := source.Path(o.root, "metadata", "labels", "app.kubernetes.io/name"); l != nil && f.has(l.Value) {
		return l.Value, true
	}
	for _, c := range o.containers(false) {
		if img := parseImage(scalar(source.Get(c, "image"))); f.has(img.name) {
			return img.name, true
		}
	}
	return "", false
}

// objectsAt are the objects of a path: a file, or the files of a
// directory (and its subdirectories when recursive), as kubectl -f reads.
func (m *manifests) objectsAt(p string, recursive bool) []*object {
	if objs, ok := m.byFile[p]; ok {
		return objs
	}
	var out []*object
	var dirs []string
	for d := range m.dirs {
		if d == p || recursive && strings.HasPrefix(d, p+"/") || p == "." && recursive {
			dirs = append(dirs, d)
		}
	}
	slices.Sort(dirs)
	for _, d := range dirs {
		for _, f := range m.dirs[d] {
			out = append(out, m.byFile[f]...)
		}
	}
	return out
}

// sortedKeys lists a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// scalar is a node's value, "" for a missing node or a collection.
func scalar(n *yaml.Node) string {
	n = source.Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
