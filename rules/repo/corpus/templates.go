package corpus

import (
	"fmt"
	"strings"
)

func workflow(name string) string {
	return fmt.Sprintf(`name: %[1]s
on:
  push:
    branches: [main]
    paths: ["services/%[1]s/**", "deploy/%[1]s/**"]
  pull_request:
    paths: ["services/%[1]s/**"]
permissions:
  contents: read
concurrency:
  group: %[1]s-${{ github.ref }}
  cancel-in-progress: true
jobs:
  test:
    name: %[1]s / test
    runs-on: ubuntu-latest
    strategy:
      matrix:
        go: ["1.22", "1.23"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: ${{ matrix.go }}
      - run: |
          cd services/%[1]s
          go vet ./...
          go test -race ./...
  lint:
    name: %[1]s / lint
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: golangci/golangci-lint-action@v6
        with:
          working-directory: services/%[1]s
  build:
    needs: [test, lint]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: services/%[1]s
          push: ${{ github.event_name == 'push' }}
          tags: ghcr.io/acme/%[1]s:${{ github.sha }}
  deploy:
    if: github.event_name == 'push'
    needs: build
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - run: |
          kubectl apply -k deploy/%[1]s/overlays/production
          kubectl rollout status deployment/%[1]s -n shop --timeout=5m
`, name)
}

func releaseTrain(names []string) string {
	var b strings.Builder
	b.WriteString("name: release-train\non:\n  schedule:\n    - cron: \"0 6 1,15 * *\"\n  workflow_dispatch: {}\njobs:\n")
	var needs []string
	for _, n := range names {
		fmt.Fprintf(&b, "  build-%[1]s:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t ghcr.io/acme/%[1]s:${{ env.TAG }} services/%[1]s\n", n)
		needs = append(needs, "build-"+n)
	}
	fmt.Fprintf(&b, "  deploy:\n    needs: [%s]\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: helm upgrade --install platform deploy/charts/platform\n", strings.Join(needs, ", "))
	return b.String()
}

func gitlabCI(names []string) string {
	var b strings.Builder
	b.WriteString("stages: [test, build, deploy]\n\n.go:\n  image: golang:1.22\n  before_script:\n    - go version\n\n")
	for _, n := range names {
		fmt.Fprintf(&b, "test-%[1]s:\n  extends: .go\n  stage: test\n  script:\n    - cd services/%[1]s && go test ./...\n  rules:\n    - changes: [\"services/%[1]s/**\"]\n\n", n)
	}
	return b.String()
}

func gomod(name string, flagged bool) string {
	if !flagged {
		return fmt.Sprintf("module example.com/mono/services/%s\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\texample.com/mono/libs/shared v0.0.0\n)\n\nreplace example.com/mono/libs/shared => ../../libs/shared\n", name)
	}
	return fmt.Sprintf("module example.com/mono/services/%s\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\texample.com/mono/libs/flags v0.0.0\n\texample.com/mono/libs/shared v0.0.0\n)\n\nreplace (\n\texample.com/mono/libs/flags => ../../libs/flags\n\texample.com/mono/libs/shared => ../../libs/shared\n)\n", name)
}

func mainGo(name string, deps []string, flagged bool) string {
	var env strings.Builder
	for _, d := range deps {
		fmt.Fprintf(&env, "\t%sURL := os.Getenv(%q)\n\t_ = %sURL\n", ident(d), strings.ToUpper(d)+"_URL", ident(d))
	}
	imports, guarded := "", ""
	if flagged {
		imports = "\t\"context\"\n"
		guarded = fmt.Sprintf("\t// The v2 API ships dark until its flag is switched on.\n\tif flags.Bool(context.Background(), %q, false) {\n\t\tmux.Handle(\"/api/v2/\", handler.New())\n\t}\n", name+"-api-v2")
	}
	localImports := fmt.Sprintf("\t\"example.com/mono/services/%s/internal/handler\"\n", name)
	if flagged {
		localImports = "\t\"example.com/mono/libs/flags\"\n" + localImports
	}
	return fmt.Sprintf(`package main

import (
%[3]s	"log"
	"net/http"
	"os"

%[4]s)

func main() {
%[2]s	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.Handle("/api/", handler.New())
%[5]s	log.Fatal(http.ListenAndServe(":8080", mux))
}
`, name, env.String(), imports, localImports, guarded)
}

