package actions

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

const file = ".github/workflows/ci.yml"

func parse(t *testing.T, src string) (*Workflow, []source.Problem) {
	t.Helper()
	docs, probs := source.ParseYAML(file, []byte(src), source.DefaultLimits)
	if len(probs) > 0 {
		t.Fatalf("fixture does not parse: %v", probs)
	}
	return Parse(file, []byte(src), docs)
}

func mustParse(t *testing.T, src string) *Workflow {
	t.Helper()
	w, probs := parse(t, src)
	if len(probs) > 0 {
		t.Fatalf("unexpected problems: %v", probs)
	}
	return w
}

// at renders a value as "line:col value" so a test states position and
// content in one string.
func at(s source.String) string {
	if s.Pos.File != "" && s.Pos.File != file {
		return fmt.Sprintf("%s:%d:%d %s", s.Pos.File, s.Pos.Line, s.Pos.Col, s.Value)
	}
	return fmt.Sprintf("%d:%d %s", s.Pos.Line, s.Pos.Col, s.Value)
}

func all(ss []source.String) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = at(s)
	}
	return strings.Join(out, ", ")
}

func kvs(kv []KV) string {
	out := make([]string, len(kv))
	for i, p := range kv {
		out[i] = at(p.Key) + "=" + at(p.Value)
	}
	return strings.Join(out, ", ")
}

func envs(ev []EnvVar) string {
	out := make([]string, len(ev))
	for i, p := range ev {
		out[i] = at(p.Name) + "=" + at(p.Value)
	}
	return strings.Join(out, ", ")
}

func pos(p source.Pos) string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

func check(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got: %s\nwant: %s", what, got, want)
	}
}

const deployWorkflow = `name: Deploy
run-name: deploy ${{ github.sha }}
on:
  push:
    branches: [main, 'release/**']
    tags: v*
    paths-ignore:
      - docs/**
env:
  REGISTRY: ghcr.io
  TAG: ${{ github.sha }}
concurrency:
  group: deploy-prod
  cancel-in-progress: false
permissions:
  contents: read
  id-token: write
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      image: ${{ steps.meta.outputs.image }}
    steps:
      - uses: actions/checkout@v4
      - id: meta
        name: Build
        if: github.event_name == 'push'
        shell: bash
        working-directory: ./svc
        env:
          DOCKER_BUILDKIT: "1"
        with:
          fetch-depth: 0
        run: |
          docker build \
            -t $REGISTRY/app:$TAG .

          docker push $REGISTRY/app:$TAG
  deploy:
    name: Deploy prod
    needs: [build, test]
    if: ${{ success() }}
    runs-on: [self-hosted, linux]
    environment:
      name: production
      url: https://example.com
    concurrency: deploy-${{ github.ref }}
    steps:
      - run: >
          kubectl apply
          -f k8s/

          helm upgrade app ./chart
      - run: echo done
`

