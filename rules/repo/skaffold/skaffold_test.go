package skaffold

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func parseString(t *testing.T, text string) ([]*Config, []source.Problem) {
	t.Helper()
	docs, problems := source.ParseYAML("skaffold.yaml", []byte(text), source.DefaultLimits)
	if len(problems) > 0 {
		t.Fatalf("fixture does not parse: %v", problems)
	}
	return Parse("skaffold.yaml", docs)
}

func at(s source.String) string {
	return fmt.Sprintf("%d:%d %s", s.Pos.Line, s.Pos.Col, s.Value)
}

func pos(p source.Pos) string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

func render(c *Config) []string {
	out := []string{fmt.Sprintf("config %d %s", c.Doc, pos(c.Pos)), "name " + at(c.Name)}
	for _, s := range c.Requires {
		out = append(out, "requires "+at(s))
	}
	for _, s := range c.RequirePaths {
		out = append(out, "requires path "+at(s))
	}
	for _, a := range c.Artifacts {
		out = append(out, "artifact "+pos(a.Pos)+" "+at(a.Image)+" | "+at(a.Context)+" | "+at(a.Dockerfile))
	}
	out = append(out, "tagPolicy "+at(c.TagPolicy)+" | "+at(c.TagTemplate))
	for _, s := range c.Deployers {
		out = append(out, "deployer "+at(s))
	}
	for _, s := range c.RawManifests {
		out = append(out, "manifest "+at(s))
	}
	for _, s := range c.KustomizePaths {
		out = append(out, "kustomize "+at(s))
	}
	for _, h := range c.HelmReleases {
		out = append(out, "release "+pos(h.Pos)+" "+at(h.Name)+" | "+at(h.ChartPath)+" | "+at(h.RemoteChart))
		for _, kv := range h.SetValueTemplates {
			out = append(out, "  set "+at(kv.Key)+" = "+at(kv.Value))
		}
	}
	for _, p := range c.Profiles {
		out = append(out, "profile "+pos(p.Pos)+" "+at(p.Name))
	}
	return out
}

const fixture = `apiVersion: skaffold/v4beta11
kind: Config
metadata:
  name: shop
requires:
  - configs: [cart, "checkout"]
    path: ./services/skaffold.yaml
  - path: ../infra/skaffold.yaml
build:
  tagPolicy:
    envTemplate:
      template: "{{.VERSION}}"
  artifacts:
    - image: cart
      context: src/cart
      docker:
        dockerfile: Dockerfile.prod
    - image: checkout
      ko: {}
manifests:
  rawYaml:
    - k8s/*.yaml
  kustomize:
    paths: [overlays/prod]
  helm:
    releases:
      - name: cart
        chartPath: charts/cart
        setValueTemplates:
          image.repository: "{{.IMAGE_REPO_cart}}"
          image:
            tag: "{{.IMAGE_TAG_cart}}"
deploy:
  kubectl: {}
  statusCheck: true
  helm: {}
profiles:
  - name: dev
    build:
      tagPolicy:
        sha256: {}
---
apiVersion: v1
kind: ConfigMap
---
apiVersion: skaffold/v2beta29
kind: Config
build:
  tagPolicy:
    gitCommit: {}
  artifacts:
    - image: legacy
deploy:
  kubectl:
    manifests: [k8s/legacy.yaml]
  kustomize:
    paths:
      - kustomize/base
  helm:
    releases:
      - name: redis
        remoteChart: bitnami/redis
`

