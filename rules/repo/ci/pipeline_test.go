package ci

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func load(t *testing.T, files map[string]string) []*Pipeline {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	r, err := repo.Load(context.Background(), fsys, ".", repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range r.Problems {
		t.Fatalf("problem: %v", pr)
	}
	return FromRepo(r)
}

func values(ss []source.String) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Value
	}
	return out
}

func TestGitHubPipeline(t *testing.T) {
	ps := load(t, map[string]string{
		".github/workflows/release.yml": `name: release
on:
  schedule:
    - cron: "0 6 * * 2"
  workflow_dispatch:
  push:
    tags: ["v*"]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t x .
  deploy:
    needs:
      # every build
      - build
    if: github.event_name != 'workflow_dispatch'
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: |
          helm upgrade --install shop ./chart \
            --dry-run
          docker compose up -d
  call:
    uses: ./.github/workflows/ship.yml
`,
		".github/workflows/ship.yml": `on: workflow_call
jobs:
  ship:
    runs-on: ubuntu-latest
    steps:
      - uses: azure/k8s-deploy@v5
`,
	})
	if len(ps) != 2 {
		t.Fatalf("got %d pipelines", len(ps))
	}
	p := ps[0]
	if p.Path != ".github/workflows/release.yml" || p.Platform != GitHub {
		t.Fatalf("pipeline %s %s", p.Platform, p.Path)
	}
	tr := p.Triggers
	if got := values(tr.Schedules); len(got) != 1 || got[0] != "0 6 * * 2" {
		t.Errorf("schedules %v", got)
	}
	if !tr.Manual || len(tr.Push) != 0 || len(tr.PushTags) != 1 || tr.OnMerge() {
		t.Errorf("triggers %+v", tr)
	}
	deploy := p.Job("deploy")
	if deploy.NeedsPos.Line != 14 || deploy.NeedsPos.Col != 5 {
		t.Errorf("needs at %v, want line 14 col 5", deploy.NeedsPos)
	}
	if deploy.Triggers.Manual || !p.Triggers.Manual {
		t.Error("the job's != condition should drop workflow_dispatch from the job only")
	}
	if len(deploy.Commands) != 2 {
		t.Fatalf("commands %+v", deploy.Commands)
	}
	if c := deploy.Commands[0]; c.Activities != Of(DryRun) || c.Text.Pos.Line != 22 {
		t.Errorf("continued helm line: %v at %v", c.Activities, c.Text.Pos)
	}
	if c := deploy.Commands[1]; c.Activities != Of(Compose, Deploy) {
		t.Errorf("compose in an environment job: %v", c.Activities)
	}
	if !deploy.Deploys() || p.Job("build").Deploys() {
		t.Error("deploy should deploy, build should not")
	}
	call := p.Job("call")
	if call.Calls != ps[1] || !call.Deploys() {
		t.Error("the call of the reusable workflow should deploy through it")
	}
}

func TestGitLabPipeline(t *testing.T) {
	ps := load(t, map[string]string{
		".gitlab-ci.yml": `stages: [build, deploy]
build-cart:
  stage: build
  script: [docker build -t cart services/cart]
build-orders:
  stage: build
  script: [docker build -t orders services/orders]
deploy:
  stage: deploy
  environment: production
  script:
    - helm upgrade --install shop ./chart
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
nightly-tests:
  stage: build
  only: [schedules]
  script: [go test ./...]
release:
  stage: deploy
  script: [kubectl apply -f deploy/]
  rules:
    - if: $CI_COMMIT_TAG =~ /^v/
      when: manual
main:
  stage: deploy
  script: [kubectl apply -f deploy/]
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
stop:
  stage: deploy
  environment: {name: production, action: stop}
  script: [echo stop]
`,
	})
	if len(ps) != 1 {
		t.Fatalf("got %d pipelines", len(ps))
	}
	p := ps[0]
	deploy := p.Job("deploy")
	if !deploy.NeedsImplicit || len(deploy.Needs) != 3 || deploy.NeedsPos.Line != 9 {
		t.Errorf("implicit needs %v at %v", values(deploy.Needs), deploy.NeedsPos)
	}
	if !deploy.Triggers.Scheduled() || deploy.Triggers.OnMerge() || !deploy.Deploys() {
		t.Errorf("deploy triggers %+v", deploy.Triggers)
	}
	if tr := p.Job("nightly-tests").Triggers; !tr.Scheduled() || tr.OnMerge() {
		t.Errorf("only: [schedules] triggers %+v", tr)
	}
	release := p.Job("release")
	if !release.Manual || release.ManualPos.Line != 24 || values(release.Triggers.PushTags)[0] != "/^v/" {
		t.Errorf("release manual=%v at %v, tags %v", release.Manual, release.ManualPos, values(release.Triggers.PushTags))
	}
	if got := values(p.Job("main").Triggers.Push); len(got) != 1 || got[0] != "$CI_DEFAULT_BRANCH" {
		t.Errorf("main pushes %v", got)
	}
	if p.Job("stop").Deploys() {
		t.Error("stopping an environment is not a deploy")
	}
	if tr := p.Job("build-cart").Triggers; !tr.OnMerge() {
		t.Errorf("default job triggers %+v", tr)
	}
}

func TestGitLabWorkflowRules(t *testing.T) {
	ps := load(t, map[string]string{
		".gitlab-ci.yml": `workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
    - if: $CI_PIPELINE_SOURCE == "web"
deploy:
  script: [kubectl apply -f deploy/]
  environment: production
`,
	})
	tr := ps[0].Job("deploy").Triggers
	if !tr.Scheduled() || !tr.Manual || tr.OnMerge() {
		t.Errorf("triggers within workflow rules %+v", tr)
	}
}
