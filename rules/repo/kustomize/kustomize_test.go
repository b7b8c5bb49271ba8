package kustomize

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func parse(t *testing.T, data string) (*Kustomization, []source.Problem) {
	t.Helper()
	docs, problems := source.ParseYAML("deploy/k8s/kustomization.yaml", []byte(data), source.DefaultLimits)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return Parse("deploy/k8s/kustomization.yaml", docs)
}

func at(s source.String) string { return fmt.Sprintf("%s@%d:%d", s.Value, s.Pos.Line, s.Pos.Col) }

func TestParse(t *testing.T) {
	k, problems := parse(t, `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
resources:
  - orders.yaml
  - ../base
  - https://github.com/acme/x//deploy?ref=v1
  - ../../../../outside
components: [../components/tracing]
patches:
  - path: patch.yaml
images:
  - name: ghcr.io/acme/orders
    newTag: "1.4.2"
  - name: ghcr.io/acme/cart
    newName: registry.local/cart
    digest: sha256:abc
helmCharts:
  - name: redis
    version: 18.1.0
    repo: https://charts.bitnami.com/bitnami
`)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	got := []string{
		at(k.Kind), at(k.Namespace), at(k.Resources[1]), at(k.Components[0]), at(k.Patches[0]),
		at(k.Images[0].Name), at(k.Images[0].NewTag), fmt.Sprint(k.Images[1].Pos), at(k.Images[1].Digest),
		at(k.HelmCharts[0].Version), strings.Join(k.ResolvedResources(), ","),
	}
	want := []string{
		"Kustomization@2:7", "shop@3:12", "../base@6:5", "../components/tracing@9:14", "patch.yaml@11:11",
		"ghcr.io/acme/orders@13:11", "1.4.2@14:13", "deploy/k8s/kustomization.yaml:15:5", "sha256:abc@17:13",
		"18.1.0@20:14", "deploy/k8s/orders.yaml,deploy/base,deploy/components/tracing",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !IsKustomizationFile("a/kustomization.yml") || IsKustomizationFile("a/kustomize.yaml") {
		t.Error("IsKustomizationFile")
	}
}

func TestProblems(t *testing.T) {
	_, problems := parse(t, "resources: orders.yaml\nimages: [ghcr.io/x]\n")
	got := sourcetest.Errors(problems)
	want := "deploy/k8s/kustomization.yaml:1:12: invalid content: resources must be a list, not a scalar\n" +
		"deploy/k8s/kustomization.yaml:2:10: invalid content: images entries must be mappings, not a scalar"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s", strings.Join(got, "\n"))
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("resources: [a.yaml]\nimages: [{name: x, newTag: '1'}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _ := source.ParseYAML("k.yaml", data, source.Limits{MaxBytes: 1 << 16, MaxDepth: 64, MaxNodes: 1 << 14, MaxDocuments: 4})
		k, problems := Parse("k.yaml", docs)
		sourcetest.CheckPositions(t, "k.yaml", k)
		sourcetest.CheckPositions(t, "k.yaml", problems)
		if k != nil {
			k.ResolvedResources()
		}
	})
}