func TestParse(t *testing.T) {
	configs, problems := parseString(t, fixture)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	want := [][]string{{
		"config 0 1:1",
		"name 4:9 shop",
		"requires 6:15 cart", "requires 6:21 checkout",
		"requires path 7:11 ./services/skaffold.yaml", "requires path 8:11 ../infra/skaffold.yaml",
		"artifact 14:7 14:14 cart | 15:16 src/cart | 17:21 Dockerfile.prod",
		"artifact 18:7 18:14 checkout | 0:0  | 0:0 ",
		"tagPolicy 11:5 envTemplate | 12:17 {{.VERSION}}",
		"deployer 34:3 kubectl", "deployer 36:3 helm",
		"manifest 22:7 k8s/*.yaml",
		"kustomize 24:13 overlays/prod",
		"release 27:9 27:15 cart | 28:20 charts/cart | 0:0 ",
		"  set 30:11 image.repository = 30:29 {{.IMAGE_REPO_cart}}",
		"  set 32:13 image.tag = 32:18 {{.IMAGE_TAG_cart}}",
		"profile 38:5 38:11 dev",
	}, {
		"config 2 46:1",
		"name 0:0 ",
		"artifact 52:7 52:14 legacy | 0:0  | 0:0 ",
		"tagPolicy 50:5 gitCommit | 0:0 ",
		"deployer 54:3 kubectl", "deployer 56:3 kustomize", "deployer 59:3 helm",
		"manifest 55:17 k8s/legacy.yaml",
		"kustomize 58:9 kustomize/base",
		"release 61:9 61:15 redis | 0:0  | 62:22 bitnami/redis",
	}}
	if len(configs) != len(want) {
		t.Fatalf("got %d configs, want %d", len(configs), len(want))
	}
	for i, c := range configs {
		if got := render(c); !slices.Equal(got, want[i]) {
			t.Errorf("config %d:\ngot  %s\nwant %s", i, strings.Join(got, "\n     "), strings.Join(want[i], "\n     "))
		}
		if c.Path != "skaffold.yaml" {
			t.Errorf("config %d: Path = %q", i, c.Path)
		}
	}
}

func TestParseProblems(t *testing.T) {
	const head = "apiVersion: skaffold/v4beta11\nkind: Config\n"
	tests := []struct {
		name, text string
		want       []string
	}{
		{"build is a sequence", head + "build: []\n", []string{"skaffold.yaml:3:8: invalid content: build: expected a mapping, got a sequence"}},
		{"artifacts is a mapping", head + "build:\n  artifacts: {image: x}\n", []string{"skaffold.yaml:4:14: invalid content: build.artifacts: expected a sequence, got a mapping"}},
		{"artifact is a scalar", head + "build:\n  artifacts: [x]\n", []string{"skaffold.yaml:4:15: invalid content: build.artifacts: expected a mapping, got a scalar"}},
		{"image is a sequence", head + "build:\n  artifacts:\n    - image: [x]\n", []string{"skaffold.yaml:5:14: invalid content: build.artifacts[0].image: expected a scalar, got a sequence"}},
		{"rawYaml is a mapping", head + "manifests:\n  rawYaml: {a: b}\n", []string{"skaffold.yaml:4:12: invalid content: manifests.rawYaml: expected a sequence, got a mapping"}},
		{"kubectl is a scalar", head + "deploy:\n  kubectl: yes\n", []string{"skaffold.yaml:4:12: invalid content: deploy.kubectl: expected a mapping, got a scalar"}},
		{"profile without a name", head + "profiles:\n  - build: {}\n", []string{"skaffold.yaml:4:5: invalid content: profiles[0]: a profile needs a name"}},
		{"requires configs is a mapping", head + "requires:\n  - configs: {a: b}\n", []string{"skaffold.yaml:4:14: invalid content: requires[0].configs: expected a sequence, got a mapping"}},
		{"setValueTemplates value is a sequence", head + "deploy:\n  helm:\n    releases:\n      - name: a\n        setValueTemplates:\n          x: [1]\n",
			[]string{"skaffold.yaml:8:14: invalid content: deploy.helm.releases[0].setValueTemplates.x: expected a scalar, got a sequence"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			configs, problems := parseString(t, tt.text)
			got := sourcetest.Errors(problems)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if len(configs) != 1 {
				t.Errorf("got %d configs, want 1 despite the problem", len(configs))
			}
		})
	}
}

func TestParseSkipsOtherDocuments(t *testing.T) {
	configs, problems := parseString(t, "apiVersion: apps/v1\nkind: Deployment\n---\n- a\n---\n")
	if len(configs) != 0 || len(problems) != 0 {
		t.Errorf("got %d configs, problems %v", len(configs), problems)
	}
}

func TestIsSkaffoldFile(t *testing.T) {
	for p, want := range map[string]bool{
		"skaffold.yaml": true, "skaffold.yml": true, "deploy/skaffold-dev.yaml": true,
		"skaffold.prod.yaml": true, "Skaffold.yaml": true,
		"skaffolding.yaml": false, "skaffold.json": false, "my-skaffold.yaml": false,
	} {
		if got := IsSkaffoldFile(p); got != want {
			t.Errorf("IsSkaffoldFile(%q) = %v", p, got)
		}
	}
}
