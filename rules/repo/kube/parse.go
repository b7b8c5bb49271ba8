package kube

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/oci"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// podTemplatePaths says where each workload kind keeps its pod template;
// a bare Pod is its own template.
var podTemplatePaths = map[string][]string{
	"Deployment":  {"spec", "template"},
	"StatefulSet": {"spec", "template"},
	"DaemonSet":   {"spec", "template"},
	"ReplicaSet":  {"spec", "template"},
	"Job":         {"spec", "template"},
	"CronJob":     {"spec", "jobTemplate", "spec", "template"},
	"Rollout":     {"spec", "template"}, // Argo Rollouts
	"Pod":         nil,
}

// IsManifest reports whether any document is a Kubernetes object, the
// test that tells manifests from other YAML.
func IsManifest(docs []*source.Doc) bool {
	for _, d := range docs {
		if isObject(d.Root) {
			return true
		}
	}
	return false
}

// isObject reports a mapping with apiVersion and kind that is not a
// kustomization file (kustomize.config.k8s.io is read by its own parser).
func isObject(n *yaml.Node) bool {
	if !source.IsMap(n) {
		return false
	}
	api, kind := source.Get(n, "apiVersion"), source.Get(n, "kind")
	if !source.IsScalar(api) || !source.IsScalar(kind) || source.IsNull(api) || source.IsNull(kind) {
		return false
	}
	return !strings.HasPrefix(api.Value, "kustomize.config.k8s.io/")
}

// Parse reads every Kubernetes object of the documents; kind: List items
// are unwrapped.
func Parse(docs []*source.Doc) ([]*Object, []source.Problem) {
	p := &parser{}
	for _, d := range docs {
		if !isObject(d.Root) {
			continue
		}
		if source.Get(d.Root, "kind").Value == "List" {
			for _, item := range source.Items(source.Get(d.Root, "items")) {
				if isObject(item) {
					p.object(d.File, d.Index, item)
				}
			}
			continue
		}
		p.object(d.File, d.Index, d.Root)
	}
	return p.objects, p.Problems
}

type parser struct {
	source.Reader
	objects []*Object
}

func (p *parser) str(n *yaml.Node) source.String { return source.Str(p.File, n) }

func (p *parser) object(file string, doc int, n *yaml.Node) {
	p.File = file
	meta := source.Get(n, "metadata")
	o := &Object{
		Path: file, Doc: doc, Node: n, Pos: source.PosOf(file, n),
		APIVersion: p.str(source.Get(n, "apiVersion")),
		Kind:       p.str(source.Get(n, "kind")),
	}
	if meta != nil && !source.IsNull(meta) && !source.IsMap(meta) {
		p.Invalid(meta, "metadata must be a mapping, not %s", source.KindName(meta))
		meta = nil
	}
	o.Name = p.str(source.Get(meta, "name"))
	o.Namespace = p.str(source.Get(meta, "namespace"))
	o.Labels = p.kvs(source.Get(meta, "labels"), "metadata.labels")
	o.Annotations = p.kvs(source.Get(meta, "annotations"), "metadata.annotations")
	if path, ok := podTemplatePaths[o.Kind.Value]; ok && (o.Kind.Value != "Rollout" || o.Group() == "argoproj.io") {
		o.Workload = p.workload(n, path)
	}
	if o.Kind.Value == "Service" && o.APIVersion.Value == "v1" {
		o.Service = p.service(source.Get(n, "spec"))
	}
	if o.Kind.Value == "Ingress" && strings.HasPrefix(o.APIVersion.Value, "networking.k8s.io/") {
		o.Ingress = p.ingress(source.Get(n, "spec"))
	}
	p.objects = append(p.objects, o)
}

// kvs reads a string map such as labels.
func (p *parser) kvs(n *yaml.Node, what string) []KV {
	if n == nil || source.IsNull(n) {
		return nil
	}
	if !source.IsMap(n) {
		p.Invalid(n, "%s must be a mapping, not %s", what, source.KindName(n))
		return nil
	}
	var out []KV
	for _, kv := range source.Pairs(n) {
		out = append(out, KV{Key: p.str(kv.Key), Value: p.str(kv.Value)})
	}
	return out
}

