package graph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/graph"
)

func load(t *testing.T, files map[string]string) *graph.Graph {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	r, err := repo.Load(context.Background(), fsys, ".", repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return graph.Of(r)
}

// edges renders every edge with its evidence positions.
func edges(g *graph.Graph) []string {
	var out []string
	for _, e := range g.Edges {
		var at []string
		for _, ev := range e.Evidence {
			at = append(at, ev.Pos.String())
		}
		out = append(out, fmt.Sprintf("%s %s %s sync=%v %s", e.From, e.Kind, e.To, e.Sync, strings.Join(at, ",")))
	}
	return out
}

func TestIvoryJenga(t *testing.T) {
	r, err := repo.LoadDir(context.Background(), "../../../testdata/examples/ivory-jenga", repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := graph.Of(r)
	if g2 := graph.Of(r); g2 != g {
		t.Error("Of built the graph twice for one model")
	}
	var nodes []string
	for _, n := range g.Nodes {
		nodes = append(nodes, string(n.Kind)+":"+n.Name)
	}
	wantNodes := "service:cart service:catalog service:checkout service:gateway service:inventory service:notifications service:orders " +
		"service:payments service:pricing service:search service:shipping service:users module:github.com/ivory-jenga/shop/libs/platform"
	if got := strings.Join(nodes, " "); got != wantNodes {
		t.Errorf("nodes:\n got %s\nwant %s", got, wantNodes)
	}
	var got []string
	for _, e := range g.Edges {
		got = append(got, fmt.Sprintf("%s %s %s", e.From, e.To, e.Kind))
	}
	want := []string{
		"cart catalog calls",
		"cart catalog waits-for",
		"cart module:libs/platform module",
		"cart pricing calls",
		"cart pricing waits-for",
		"catalog inventory calls",
		"catalog inventory waits-for",
		"catalog module:libs/platform module",
		"catalog pricing calls",
		"catalog pricing waits-for",
		"checkout cart calls",
		"checkout cart waits-for",
		"checkout inventory calls",
		"checkout inventory waits-for",
		"checkout module:libs/platform module",
		"checkout orders api-client",
		"checkout orders calls",
		"checkout orders waits-for",
		"checkout payments calls",
		"checkout payments waits-for",
		"checkout pricing calls",
		"checkout pricing waits-for",
		"gateway cart calls",
		"gateway cart waits-for",
		"gateway catalog calls",
		"gateway catalog waits-for",
		"gateway checkout calls",
		"gateway checkout waits-for",
		"gateway module:libs/platform module",
		"gateway search calls",
		"gateway search waits-for",
		"gateway users calls",
		"gateway users waits-for",
		"inventory module:libs/platform module",
		"notifications module:libs/platform module",
		"orders inventory calls",
		"orders inventory waits-for",
		"orders module:libs/platform module",
		"orders notifications calls",
		"orders notifications waits-for",
		"payments module:libs/platform module",
		"payments notifications calls",
		"payments notifications waits-for",
		"pricing module:libs/platform module",
		"search catalog calls",
		"search catalog waits-for",
		"search module:libs/platform module",
		"shipping module:libs/platform module",
		"shipping notifications calls",
		"shipping notifications waits-for",
		"shipping orders api-client",
		"shipping orders calls",
		"shipping orders waits-for",
		"users module:libs/platform module",
		"users notifications calls",
		"users notifications waits-for",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("edges:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestEdges covers each way an edge is found, and the values that must
// not make one: external host names, unknown hosts, the service itself,
// a valueFrom.
func TestEdges(t *testing.T) {
	g := load(t, map[string]string{
		"services/api/main.go":     "package main\n\nfunc main() {}\n",
		"services/orders/main.go":  "package main\n\nfunc main() {}\n",
		"services/billing/main.go": "package main\n\nfunc main() {}\n",
		"services/orders/go.mod":   "module example.com/orders\n\ngo 1.22\n\nrequire example.com/billing v0.0.0-20240101000000-abcdefabcdef\n",
		"services/billing/go.mod":  "module example.com/billing\n\ngo 1.22\n",
		"deploy/api.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.0.0
          env:
            - name: ORDERS_ADDR
              value: orders-svc:9090
            - name: BILLING_URL
              value: https://billing.example.com/v1
            - name: OTEL_EXPORTER_OTLP_ENDPOINT
              value: http://otel-collector:4317
            - name: SELF_URL
              value: http://api:8080
            - name: BILLING_HOST
              valueFrom:
                configMapKeyRef: {name: x, key: billing}
            - name: EVENTS_TOPIC
              value: orders.created
          readinessProbe:
            exec:
              command: ["sh", "-c", "curl -fs http://billing.prod.svc.cluster.local/healthz"]
`,
		"deploy/orders.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: prod
spec:
  selector:
    matchLabels: {app: orders}
  template:
    metadata:
      labels: {app: orders}
    spec:
      containers:
        - name: orders
          image: ghcr.io/acme/orders:1.0.0
          env:
            - name: ORDER_EVENTS_TOPICS
              value: orders.created,orders.cancelled
---
apiVersion: v1
kind: Service
metadata:
  name: orders-svc
  namespace: prod
spec:
  selector: {app: orders}
  ports:
    - port: 9090
`,
	})
	want := []string{
		"api waits-for billing sync=true deploy/api.yaml:32:37",
		"api calls orders sync=true deploy/api.yaml:18:22",
		"api topic topic:orders.created sync=false deploy/api.yaml:29:22",
		"orders module billing sync=false services/orders/go.mod:5:1",
		"orders topic topic:orders.cancelled sync=false deploy/orders.yaml:18:22",
		"orders topic topic:orders.created sync=false deploy/orders.yaml:18:22",
	}
	if got := edges(g); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("edges:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if e := g.Out("orders")[0]; e.Evidence[0].Value != "v0.0.0-20240101000000-abcdefabcdef" || e.Evidence[0].Via != graph.ViaRequire {
		t.Errorf("require evidence: %+v", e.Evidence[0])
	}
	if len(g.In("topic:orders.created")) != 2 || g.ServiceFor("orders-svc.prod") != "orders" || g.ServiceFor("orders.example.com") != "" {
		t.Error("topic or host lookups are wrong")
	}
}
