// Package kube reads Kubernetes objects from YAML documents: any kind,
// with workloads (their pod templates and containers), Services and
// ConfigMaps interpreted, every value at its position.
package kube

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/oci"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// KV is a positioned key and value (labels, annotations, selectors).
type KV struct {
	Key, Value source.String
}

// Object is one Kubernetes object.
type Object struct {
	Path        string
	Doc         int // index of the document in its file
	APIVersion  source.String
	Kind        source.String
	Name        source.String
	Namespace   source.String
	Labels      []KV
	Annotations []KV
	// Node is the object's root mapping, for readers of other kinds
	// (Argo CD, Flux) and rules that need raw access.
	Node *yaml.Node
	Pos  source.Pos // the object's root

	Workload *Workload // set for workload kinds
	Service  *Service  // set for kind Service
	Ingress  *Ingress  // set for kind Ingress
}

// Ingress is the routing of an Ingress object.
type Ingress struct {
	Rules []IngressPath
	Pos   source.Pos
}

// IngressPath is one host and path routed to a Service port.
type IngressPath struct {
	Host, Path, ServiceName, ServicePort source.String
	Pos                                  source.Pos
}

// Workload is the pod template of a workload object.
type Workload struct {
	Selector       []KV
	PodLabels      []KV
	PodAnnotations []KV
	Containers     []*Container
	InitContainers []*Container
	Pos            source.Pos // the pod template
}

// Container is one container of a pod template.
type Container struct {
	Name    source.String
	Image   source.String
	Ref     oci.Ref
	Command []source.String
	Args    []source.String
	Env     []EnvVar
	Ports   []Port
	Pos     source.Pos
}

// EnvVar is one environment variable; FromRef is set for valueFrom.
type EnvVar struct {
	Name, Value source.String
	FromRef     bool
}

// Port is a container port.
type Port struct {
	Name          source.String
	ContainerPort int
	Pos           source.Pos
}

// Service is the spec of a Service object.
type Service struct {
	Type     source.String
	Selector []KV
	Ports    []ServicePort
	Pos      source.Pos
}

// ServicePort is one port of a Service.
type ServicePort struct {
	Name, Port, TargetPort source.String
	Pos                    source.Pos
}

// Label returns the value of label k.
func (o *Object) Label(k string) (source.String, bool) { return lookup(o.Labels, k) }

// Annotation returns the value of annotation k.
func (o *Object) Annotation(k string) (source.String, bool) { return lookup(o.Annotations, k) }

// Group is the API group of the object ("" for the core group).
func (o *Object) Group() string {
	g, _, ok := strings.Cut(o.APIVersion.Value, "/")
	if !ok {
		return ""
	}
	return g
}

// IsWorkload reports whether the object runs pods.
func (o *Object) IsWorkload() bool { return o.Workload != nil }

func lookup(kvs []KV, k string) (source.String, bool) {
	for _, kv := range kvs {
		if kv.Key.Value == k {
			return kv.Value, true
		}
	}
	return source.String{}, false
}
