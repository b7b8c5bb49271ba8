package repo_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lockstep-lint/lockstep/rules/repo"
)

func load(t *testing.T, files map[string]string, opts repo.Options) *repo.Repo {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, d := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(d)}
	}
	r, err := repo.Load(context.Background(), fsys, "shop", opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func names(r *repo.Repo) string {
	var out []string
	for _, s := range r.Services {
		out = append(out, s.Name+"("+s.Origin+","+s.Dir+")")
	}
	return strings.Join(out, " ")
}

func TestServicesFromBuilds(t *testing.T) {
	r := load(t, map[string]string{
		"go.mod":                          "module example.com/shop\n\ngo 1.22\n",
		"cmd/orders/main.go":              "package main\n\nfunc main() {}\n",
		"cmd/orders/main_test.go":         "package main\n",
		"tools/gen/main.go":               "package main\n\nfunc main() {}\n",
		"services/payments/go.mod":        "module example.com/payments\n\ngo 1.22\n",
		"services/payments/Dockerfile":    "FROM scratch\n",
		"services/payments/cmd/x/main.go": "package main\n\nfunc main() {}\n",
		"web/Dockerfile":                  "FROM node\n",
		"compose.yaml":                    "services:\n  cart:\n    build: ./cart\n  redis:\n    image: redis:7\n",
		"internal/lib/lib.go":             "package lib\n",
	}, repo.Options{})
	want := "cart(compose-build,cart) orders(go-main,cmd/orders) payments(go-main,services/payments) web(dockerfile,web)"
	if got := names(r); got != want {
		t.Errorf("services:\n got %s\nwant %s", got, want)
	}
	if m := r.Service("payments").Module; m == nil || m.Dir != "services/payments" {
		t.Errorf("payments module: %+v", m)
	}
	if m := r.Service("orders").Module; m == nil || m.Dir != "." {
		t.Errorf("orders module: %+v", m)
	}
	if s := r.ServiceOfPath("services/payments/internal/x.go"); s == nil || s.Name != "payments" {
		t.Errorf("ServiceOfPath: %v", s)
	}
	if s := r.ServiceOfImage("ghcr.io/acme/orders:1.2.3"); s == nil || s.Name != "orders" {
		t.Errorf("ServiceOfImage: %v", s)
	}
}

func TestSingleServiceRepository(t *testing.T) {
	r := load(t, map[string]string{
		"go.mod":     "module github.com/acme/billing\n\ngo 1.22\n",
		"main.go":    "package main\n\nfunc main() {}\n",
		"Dockerfile": "FROM scratch\n",
	}, repo.Options{})
	if got := names(r); got != "billing(go-main,.)" {
		t.Errorf("services: %s", got)
	}
}

func TestServiceMapReplacesDetection(t *testing.T) {
	r := load(t, map[string]string{
		"cmd/orders/main.go": "package main\n\nfunc main() {}\n",
	}, repo.Options{Services: []repo.ServiceSpec{{Name: "checkout", Paths: []string{"src/checkout/**"}, Images: []string{"ghcr.io/acme/checkout"}}}})
	if got := names(r); got != "checkout(config,src/checkout)" {
		t.Errorf("services: %s", got)
	}
}

func TestServicesFromWorkloadsInGitOpsRepository(t *testing.T) {
	r := load(t, map[string]string{
		"apps/orders.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: orders}\nspec:\n  template:\n    spec:\n      containers: [{name: o, image: ghcr.io/acme/orders:1.2.0}]\n",
		"apps/cron.yaml":   "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: report}\nspec: {jobTemplate: {spec: {template: {spec: {containers: [{name: r, image: r:1}]}}}}}\n",
		"argocd/orders.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: orders-prod}\n" +
			"spec:\n  source: {repoURL: x, path: apps/orders, targetRevision: HEAD}\n",
	}, repo.Options{})
	if got := names(r); got != "orders(workload,)" {
		t.Fatalf("services: %s", got)
	}
	s := r.Service("orders")
	if len(s.Workloads) != 1 || len(s.Apps) != 1 || len(s.Images) != 1 || s.Images[0] != "ghcr.io/acme/orders" {
		t.Errorf("links: %d workloads, %d apps, images %v", len(s.Workloads), len(s.Apps), s.Images)
	}
}

func TestDeployArtifactsLinkedToServices(t *testing.T) {
	r := load(t, map[string]string{
		"services/orders/Dockerfile":            "FROM scratch\n",
		"deploy/k8s/api.yaml":                   "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: orders-api}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: ghcr.io/acme/orders:2}]\n",
		"deploy/charts/orders/Chart.yaml":       "apiVersion: v2\nname: orders\nversion: 1.0.0\n",
		"deploy/charts/orders/templates/d.yaml": "kind: {{ .Values.kind }}\n",
		"deploy/charts/shop/Chart.yaml":         "apiVersion: v2\nname: shop\nversion: 1.0.0\ndependencies: [{name: orders, version: 1.0.0, repository: 'file://../orders'}]\n",
		"deploy/redis.yaml":                     "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: redis}\nspec:\n  template:\n    spec:\n      containers: [{name: r, image: redis:7}]\n",
	}, repo.Options{})
	s := r.Service("orders")
	if got := names(r); got != "orders(dockerfile,services/orders)" {
		t.Fatalf("services: %s (a third-party workload must not become a service)", got)
	}
	if len(s.Workloads) != 1 || s.Workloads[0].Name.Value != "orders-api" || len(s.Charts) != 1 {
		t.Errorf("links: %d workloads, %d charts", len(s.Workloads), len(s.Charts))
	}
	if len(r.Charts) != 2 || !r.Charts[1].IsUmbrella() || len(r.Charts[0].Templates) != 1 {
		t.Errorf("charts assembled wrongly")
	}
	if len(r.Problems) != 0 {
		t.Errorf("templates must not be reported: %v", r.Problems)
	}
}

func TestFluxObjectsInKustomizationFile(t *testing.T) {
	r := load(t, map[string]string{
		"clusters/prod/kustomization.yaml": "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps}\nspec: {path: ./apps}\n",
		"apps/kustomization.yaml":          "resources: [orders.yaml]\n",
	}, repo.Options{})
	if len(r.Flux) != 1 || r.Flux[0].Path.Value != "./apps" || len(r.Kustomizations) != 1 || r.Kustomizations[0].Dir != "apps" {
		t.Fatalf("flux %d, kustomizations %d", len(r.Flux), len(r.Kustomizations))
	}
}

func TestExampleModel(t *testing.T) {
	r, err := repo.LoadDir(context.Background(), "../../testdata/examples/ivory-jenga", repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Problems) != 0 {
		t.Errorf("problems: %v", r.Problems)
	}
	if len(r.Services) != 12 || len(r.Charts) != 13 || len(r.ArgoApps) != 13 || len(r.Kustomizations) != 1 || len(r.Workflows) != 2 {
		t.Fatalf("model: %d services, %d charts, %d apps, %d kustomizations, %d workflows",
			len(r.Services), len(r.Charts), len(r.ArgoApps), len(r.Kustomizations), len(r.Workflows))
	}
	for _, s := range r.Services {
		if len(s.Workloads) != 1 || len(s.Charts) != 1 || len(s.Apps) != 1 || len(s.Mains) != 1 || s.Module == nil {
			t.Errorf("%s: %d workloads, %d charts, %d apps, %d mains, module %v", s.Name, len(s.Workloads), len(s.Charts), len(s.Apps), len(s.Mains), s.Module != nil)
		}
	}
}