func (p *parser) workload(n *yaml.Node, templatePath []string) *Workload {
	tmpl := n
	if templatePath != nil {
		tmpl = source.Path(n, templatePath...)
	}
	w := &Workload{Pos: source.PosOf(p.File, tmpl)}
	selector := source.Path(n, "spec", "selector")
	if ml := source.Get(selector, "matchLabels"); ml != nil {
		selector = ml
	}
	if templatePath != nil && source.IsMap(selector) {
		w.Selector = p.kvs(selector, "spec.selector.matchLabels")
	}
	if tmpl == nil || source.IsNull(tmpl) {
		return w
	}
	if !source.IsMap(tmpl) {
		p.Invalid(tmpl, "the pod template must be a mapping, not %s", source.KindName(tmpl))
		return w
	}
	if templatePath != nil {
		w.PodLabels = p.kvs(source.Path(tmpl, "metadata", "labels"), "template labels")
		w.PodAnnotations = p.kvs(source.Path(tmpl, "metadata", "annotations"), "template annotations")
	} else {
		w.PodLabels = p.kvs(source.Path(n, "metadata", "labels"), "metadata.labels")
	}
	spec := source.Get(tmpl, "spec")
	w.Containers = p.containers(source.Get(spec, "containers"), "containers")
	w.InitContainers = p.containers(source.Get(spec, "initContainers"), "initContainers")
	return w
}

func (p *parser) containers(n *yaml.Node, what string) []*Container {
	if n == nil || source.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.Invalid(n, "%s must be a list, not %s", what, source.KindName(n))
		return nil
	}
	var out []*Container
	for _, c := range source.Items(n) {
		if !source.IsMap(c) {
			p.Invalid(c, "a container must be a mapping, not %s", source.KindName(c))
			continue
		}
		ct := &Container{Pos: source.PosOf(p.File, c), Name: p.str(source.Get(c, "name")), Image: p.str(source.Get(c, "image"))}
		ct.Ref = oci.ParseRef(ct.Image.Value)
		ct.Command = p.strings(source.Get(c, "command"), "command")
		ct.Args = p.strings(source.Get(c, "args"), "args")
		ct.Env = p.env(source.Get(c, "env"))
		ct.Ports = p.ports(source.Get(c, "ports"))
		out = append(out, ct)
	}
	return out
}

func (p *parser) strings(n *yaml.Node, what string) []source.String {
	if n == nil || source.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.Invalid(n, "%s must be a list of strings, not %s", what, source.KindName(n))
		return nil
	}
	return source.Strings(p.File, n)
}

func (p *parser) env(n *yaml.Node) []EnvVar {
	var out []EnvVar
	for _, e := range source.Items(n) {
		if !source.IsMap(e) {
			p.Invalid(e, "an env entry must be a mapping, not %s", source.KindName(e))
			continue
		}
		v := EnvVar{Name: p.str(source.Get(e, "name")), Value: p.str(source.Get(e, "value"))}
		v.FromRef = source.Get(e, "valueFrom") != nil
		out = append(out, v)
	}
	return out
}

func (p *parser) ports(n *yaml.Node) []Port {
	var out []Port
	for _, e := range source.Items(n) {
		if !source.IsMap(e) {
			p.Invalid(e, "a port must be a mapping, not %s", source.KindName(e))
			continue
		}
		num, _ := source.Int(source.Get(e, "containerPort"))
		out = append(out, Port{Name: p.str(source.Get(e, "name")), ContainerPort: num, Pos: source.PosOf(p.File, e)})
	}
	return out
}

func (p *parser) service(spec *yaml.Node) *Service {
	s := &Service{Pos: source.PosOf(p.File, spec), Type: p.str(source.Get(spec, "type"))}
	s.Selector = p.kvs(source.Get(spec, "selector"), "spec.selector")
	for _, e := range source.Items(source.Get(spec, "ports")) {
		if !source.IsMap(e) {
			p.Invalid(e, "a service port must be a mapping, not %s", source.KindName(e))
			continue
		}
		s.Ports = append(s.Ports, ServicePort{
			Name: p.str(source.Get(e, "name")), Port: p.str(source.Get(e, "port")),
			TargetPort: p.str(source.Get(e, "targetPort")), Pos: source.PosOf(p.File, e),
		})
	}
	return s
}

// ingress reads networking.k8s.io/v1 rules (service.name, service.port
// name or number) and the older serviceName/servicePort backends.
func (p *parser) ingress(spec *yaml.Node) *Ingress {
	in := &Ingress{Pos: source.PosOf(p.File, spec)}
	for _, rule := range source.Items(source.Get(spec, "rules")) {
		host := p.str(source.Get(rule, "host"))
		for _, hp := range source.Items(source.Path(rule, "http", "paths")) {
			backend := source.Get(hp, "backend")
			name, port := p.str(source.Path(backend, "service", "name")), p.str(source.Path(backend, "service", "port", "number"))
			if port.Value == "" {
				port = p.str(source.Path(backend, "service", "port", "name"))
			}
			if name.Value == "" {
				name, port = p.str(source.Get(backend, "serviceName")), p.str(source.Get(backend, "servicePort"))
			}
			in.Rules = append(in.Rules, IngressPath{Host: host, Path: p.str(source.Get(hp, "path")),
				ServiceName: name, ServicePort: port, Pos: source.PosOf(p.File, hp)})
		}
	}
	return in
}
