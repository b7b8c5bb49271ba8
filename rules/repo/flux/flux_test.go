package flux

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/kube"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

const objects = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec:
  interval: 10m
  path: ./deploy/apps
  sourceRef: {kind: GitRepository, name: shop}
  dependsOn:
    - name: infra
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: orders}
spec:
  chart:
    spec:
      chart: orders
      version: 1.4.x
      sourceRef: {kind: HelmRepository, name: acme}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: shop}
spec:
  ref: {branch: main}
---
apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImagePolicy
metadata: {name: orders}
spec:
  imageRepositoryRef: {name: orders}
  policy:
    semver: {range: ">=1.0.0"}
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [a.yaml]
`

func parse(_ testing.TB, data string) ([]*Resource, []source.Problem) {
	docs, _ := source.ParseYAML("f.yaml", []byte(data), source.DefaultLimits)
	objs, _ := kube.Parse(docs)
	return FromObjects(objs)
}

func at(s source.String) string { return fmt.Sprintf("%s@%d:%d", s.Value, s.Pos.Line, s.Pos.Col) }

func TestFromObjects(t *testing.T) {
	got, problems := parse(t, objects)
	if len(problems) > 0 || len(got) != 4 || got[3].Policy.Value != ">=1.0.0" || got[3].ImageRepositoryRef.Value != "orders" {
		t.Fatalf("%d resources, %v", len(got), problems)
	}
	k, hr, git := got[0], got[1], got[2]
	out := []string{at(k.Path), at(k.SourceRef.Name), at(k.DependsOn[0]), at(k.Interval), at(hr.Chart), at(hr.ChartVersion), at(hr.SourceRef.Name), at(git.GitRef.Branch)}
	want := []string{"./deploy/apps@6:9", "shop@7:42", "infra@9:13", "10m@5:13", "orders@17:14", "1.4.x@18:16", "acme@19:47", "main@25:17"}
	if strings.Join(out, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(out, "\n"), strings.Join(want, "\n"))
	}
}

func FuzzFromObjects(f *testing.F) {
	f.Add([]byte(objects))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _ := source.ParseYAML("f.yaml", data, source.Limits{MaxBytes: 1 << 16, MaxDepth: 64, MaxNodes: 1 << 14, MaxDocuments: 16})
		objs, _ := kube.Parse(docs)
		got, problems := FromObjects(objs)
		sourcetest.CheckPositions(t, "f.yaml", got)
		sourcetest.CheckPositions(t, "f.yaml", problems)
	})
}