func TestWorkflowPositions(t *testing.T) {
	w := mustParse(t, deployWorkflow)
	check(t, "path", w.Path, file)
	check(t, "pos", pos(w.Pos), "1:1")
	check(t, "name", at(w.Name), "1:7 Deploy")
	check(t, "run-name", at(w.RunName), "2:11 deploy ${{ github.sha }}")
	check(t, "on", pos(w.On.Pos), "3:1")
	push := w.On.Event("push")
	check(t, "push", at(push.Name)+" @"+pos(push.Pos), "4:3 push @4:3")
	check(t, "branches", all(push.Branches), "5:16 main, 5:22 release/**")
	check(t, "tags", all(push.Tags), "6:11 v*")
	check(t, "paths-ignore", all(push.PathsIgnore), "8:9 docs/**")
	check(t, "env", envs(w.Env), "10:3 REGISTRY=10:13 ghcr.io, 11:3 TAG=11:8 ${{ github.sha }}")
	check(t, "concurrency", pos(w.Concurrency.Pos)+" "+at(w.Concurrency.Group)+" "+at(w.Concurrency.CancelInProgress),
		"12:1 13:10 deploy-prod 14:23 false")
	check(t, "permissions", pos(w.Permissions.Pos)+" "+kvs(w.Permissions.Scopes),
		"15:1 16:3 contents=16:13 read, 17:3 id-token=17:13 write")

	if len(w.Jobs) != 2 || w.Jobs[0].ID.Value != "build" || w.Jobs[1].ID.Value != "deploy" {
		t.Fatalf("jobs not in file order: %+v", w.Jobs)
	}
	build := w.Job("build")
	check(t, "build id", at(build.ID)+" @"+pos(build.Pos), "19:3 build @19:3")
	check(t, "runs-on", all(build.RunsOn), "20:14 ubuntu-latest")
	check(t, "outputs", kvs(build.Outputs), "22:7 image=22:14 ${{ steps.meta.outputs.image }}")
	check(t, "step 0", pos(build.Steps[0].Pos)+" "+at(build.Steps[0].Uses), "24:9 24:15 actions/checkout@v4")
	s := build.Steps[1]
	check(t, "step pos", pos(s.Pos), "25:9")
	check(t, "step id", at(s.ID), "25:13 meta")
	check(t, "step name", at(s.Name), "26:15 Build")
	check(t, "step if", at(s.If), "27:13 github.event_name == 'push'")
	check(t, "shell", at(s.Shell), "28:16 bash")
	check(t, "working-directory", at(s.WorkingDirectory), "29:28 ./svc")
	check(t, "step env", envs(s.Env), "31:11 DOCKER_BUILDKIT=31:28 1")
	check(t, "with", kvs(s.With), "33:11 fetch-depth=33:24 0")
	check(t, "run", pos(s.Run.Pos), "34:14")
	check(t, "script", all(s.Script),
		`35:11 docker build \, 36:13 -t $REGISTRY/app:$TAG ., 38:11 docker push $REGISTRY/app:$TAG`)

	deploy := w.Job("deploy")
	check(t, "job name", at(deploy.Name), "40:11 Deploy prod")
	check(t, "needs", all(deploy.Needs), "41:13 build, 41:20 test")
	check(t, "job if", at(deploy.If), "42:9 ${{ success() }}")
	check(t, "runs-on list", all(deploy.RunsOn), "43:15 self-hosted, 43:28 linux")
	env := deploy.Environment
	check(t, "environment", pos(env.Pos)+" "+at(env.Name)+" "+at(env.URL), "44:5 45:13 production 46:12 https://example.com")
	check(t, "job concurrency", pos(deploy.Concurrency.Pos)+" "+at(deploy.Concurrency.Group), "47:5 47:18 deploy-${{ github.ref }}")
	check(t, "folded script", all(deploy.Steps[0].Script), "50:11 kubectl apply -f k8s/, 53:11 helm upgrade app ./chart")
	check(t, "plain script", all(deploy.Steps[1].Script), "54:14 echo done")
}

func TestTriggerForms(t *testing.T) {
	tests := []struct {
		name, on string
		want     string // events as "line:col name"
	}{
		{"scalar", "on: push", "1:5 push"},
		{"quoted key", `"on": push`, "1:7 push"},
		{"sequence", "on: [push, pull_request]", "1:6 push, 1:12 pull_request"},
		{"block sequence", "on:\n  - push\n  - workflow_dispatch", "2:5 push, 3:5 workflow_dispatch"},
		{"mapping of nulls", "on: {push: , workflow_dispatch: }", "1:6 push, 1:14 workflow_dispatch"},
		{"block mapping of nulls", "on:\n  push:\n  pull_request:", "2:3 push, 3:3 pull_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := mustParse(t, tt.on+"\njobs: {}\n")
			var got []source.String
			for _, e := range w.On.Events {
				got = append(got, e.Name)
			}
			check(t, "events", all(got), tt.want)
		})
	}
}

func TestEventFilters(t *testing.T) {
	w := mustParse(t, `on:
  pull_request:
    types: [opened, synchronize]
    branches-ignore: [wip/*]
    paths: ['svc/**']
  push:
    tags-ignore: [nightly]
  schedule:
    - cron: '0 2 * * 1-5'
    - cron: "30 4 * * *"
  workflow_dispatch:
    inputs:
      service:
        type: string
      version:
  workflow_call:
    inputs:
      env: {type: string}
  workflow_run:
    workflows: [CI]
    types: completed
jobs: {}
`)
	pr := w.On.Event("pull_request")
	check(t, "types", all(pr.Types), "3:13 opened, 3:21 synchronize")
	check(t, "branches-ignore", all(pr.BranchesIgnore), "4:23 wip/*")
	check(t, "paths", all(pr.Paths), "5:13 svc/**")
	check(t, "tags-ignore", all(w.On.Event("push").TagsIgnore), "7:19 nightly")
	check(t, "crons", all(w.On.Event("schedule").Crons), "9:13 0 2 * * 1-5, 10:13 30 4 * * *")
	check(t, "dispatch inputs", all(w.On.Event("workflow_dispatch").Inputs), "13:7 service, 15:7 version")
	check(t, "call inputs", all(w.On.Event("workflow_call").Inputs), "18:7 env")
	run := w.On.Event("workflow_run")
	check(t, "workflows", all(run.Workflows)+" / "+all(run.Types), "20:17 CI / 21:12 completed")
	if w.On.Event("release") != nil {
		t.Error("Event found an event that is not there")
	}
}

