package fakegithub

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/corpus"
)

// Files returns the repository's files at its head commit, by slash path.
// They are made anew on each call (they are not kept, to keep 1,000
// repositories small); the same Repo always gives the same files. A Huge
// repository's filler is not included: it is streamed into the tarball
// only (see FillerFiles).
func (r *Repo) Files() map[string]string {
	rng := rand.New(rand.NewPCG(r.seed, 0x636f6e74656e74))
	files := map[string]string{}
	switch r.Kind {
	case Empty:
		return files
	case BigBang:
		// corpus gives each service three dependencies among the others,
		// so it needs four services at least.
		n := 4 + rng.IntN(5)
		for p, c := range corpus.Generate(corpus.Options{Services: n, Seed: int64(r.seed >> 1)}) {
			files[p] = c
		}
	case Coupled:
		coupled(files, r, rng)
	case Library:
		library(files, r)
	default:
		service(files, r, rng)
	}
	switch r.Kind {
	case SettingsFile:
		files[".github/settings.yml"] = settingsYAML(r)
	case InvalidYAML:
		breakYAML(files, rng)
	}
	files["README.md"] = readme(r)
	return files
}

func readme(r *Repo) string {
	s := fmt.Sprintf("# %s\n\nOwned by the %s organization.\n", r.Name, r.Owner)
	for i := 1; i <= r.Revision; i++ {
		s += fmt.Sprintf("\nRevision %d.\n", i)
	}
	return s
}

