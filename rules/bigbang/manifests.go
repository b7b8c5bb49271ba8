package bigbang

import (
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// This file adapts the model's Kubernetes objects, kustomizations and Helm
// charts to the small views the LS1xx rules share.

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

func loadManifests(r *repo.Repo) *manifests {
	m := &manifests{
		byFile: map[string][]*object{}, dirs: map[string][]string{},
		kustomizations: map[string]*kustomizationFile{}, charts: map[string]*chart{},
	}
	for _, k := range r.Kustomizations {
		m.kustomizations[k.Dir] = fromKustomization(k)
	}
	for _, c := range r.Charts {
		m.charts[c.Dir] = fromChart(c)
	}
	for _, o := range r.Objects {
		m.add(&object{
			apiVersion: o.APIVersion.Value, kind: o.Kind.Value, file: o.Path, root: o.Node, pos: o.Pos,
			name: o.Name, namespace: o.Namespace.Value,
		})
	}
	return m
}

func (m *manifests) add(o *object) {
	m.objects = append(m.objects, o)
	if len(m.byFile[o.file]) == 0 {
		dir := path.Dir(o.file)
		m.dirs[dir] = append(m.dirs[dir], o.file)
	}
	m.byFile[o.file] = append(m.byFile[o.file], o)
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