func TestReusableWorkflowJob(t *testing.T) {
	w := mustParse(t, `on: push
jobs:
  call:
    uses: org/infra/.github/workflows/deploy.yml@v2
    with:
      service: api
      config: {a: 1}
    secrets: inherit
  call2:
    uses: ./.github/workflows/deploy.yml
    secrets:
      token: ${{ secrets.TOKEN }}
`)
	call := w.Job("call")
	check(t, "uses", at(call.Uses), "4:11 org/infra/.github/workflows/deploy.yml@v2")
	check(t, "with", kvs(call.With), "6:7 service=6:16 api, 7:7 config=7:15 ")
	check(t, "secrets inherit", at(call.SecretsMode), "8:14 inherit")
	check(t, "secrets", kvs(w.Job("call2").Secrets), "12:7 token=12:14 ${{ secrets.TOKEN }}")
	if len(call.RunsOn) != 0 || len(call.Steps) != 0 {
		t.Error("a reusable workflow call has no runner or steps")
	}
}

func TestMatrix(t *testing.T) {
	w := mustParse(t, `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      max-parallel: 2
      matrix:
        service: [api, web, worker]
        region: ${{ fromJSON(vars.REGIONS) }}
        config:
          - {os: linux}
        include:
          - service: api
            extra: true
        exclude:
          - service: web
            region: eu
    steps: [{run: echo}]
  dynamic:
    runs-on: ubuntu-latest
    strategy:
      matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}
    steps: [{run: echo}]
`)
	s := w.Job("deploy").Strategy
	check(t, "strategy", pos(s.Pos)+" "+at(s.FailFast)+" "+at(s.MaxParallel), "5:5 6:18 false 7:21 2")
	m := s.Matrix
	check(t, "matrix pos", pos(m.Pos), "8:7")
	check(t, "literal dim", at(m.Dims[0].Name)+" "+all(m.Dims[0].Values), "9:9 service 9:19 api, 9:24 web, 9:29 worker")
	check(t, "expression dim", at(m.Dim("region").Name)+" "+at(m.Dim("region").Expr), "10:9 region 10:17 ${{ fromJSON(vars.REGIONS) }}")
	check(t, "mapping values", all(m.Dim("config").Values), "12:13 ")
	check(t, "include", kvs(m.Include[0]), "14:13 service=14:22 api, 15:13 extra=15:20 true")
	check(t, "exclude", kvs(m.Exclude[0]), "17:13 service=17:22 web, 18:13 region=18:21 eu")
	dyn := w.Job("dynamic").Strategy.Matrix
	check(t, "whole expression", at(dyn.Expr), "23:15 ${{ fromJSON(needs.plan.outputs.matrix) }}")
	if len(dyn.Dims) != 0 {
		t.Error("an expression matrix has no literal dimensions")
	}
}

func TestAnchorsAndMerge(t *testing.T) {
	w := mustParse(t, `on: push
x-defaults: &defaults
  runs-on: ubuntu-latest
  environment: staging
jobs:
  a:
    <<: *defaults
    steps:
      - &step
        run: make
  b:
    <<: *defaults
    environment: prod
    steps: [*step]
`)
	check(t, "merged runs-on", all(w.Job("a").RunsOn), "3:12 ubuntu-latest")
	check(t, "merged env", at(w.Job("a").Environment.Name), "4:16 staging")
	check(t, "own key wins", at(w.Job("b").Environment.Name), "13:18 prod")
	check(t, "aliased step", all(w.Job("b").Steps[0].Script), "10:14 make")
}

func TestIs(t *testing.T) {
	for p, want := range map[string]bool{
		".github/workflows/ci.yml":          true,
		".github/workflows/deploy.yaml":     true,
		".github/workflows/sub/ci.yml":      false,
		".github/workflows/README.md":       false,
		".github/workflows/.yml":            false,
		"svc/.github/workflows/ci.yml":      false,
		".github/actions/build/action.yml":  false,
		".github/workflows/ci.yml.disabled": false,
	} {
		if got := Is(p); got != want {
			t.Errorf("Is(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestScriptStyles(t *testing.T) {
	w := mustParse(t, strings.ReplaceAll(`on: push
jobs:
  a:
    runs-on: x
    steps:
      - run: |-
          set -e
            make \
              deploy
      - run: "echo one\necho two"
      - run: 'it''s
          folded'
      - run: >+
          first
            kept

          last
`, "\n", "\r\n"))
	steps := w.Job("a").Steps
	check(t, "literal, CRLF", all(steps[0].Script), `7:11 set -e, 8:13 make \, 9:15 deploy`)
	check(t, "double-quoted escape", all(steps[1].Script), "10:15 echo one, 10:25 echo two")
	check(t, "single-quoted fold", all(steps[2].Script), "11:15 it's folded")
	check(t, "folded keep", all(steps[3].Script), "14:11 first, 15:13 kept, 17:11 last")
}
