package kube

// Index finds objects by identity and Services by the pods they select,
// in time proportional to the labels involved, never to the number of
// objects (cross-service rules must not go quadratic on big monorepos).
type Index struct {
	byID    map[[3]string]*Object
	byName  map[string][]*Object
	byLabel map[[2]string][]*Object // services by each selector pair
}

// NewIndex indexes objs.
func NewIndex(objs []*Object) *Index {
	x := &Index{byID: map[[3]string]*Object{}, byName: map[string][]*Object{}, byLabel: map[[2]string][]*Object{}}
	for _, o := range objs {
		x.byID[[3]string{o.Kind.Value, o.Namespace.Value, o.Name.Value}] = o
		x.byName[o.Name.Value] = append(x.byName[o.Name.Value], o)
		if o.Service != nil && len(o.Service.Selector) > 0 {
			kv := o.Service.Selector[0]
			x.byLabel[[2]string{kv.Key.Value, kv.Value.Value}] = append(x.byLabel[[2]string{kv.Key.Value, kv.Value.Value}], o)
		}
	}
	return x
}

// ByName returns the object of that kind, namespace and name, or nil.
func (x *Index) ByName(kind, namespace, name string) *Object {
	return x.byID[[3]string{kind, namespace, name}]
}

// Named returns every object with that name.
func (x *Index) Named(name string) []*Object { return x.byName[name] }

// ServicesSelecting returns the Services whose selector matches the pod
// labels of workload w (a selector matches when all its pairs are labels
// of the pod). Candidates come from the index on each selector's first
// pair, so only Services sharing a label are compared.
func (x *Index) ServicesSelecting(w *Object) []*Object {
	if w.Workload == nil {
		return nil
	}
	labels := map[string]string{}
	for _, kv := range w.Workload.PodLabels {
		labels[kv.Key.Value] = kv.Value.Value
	}
	var out []*Object
	for k, v := range labels {
		for _, svc := range x.byLabel[[2]string{k, v}] {
			if sameNamespace(svc, w) && selects(svc.Service.Selector, labels) {
				out = append(out, svc)
			}
		}
	}
	return out
}

func selects(selector []KV, labels map[string]string) bool {
	for _, kv := range selector {
		if labels[kv.Key.Value] != kv.Value.Value {
			return false
		}
	}
	return true
}

// sameNamespace compares namespaces, letting a missing one match any:
// manifests often leave it to kubectl -n, kustomize or Argo CD.
func sameNamespace(a, b *Object) bool {
	return a.Namespace.Value == "" || b.Namespace.Value == "" || a.Namespace.Value == b.Namespace.Value
}
