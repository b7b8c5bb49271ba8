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
