package argocd

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/kube"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

const apps = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: shop
  annotations: {argocd.argoproj.io/sync-wave: "1"}
spec:
  project: default
  source:
    repoURL: https://github.com/acme/shop.git
    path: deploy/argocd/apps
    targetRevision: release-2024.11.2
    helm:
      valueFiles: [values-prod.yaml]
      parameters: [{name: image.tag, value: "1.2.3"}]
  destination: {server: https://kubernetes.default.svc, namespace: argocd}
  syncPolicy:
    automated: {prune: true}
---
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: services}
spec:
  generators:
    - list:
        elements: [{svc: orders}, {svc: cart}]
  template:
    metadata: {name: '{{svc}}'}
    spec:
      source: {repoURL: x, path: 'deploy/{{svc}}', targetRevision: HEAD}
---
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: shop}
spec:
  syncWindows:
    - kind: deny
      schedule: "0 18 * * 5"
      duration: 60h
      applications: ["*"]
`

func parse(_ testing.TB, data string) ([]*Application, []source.Problem) {
	docs, _ := source.ParseYAML("a.yaml", []byte(data), source.DefaultLimits)
	objs, _ := kube.Parse(docs)
	return FromObjects(objs)
}

func at(s source.String) string { return fmt.Sprintf("%s@%d:%d", s.Value, s.Pos.Line, s.Pos.Col) }

func TestFromObjects(t *testing.T) {
	got, problems := parse(t, apps)
	if len(problems) > 0 || len(got) != 3 || got[0].Sources[0].HelmValueFiles[0].Value != "values-prod.yaml" || got[0].Sources[0].HelmParameters[0].Value.Value != "1.2.3" {
		t.Fatalf("%d apps, %v", len(got), problems)
	}
	app, set, proj := got[0], got[1], got[2]
	w := proj.SyncWindows[0]
	out := []string{
		at(app.Name), at(app.Project), at(app.Sources[0].Path), at(app.Sources[0].TargetRevision), at(app.SyncWave),
		fmt.Sprint(app.Automated, app.AutomatedPos), at(app.Destination.Namespace),
		set.Generators[0].Kind, fmt.Sprint(set.Generators[0].Elements), at(set.Template.Sources[0].Path), fmt.Sprint(set.Strategy.Value == ""),
		at(w.Kind), at(w.Schedule), at(w.Applications[0]),
	}
	want := []string{
		"shop@4:9", "default@7:12", "deploy/argocd/apps@10:11", "release-2024.11.2@11:21", "1@5:47",
		"true a.yaml:17:5", "argocd@15:68",
		"list", "2", "deploy/{{svc}}@29:34", "true",
		"deny@36:13", "0 18 * * 5@37:17", "*@39:22",
	}
	if strings.Join(out, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(out, "\n"), strings.Join(want, "\n"))
	}
}

func TestAutomated(t *testing.T) {
	for _, tt := range []struct {
		policy string
		want   bool
	}{
		{"{automated: {}}", true},
		{"{automated: {prune: true}}", true},
		{"{automated: {enabled: false}}", false},
		{"{automated: }", false},
		{"{}", false},
	} {
		got, _ := parse(t, "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec:\n  syncPolicy: "+tt.policy+"\n")
		if got[0].Automated != tt.want {
			t.Errorf("syncPolicy %s: automated = %v, want %v", tt.policy, got[0].Automated, tt.want)
		}
	}
}

func TestProblems(t *testing.T) {
	_, problems := parse(t, "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec: [x]\n")
	if len(problems) != 1 || problems[0].Error() != "a.yaml:4:7: invalid content: spec must be a mapping, not a sequence" {
		t.Fatal(problems)
	}
}

func FuzzFromObjects(f *testing.F) {
	f.Add([]byte(apps))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _ := source.ParseYAML("f.yaml", data, source.Limits{MaxBytes: 1 << 16, MaxDepth: 64, MaxNodes: 1 << 14, MaxDocuments: 16})
		objs, _ := kube.Parse(docs)
		got, problems := FromObjects(objs)
		sourcetest.CheckPositions(t, "f.yaml", got)
		sourcetest.CheckPositions(t, "f.yaml", problems)
	})
}