// flagsGo is the in-house flag package the flagged services share.
const flagsGo = `// Package flags evaluates the monorepo's feature flags.
package flags

import "context"

// Bool serves the boolean flag key, or def when it cannot be evaluated.
func Bool(ctx context.Context, key string, def bool) bool {
	_, _ = ctx, key
	return def
}
`

// lockstepConfig declares libs/flags an in-house flag package.
const lockstepConfig = `version: 1
flags:
  packages:
    - path: example.com/mono/libs/flags
      calls: [Bool]
      key: 1
      default: 2
`

func ident(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, s)
}

func handlerGo(name string) string {
	return fmt.Sprintf(`package handler

import (
	"encoding/json"
	"net/http"
)

// New serves the %[1]s API.
func New() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]string{"service": %[1]q, "path": r.URL.Path})
	})
}
`, name)
}

func dockerfile(name string) string {
	return fmt.Sprintf("FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/%[1]s .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/%[1]s /%[1]s\nENTRYPOINT [\"/%[1]s\"]\n", name)
}

func deployment(name, version string, deps []string, initWait bool) string {
	var env strings.Builder
	for _, d := range deps {
		fmt.Fprintf(&env, "            - name: %s_URL\n              value: http://%s.shop.svc.cluster.local:8080\n", strings.ToUpper(d), d)
	}
	init := ""
	if initWait && len(deps) > 0 {
		init = fmt.Sprintf("      initContainers:\n        - name: wait-for-%[1]s\n          image: busybox:1.36\n          command: [\"sh\", \"-c\", \"until nc -z %[1]s 8080; do sleep 2; done\"]\n", deps[0])
	}
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[1]s
  namespace: shop
  labels:
    app.kubernetes.io/name: %[1]s
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: %[1]s
  template:
    metadata:
      labels:
        app.kubernetes.io/name: %[1]s
    spec:
%[4]s      containers:
        - name: %[1]s
          image: ghcr.io/acme/%[1]s:%[2]s
          ports:
            - name: http
              containerPort: 8080
          env:
%[3]s          readinessProbe:
            httpGet:
              path: /healthz
              port: http
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
`, name, version, env.String(), init)
}

func service(name string) string {
	return fmt.Sprintf("apiVersion: v1\nkind: Service\nmetadata:\n  name: %[1]s\n  namespace: shop\nspec:\n  selector:\n    app.kubernetes.io/name: %[1]s\n  ports:\n    - name: http\n      port: 8080\n      targetPort: http\n", name)
}

func overlay(name, version string) string {
	return fmt.Sprintf("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - ../../base\nimages:\n  - name: ghcr.io/acme/%s\n    newTag: \"%s\"\n", name, version)
}

func chart(name, version string) string {
	return fmt.Sprintf("apiVersion: v2\nname: %s\ntype: application\nversion: %s\nappVersion: \"%s\"\n", name, version, version)
}

func values(name, version string) string {
	return fmt.Sprintf("replicaCount: 3\nimage:\n  repository: ghcr.io/acme/%s\n  tag: \"%s\"\nservice:\n  port: 8080\n", name, version)
}

const chartTemplate = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Chart.Name }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
`

func argoApp(name string) string {
	return fmt.Sprintf(`apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: %[1]s
  namespace: argocd
spec:
  project: shop
  source:
    repoURL: https://github.com/acme/mono.git
    path: deploy/%[1]s/overlays/production
    targetRevision: HEAD
  destination:
    server: https://kubernetes.default.svc
    namespace: shop
  syncPolicy:
    automated:
      prune: true
      selfHeal: true
`, name)
}

func compose(names []string) string {
	var b strings.Builder
	b.WriteString("services:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %[1]s:\n    build: ./services/%[1]s\n    environment:\n      - PORT=8080\n", n)
	}
	return b.String()
}

func umbrella(names []string) string {
	var b strings.Builder
	b.WriteString("apiVersion: v2\nname: platform\nversion: 2024.11.0\ndependencies:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  - name: %[1]s\n    version: 2024.11.0\n    repository: file://../%[1]s\n", n)
	}
	return b.String()
}

func skaffold(names []string) string {
	var b strings.Builder
	b.WriteString("apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "    - image: ghcr.io/acme/%[1]s\n      context: services/%[1]s\n", n)
	}
	b.WriteString("manifests:\n  rawYaml:\n    - deploy/*/base/*.yaml\n")
	return b.String()
}
