package kube

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
  labels: {app: checkout}
  annotations:
    argocd.argoproj.io/sync-wave: "2"
spec:
  selector:
    matchLabels:
      app: checkout
  template:
    metadata:
      labels:
        app: checkout
    spec:
      initContainers:
        - name: wait-for-orders
          image: busybox:1.36
          command: ["sh", "-c", "until wget -qO- http://orders:8080/healthz; do sleep 2; done"]
      containers:
        - name: checkout
          image: ghcr.io/acme/checkout:1.4.2
          env:
            - name: ORDERS_URL
              value: http://orders.shop.svc.cluster.local:8080
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: db, key: password}}
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: checkout
  namespace: shop
spec:
  selector:
    app: checkout
  ports:
    - name: http
      port: 8080
      targetPort: http
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [a.yaml]
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: cfg}
`

func parse(t *testing.T, data string) ([]*Object, []source.Problem) {
	t.Helper()
	docs, problems := source.ParseYAML("k.yaml", []byte(data), source.DefaultLimits)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return Parse(docs)
}

func at(s source.String) string { return fmt.Sprintf("%s@%d:%d", s.Value, s.Pos.Line, s.Pos.Col) }

func TestParsePositions(t *testing.T) {
	objs, problems := parse(t, manifest)
	if len(problems) > 0 || len(objs) != 3 {
		t.Fatalf("%d objects, problems %v", len(objs), problems)
	}
	d, svc, cm := objs[0], objs[1], objs[2]
	wave, _ := d.Annotation("argocd.argoproj.io/sync-wave")
	app, _ := d.Label("app")
	w := d.Workload
	init, c := w.InitContainers[0], w.Containers[0]
	got := []string{
		at(d.Kind), at(d.Name), at(d.Namespace), at(wave), at(app), d.Group(),
		at(w.Selector[0].Value), at(w.PodLabels[0].Value),
		at(init.Name), at(init.Image), at(init.Command[2]),
		at(c.Image), c.Ref.Registry + "/" + c.Ref.Repository + ":" + c.Ref.Tag,
		at(c.Env[0].Value), fmt.Sprint(c.Env[1].FromRef), at(c.Ports[0].Name), fmt.Sprint(c.Ports[0].ContainerPort),
		at(svc.Service.Selector[0].Value), at(svc.Service.Ports[0].TargetPort), at(cm.Name), fmt.Sprint(cm.Doc),
	}
	want := []string{
		"Deployment@2:7", "checkout@4:9", "shop@5:14", "2@8:35", "checkout@6:17", "apps",
		"checkout@12:12", "checkout@16:14",
		"wait-for-orders@19:17", "busybox:1.36@20:18", "until wget -qO- http://orders:8080/healthz; do sleep 2; done@21:33",
		"ghcr.io/acme/checkout:1.4.2@24:18", "ghcr.io/acme/checkout:1.4.2",
		"http://orders.shop.svc.cluster.local:8080@27:22", "true", "http@31:21", "8080",
		"checkout@41:10", "http@45:19", "cfg@56:22", "3",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		for i := range got {
			if i >= len(want) || got[i] != want[i] {
				t.Errorf("item %d: got %q, want %q", i, got[i], want[min(i, len(want)-1)])
			}
		}
	}
}

func TestIngress(t *testing.T) {
	objs, _ := parse(t, `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api/orders
            backend:
              service: {name: orders, port: {number: 8080}}
          - path: /
            backend:
              service: {name: gateway, port: {name: http}}
`)
	in := objs[0].Ingress
	got := at(in.Rules[0].Host) + " " + at(in.Rules[0].Path) + " " + at(in.Rules[0].ServiceName) + " " + at(in.Rules[0].ServicePort) + " " + at(in.Rules[1].ServicePort)
	want := "shop.example.com@6:13 /api/orders@9:19 orders@11:31 8080@11:54 http@14:53"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestCronJobAndRollout(t *testing.T) {
	objs, _ := parse(t, `apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: r, image: ghcr.io/acme/report:2}]
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: web, image: web:1}]
`)
	if objs[0].Workload == nil || objs[0].Workload.Containers[0].Ref.Name() != "report" || objs[1].Workload == nil {
		t.Fatalf("workloads: %+v %+v", objs[0].Workload, objs[1].Workload)
	}
}

func TestParseProblems(t *testing.T) {
	_, problems := parse(t, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: x
  labels: [a]
spec:
  template:
    spec:
      containers: {name: x}
`)
	got := sourcetest.Errors(problems)
	want := "k.yaml:5:11: invalid content: metadata.labels must be a mapping, not a sequence\n" +
		"k.yaml:9:19: invalid content: containers must be a list, not a mapping"
	if strings.Join(got, "\n") != want {
		t.Errorf("problems:\n%s", strings.Join(got, "\n"))
	}
}

func TestIsManifest(t *testing.T) {
	yes, _ := source.ParseYAML("a.yaml", []byte("apiVersion: v1\nkind: ConfigMap\n"), source.DefaultLimits)
	no, _ := source.ParseYAML("b.yaml", []byte("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n---\nname: x\n"), source.DefaultLimits)
	if !IsManifest(yes) || IsManifest(no) {
		t.Fatal("IsManifest")
	}
}

func TestIndex(t *testing.T) {
	objs, _ := parse(t, manifest)
	x := NewIndex(objs)
	if x.ByName("Service", "shop", "checkout") != objs[1] || len(x.Named("checkout")) != 2 {
		t.Fatal("lookups")
	}
	if got := x.ServicesSelecting(objs[0]); len(got) != 1 || got[0] != objs[1] {
		t.Fatalf("ServicesSelecting: %v", got)
	}
	bare, _ := parse(t, "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: checkout}}\n")
	other, _ := parse(t, "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: other}\nspec: {selector: {app: checkout}}\n")
	x = NewIndex([]*Object{objs[0], bare[0], other[0]})
	if got := x.ServicesSelecting(objs[0]); len(got) != 1 || got[0] != bare[0] {
		t.Fatalf("a Service without a namespace must match, one in another namespace must not: %v", got)
	}
}

func BenchmarkIndex(b *testing.B) {
	var sb strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&sb, "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: s%d, namespace: n}\nspec:\n  template:\n    metadata: {labels: {app: s%d}}\n    spec: {containers: [{name: c, image: r/s%d:1}]}\n", i, i, i)
		fmt.Fprintf(&sb, "---\napiVersion: v1\nkind: Service\nmetadata: {name: s%d, namespace: n}\nspec: {selector: {app: s%d}}\n", i, i)
	}
	docs, _ := source.ParseYAML("big.yaml", []byte(sb.String()), source.Limits{MaxBytes: 1 << 30, MaxDepth: 64, MaxNodes: 1 << 20, MaxDocuments: 20000})
	objs, _ := Parse(docs)
	b.ResetTimer()
	for range b.N {
		x := NewIndex(objs)
		for _, o := range objs {
			x.ServicesSelecting(o)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(manifest))
	f.Add([]byte("apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: Pod, spec: {containers: 3}}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _ := source.ParseYAML("f.yaml", data, source.Limits{MaxBytes: 1 << 16, MaxDepth: 64, MaxNodes: 1 << 14, MaxDocuments: 64})
		objs, problems := Parse(docs)
		sourcetest.CheckPositions(t, "f.yaml", objs)
		sourcetest.CheckPositions(t, "f.yaml", problems)
		NewIndex(objs)
	})
}
