// Package corpus writes synthetic monorepos for benchmarks: N services
// with the CI configs, manifests, charts, GitOps apps and Go modules a real
// platform team's repository holds. The same seed gives the same files.
package corpus

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
)

// Options shape a corpus.
type Options struct {
	Services int
	Seed     int64
}

// Generate returns the corpus as a map from slash path to content.
func Generate(o Options) map[string]string {
	rng := rand.New(rand.NewSource(o.Seed))
	files := map[string]string{}
	names := Names(o.Services)
	for i, name := range names {
		deps := pick(rng, names, name, 3)
		version := fmt.Sprintf("%d.%d.%d", 1+rng.Intn(4), rng.Intn(30), rng.Intn(10))
		files[".github/workflows/"+name+".yml"] = workflow(name)
		// One service in five hides new work behind the in-house flag
		// package, so that the Go-source rules have code to type-check.
		flagged := i%5 == 0
		files["services/"+name+"/go.mod"] = gomod(name, flagged)
		files["services/"+name+"/main.go"] = mainGo(name, deps, flagged)
		files["services/"+name+"/internal/handler/handler.go"] = handlerGo(name)
		files["services/"+name+"/Dockerfile"] = dockerfile(name)
		files["deploy/"+name+"/base/deployment.yaml"] = deployment(name, version, deps, i%5 == 0)
		files["deploy/"+name+"/base/service.yaml"] = service(name)
		files["deploy/"+name+"/base/kustomization.yaml"] = "resources:\n  - deployment.yaml\n  - service.yaml\n"
		files["deploy/"+name+"/overlays/production/kustomization.yaml"] = overlay(name, version)
		files["deploy/charts/"+name+"/Chart.yaml"] = chart(name, version)
		files["deploy/charts/"+name+"/values.yaml"] = values(name, version)
		files["deploy/charts/"+name+"/templates/deployment.yaml"] = chartTemplate
		files["deploy/argocd/"+name+".yaml"] = argoApp(name)
	}
	files[".github/workflows/release-train.yml"] = releaseTrain(names)
	files[".gitlab-ci.yml"] = gitlabCI(names)
	files["docker-compose.yml"] = compose(names)
	files["deploy/charts/platform/Chart.yaml"] = umbrella(names)
	files["skaffold.yaml"] = skaffold(names)
	files["libs/shared/go.mod"] = "module example.com/mono/libs/shared\n\ngo 1.22\n"
	files["libs/shared/shared.go"] = "package shared\n\n// Name is shared.\nconst Name = \"shared\"\n"
	files["libs/flags/go.mod"] = "module example.com/mono/libs/flags\n\ngo 1.22\n"
	files["libs/flags/flags.go"] = flagsGo
	files[".lockstep.yml"] = lockstepConfig
	return files
}

// Write writes the corpus under dir and returns how many bytes it wrote
// (benchmarks report throughput with it).
func Write(dir string, o Options) (int64, error) {
	files := Generate(o)
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var size int64
	for _, p := range paths {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return size, err
		}
		if err := os.WriteFile(full, []byte(files[p]), 0o644); err != nil {
			return size, err
		}
		size += int64(len(files[p]))
	}
	return size, nil
}

var words = []string{"orders", "payments", "catalog", "cart", "users", "search", "pricing", "shipping",
	"inventory", "billing", "ledger", "gateway", "reviews", "ratings", "media", "mailer"}

// Names returns n distinct service names.
func Names(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = words[i%len(words)]
		if i >= len(words) {
			out[i] += fmt.Sprint(i / len(words))
		}
	}
	return out
}

// pick returns up to n names other than self, fewer when there are not
// as many.
func pick(rng *rand.Rand, names []string, self string, n int) []string {
	others := len(names)
	if contains(names, self) {
		others--
	}
	n = min(n, others)
	var out []string
	for len(out) < n {
		c := names[rng.Intn(len(names))]
		if c != self && !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