// service is one deployable Go service with its own pipeline: tests and
// lint on every pull request, deploy of this service alone on push.
func service(files map[string]string, r *Repo, rng *rand.Rand) {
	name := r.Name
	module := "github.com/" + r.Owner + "/" + r.Name
	flags := rng.IntN(2) == 0
	files[".github/workflows/deploy.yml"] = serviceWorkflow(name, r.Owner, r.DefaultBranch)
	files[".github/CODEOWNERS"] = "* @" + r.Owner + "/" + strings.SplitN(name, "-", 2)[0] + "-team\n"
	files["go.mod"] = serviceGoMod(module, flags)
	files["main.go"] = serviceMain(module, name, flags)
	files["internal/handler/handler.go"] = handlerGo
	files["internal/handler/handler_test.go"] = handlerTestGo
	files["Dockerfile"] = fmt.Sprintf("FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/%[1]s .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/%[1]s /%[1]s\nENTRYPOINT [\"/%[1]s\"]\n", name)
	files["deploy/base/deployment.yaml"] = fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[1]s
  labels:
    app.kubernetes.io/name: %[1]s
spec:
  replicas: %[3]d
  selector:
    matchLabels:
      app.kubernetes.io/name: %[1]s
  template:
    metadata:
      labels:
        app.kubernetes.io/name: %[1]s
    spec:
      containers:
        - name: %[1]s
          image: ghcr.io/%[2]s/%[1]s
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
`, name, r.Owner, 2+rng.IntN(3))
	files["deploy/base/service.yaml"] = fmt.Sprintf("apiVersion: v1\nkind: Service\nmetadata:\n  name: %[1]s\nspec:\n  selector:\n    app.kubernetes.io/name: %[1]s\n  ports:\n    - name: http\n      port: 8080\n      targetPort: http\n", name)
	files["deploy/base/kustomization.yaml"] = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - service.yaml\n"
	files["deploy/overlays/production/kustomization.yaml"] = fmt.Sprintf("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: %[1]s\nresources:\n  - ../../base\nimages:\n  - name: ghcr.io/%[2]s/%[1]s\n    newTag: main\n", name, r.Owner)
	if flags {
		files["flags/flags.flagd.json"] = `{
  "$schema": "https://flagd.dev/schema/v0/flags.json",
  "flags": {
    "new-checkout-flow": {
      "state": "ENABLED",
      "variants": {"on": true, "off": false},
      "defaultVariant": "off"
    }
  }
}
`
	}
}

func serviceWorkflow(name, owner, branch string) string {
	return fmt.Sprintf(`name: deploy

on:
  push:
    branches: [%[3]s]
  pull_request:

permissions:
  contents: read

concurrency:
  group: deploy-${{ github.ref }}
  cancel-in-progress: ${{ github.event_name == 'pull_request' }}

env:
  IMAGE: ghcr.io/%[2]s/%[1]s

jobs:
  test:
    name: test
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version-file: go.mod
      - run: go vet ./...
      - run: go test -race ./...

  lint:
    name: lint
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: golangci/golangci-lint-action@v6
        with:
          version: v1.62.2

  build:
    needs: [test, lint]
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          push: ${{ github.event_name == 'push' }}
          tags: ${{ env.IMAGE }}:${{ github.sha }}

  deploy:
    needs: build
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    environment: production
    concurrency:
      group: deploy-%[1]s-production
      cancel-in-progress: false
    steps:
      - uses: actions/checkout@v4
      - run: |
          cd deploy/overlays/production
          kustomize edit set image ghcr.io/%[2]s/%[1]s=${{ env.IMAGE }}:${{ github.sha }}
          kubectl apply -k .
          kubectl rollout status deployment/%[1]s --timeout=5m
`, name, owner, branch)
}

func serviceGoMod(module string, flags bool) string {
	s := "module " + module + "\n\ngo 1.22\n"
	if flags {
		s += "\nrequire github.com/open-feature/go-sdk v1.13.0\n"
	}
	return s
}

func serviceMain(module, name string, flags bool) string {
	if !flags {
		return fmt.Sprintf(`// Command %[2]s serves the %[2]s API.
package main

import (
	"log"
	"net/http"

	"%[1]s/internal/handler"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.Handle("GET /v1/items", handler.New())
	log.Fatal(http.ListenAndServe(":8080", mux))
}
`, module, name)
	}
	return fmt.Sprintf(`// Command %[2]s serves the %[2]s API.
package main

import (
	"log"
	"net/http"

	"github.com/open-feature/go-sdk/openfeature"

	"%[1]s/internal/handler"
)

func main() {
	flags := openfeature.NewClient(%[2]q)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.Handle("GET /v1/items", handler.New())
	mux.HandleFunc("POST /v1/checkout", func(w http.ResponseWriter, r *http.Request) {
		on, err := flags.BooleanValue(r.Context(), "new-checkout-flow", false, openfeature.EvaluationContext{})
		if err != nil || !on {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
	log.Fatal(http.ListenAndServe(":8080", mux))
}
`, module, name)
}

const handlerGo = `// Package handler serves the service's API.
package handler

import (
	"encoding/json"
	"net/http"
)

// New returns the API handler.
func New() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode([]string{})
	})
}
`

const handlerTestGo = `package handler

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestItems(t *testing.T) {
	rec := httptest.NewRecorder()
	New().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/items", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
}
`

// coupled is a few services that each replace the repository's shared
// module with a relative path: one change to it ships to all at once.
func coupled(files map[string]string, r *Repo, rng *rand.Rand) {
	base := "github.com/" + r.Owner + "/" + r.Name
	files["libs/platform/go.mod"] = "module " + base + "/libs/platform\n\ngo 1.22\n"
	files["libs/platform/platform.go"] = "// Package platform is shared by every service of the suite.\npackage platform\n\n// Version is the suite's platform version.\nconst Version = \"1\"\n"
	for _, svc := range corpus.Names(2 + rng.IntN(3)) {
		dir := "services/" + svc
		files[dir+"/go.mod"] = fmt.Sprintf("module %[1]s/services/%[2]s\n\ngo 1.22\n\nrequire %[1]s/libs/platform v0.0.0\n\nreplace %[1]s/libs/platform => ../../libs/platform\n", base, svc)
		files[dir+"/main.go"] = fmt.Sprintf("// Command %[2]s is one service of the suite.\npackage main\n\nimport (\n\t\"fmt\"\n\n\t\"%[1]s/libs/platform\"\n)\n\nfunc main() { fmt.Println(%[2]q, platform.Version) }\n", base, svc)
		files[dir+"/Dockerfile"] = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app ./services/" + svc + "\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n"
		files[".github/workflows/"+svc+".yml"] = strings.ReplaceAll(strings.ReplaceAll(serviceWorkflow(svc, r.Owner, r.DefaultBranch),
			"go-version-file: go.mod", "go-version-file: services/"+svc+"/go.mod"),
			"cd deploy/overlays/production", "cd deploy/"+svc+"/overlays/production")
		files["deploy/"+svc+"/base/kustomization.yaml"] = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n"
		files["deploy/"+svc+"/base/deployment.yaml"] = fmt.Sprintf("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %[1]s\nspec:\n  template:\n    spec:\n      containers:\n        - name: %[1]s\n          image: ghcr.io/%[2]s/%[1]s\n", svc, r.Owner)
		files["deploy/"+svc+"/overlays/production/kustomization.yaml"] = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\n"
	}
}

// library is a Go library: CI runs its tests, nothing is deployed.
func library(files map[string]string, r *Repo) {
	pkg := strings.ReplaceAll(strings.TrimPrefix(r.Name, "go-"), "-", "")
	pkg = strings.TrimRight(pkg, "0123456789")
	files["go.mod"] = "module github.com/" + r.Owner + "/" + r.Name + "\n\ngo 1.22\n"
	files[pkg+".go"] = fmt.Sprintf("// Package %[1]s holds helpers shared by services.\npackage %[1]s\n\n// Double returns twice n.\nfunc Double(n int) int { return 2 * n }\n", pkg)
	files[pkg+"_test.go"] = fmt.Sprintf("package %[1]s\n\nimport \"testing\"\n\nfunc TestDouble(t *testing.T) {\n\tif Double(2) != 4 {\n\t\tt.Fatal(\"Double(2) != 4\")\n\t}\n}\n", pkg)
	files[".github/workflows/ci.yml"] = fmt.Sprintf("name: ci\non:\n  push:\n    branches: [%s]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with:\n          go-version-file: go.mod\n      - run: go test -race ./...\n", r.DefaultBranch)
}

// breakYAML damages the workflow (or a manifest) so that it does not
// parse.
func breakYAML(files map[string]string, rng *rand.Rand) {
	const wf = ".github/workflows/deploy.yml"
	if rng.IntN(2) == 0 {
		files[wf] = strings.Replace(files[wf], "    branches: [main]", "    branches: [main", 1)
		files[wf] = strings.Replace(files[wf], "    branches: [master]", "    branches: [master", 1)
		files[wf] = strings.Replace(files[wf], "    branches: [trunk]", "    branches: [trunk", 1)
		return
	}
	files[wf] = strings.Replace(files[wf], "    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n\t  timeout-minutes: 10\n", 1)
	files["deploy/base/service.yaml"] += "  type: ClusterIP\n    externalTrafficPolicy: Local\n"
}

// FillerFiles is how many filler files a Huge repository's tarball holds,
// and the size of each.
func (r *Repo) FillerFiles() (count int, size int64) {
	if r.Kind != Huge || r.huge <= 0 {
		return 0, 0
	}
	const each = 4 << 20
	count = int((r.huge + each - 1) / each)
	return count, r.huge / int64(count)
}
