package gitlab

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

const root = ".gitlab-ci.yml"

// repo is an in-memory repository for Load's read function.
type repo map[string]string

func (r repo) read(p string) ([]byte, error) {
	data, ok := r[p]
	if !ok {
		return nil, fmt.Errorf("open %s: %w", p, fs.ErrNotExist)
	}
	return []byte(data), nil
}

func load(t *testing.T, r repo) (*Pipeline, []source.Problem) {
	t.Helper()
	return Load(root, r.read, source.DefaultLimits)
}

func mustLoad(t *testing.T, r repo) *Pipeline {
	t.Helper()
	p, probs := load(t, r)
	if len(probs) > 0 {
		t.Fatalf("unexpected problems:\n%s", problems(probs))
	}
	if p == nil {
		t.Fatal("nil pipeline")
	}
	return p
}

func problems(probs []source.Problem) string {
	var out []string
	for _, p := range probs {
		out = append(out, p.Pos.String()+": "+p.Message)
	}
	return strings.Join(out, "\n")
}

// at renders a value as "file:line:col value", leaving out the root file.
func at(s source.String) string {
	return strings.TrimPrefix(s.Pos.String(), root+":") + " " + s.Value
}

func all(ss []source.String) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = at(s)
	}
	return strings.Join(out, ", ")
}

func vars(ev []EnvVar) string {
	out := make([]string, len(ev))
	for i, v := range ev {
		out[i] = at(v.Name) + "=" + at(v.Value)
	}
	return strings.Join(out, ", ")
}

func pos(p source.Pos) string { return strings.TrimPrefix(p.String(), root+":") }

func check(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got: %s\nwant: %s", what, got, want)
	}
}

var threeFiles = repo{
	root: `include:
  - local: ci/build.yml
  - 'ci/deploy.yml'
  - remote: https://example.com/ci.yml
  - template: Auto-DevOps.gitlab-ci.yml
  - project: group/shared
    ref: main
    file: [/a.yml, /b.yml]
  - component: gitlab.com/org/comp@1.0
stages: [build, test, deploy]
variables:
  REGISTRY: registry.example.com
  VERSION:
    value: "1.2"
    description: release
default:
  image: alpine:3
  before_script:
    - echo default
build-api:
  extends: .build
  variables:
    SERVICE: api
`,
	"ci/build.yml": `include: /ci/common.yml
.build:
  extends: .base
  stage: build
  script:
    - docker build -t $REGISTRY/$SERVICE .
    - |
      docker push \
        $REGISTRY/$SERVICE
`,
	"ci/common.yml": `.base:
  tags: [docker]
  image:
    name: docker:24
  variables:
    DOCKER_TLS: "1"
    SERVICE: base
`,
	"ci/deploy.yml": `deploy:
  stage: deploy
  needs: [build-api, {job: build-web, optional: true}, {pipeline: $PARENT_PIPELINE_ID, job: gen}]
  environment:
    name: production
    url: https://example.com
    action: start
    deployment_tier: production
  resource_group: prod
  script: kubectl apply -f k8s/
  after_script: [echo after]
  inherit:
    default: [image]
`,
}

func TestIncludesAndExtendsAcrossFiles(t *testing.T) {
	p := mustLoad(t, threeFiles)
	check(t, "files", strings.Join(p.Files, " "), ".gitlab-ci.yml ci/build.yml ci/common.yml ci/deploy.yml")
	check(t, "stages", all(p.Stages), "10:10 build, 10:17 test, 10:23 deploy")
	check(t, "variables", vars(p.Variables), "12:3 REGISTRY=12:13 registry.example.com, 13:3 VERSION=14:12 1.2")

	var incs []string
	for _, inc := range p.Includes {
		incs = append(incs, fmt.Sprintf("%s local=%s remote=%s template=%s project=%s files=[%s] ref=%s component=%s",
			pos(inc.Pos), inc.Local.Value, inc.Remote.Value, inc.Template.Value, inc.Project.Value,
			all(inc.Files), inc.Ref.Value, inc.Component.Value))
	}
	check(t, "includes", strings.Join(incs, "\n"), strings.Join([]string{
		"2:5 local=ci/build.yml remote= template= project= files=[] ref= component=",
		"ci/build.yml:1:10 local=/ci/common.yml remote= template= project= files=[] ref= component=",
		"3:5 local=ci/deploy.yml remote= template= project= files=[] ref= component=",
		"4:5 local= remote=https://example.com/ci.yml template= project= files=[] ref= component=",
		"5:5 local= remote= template=Auto-DevOps.gitlab-ci.yml project= files=[] ref= component=",
		"6:5 local= remote= template= project=group/shared files=[8:12 /a.yml, 8:20 /b.yml] ref=main component=",
		"9:5 local= remote= template= project= files=[] ref= component=gitlab.com/org/comp@1.0",
	}, "\n"))

	if got := len(p.Jobs); got != 2 || p.Job(".build") != nil || p.Job(".base") != nil {
		t.Fatalf("want the two visible jobs only, got %d", got)
	}
	b := p.Job("build-api")
	check(t, "name", at(b.Name)+" @"+pos(b.Pos), "20:1 build-api @20:1")
	check(t, "extends", all(b.Extends), "21:12 .build")
	check(t, "stage from extends", at(b.Stage), "ci/build.yml:4:10 build")
	check(t, "script from extends", all(b.Script),
		`ci/build.yml:6:7 docker build -t $REGISTRY/$SERVICE ., ci/build.yml:8:7 docker push \, ci/build.yml:9:9 $REGISTRY/$SERVICE`)
	check(t, "image from nested extends wins over default", at(b.Image), "ci/common.yml:4:11 docker:24")
	check(t, "tags", all(b.Tags), "ci/common.yml:2:10 docker")
	check(t, "variables deep-merged", vars(b.Variables),
		`ci/common.yml:6:5 DOCKER_TLS=ci/common.yml:6:17 1, 23:5 SERVICE=23:14 api`)
	check(t, "before_script from default", all(b.BeforeScript), "19:7 echo default")

	d := p.Job("deploy")
	check(t, "deploy name", at(d.Name), "ci/deploy.yml:1:1 deploy")
	check(t, "deploy stage", at(d.Stage), "ci/deploy.yml:2:10 deploy")
	var needs []string
	for _, n := range d.Needs {
		needs = append(needs, fmt.Sprintf("%s job=%s pipeline=%s optional=%v", pos(n.Pos), at(n.Job), n.Pipeline.Value, n.Optional))
	}
	check(t, "needs", strings.Join(needs, "; "),
		"ci/deploy.yml:3:11 job=ci/deploy.yml:3:11 build-api pipeline= optional=false; "+
			"ci/deploy.yml:3:22 job=ci/deploy.yml:3:28 build-web pipeline= optional=true; "+
			"ci/deploy.yml:3:56 job=ci/deploy.yml:3:93 gen pipeline=$PARENT_PIPELINE_ID optional=false")
	if !d.NeedsSet {
		t.Error("NeedsSet false for a job with needs")
	}
	e := d.Environment
	check(t, "environment", pos(e.Pos)+" "+at(e.Name)+" "+at(e.URL)+" "+at(e.Action)+" "+at(e.DeploymentTier),
		"ci/deploy.yml:4:3 ci/deploy.yml:5:11 production ci/deploy.yml:6:10 https://example.com ci/deploy.yml:7:13 start ci/deploy.yml:8:22 production")
	check(t, "resource_group", at(d.ResourceGroup), "ci/deploy.yml:9:19 prod")
	check(t, "script string", all(d.Script), "ci/deploy.yml:10:11 kubectl apply -f k8s/")
	check(t, "after_script", all(d.AfterScript), "ci/deploy.yml:11:18 echo after")
	check(t, "inherit default image only", at(d.Image)+" / "+all(d.BeforeScript), "17:10 alpine:3 / ")
}

func TestJobFields(t *testing.T) {
	p := mustLoad(t, repo{root: `workflow:
  name: main pipeline
  rules:
    - if: $CI_COMMIT_TAG
      when: never
    - when: always
lint:
  script: make lint
start-now:
  needs: []
  script:
    - echo a
    - >
      helm upgrade app
      ./chart
    - "echo \"quoted\""
after-stages:
  stage: deploy
  script: [make]
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
      changes: [svc/**/*]
      exists:
        paths: [Dockerfile]
      when: manual
nightly:
  only: [schedules, main]
  except: [tags]
  script: make
filtered:
  only:
    refs: [main]
    variables: [$DEPLOY == "1"]
    changes: [svc/*]
  except:
    refs: [tags]
  when: manual
  environment: staging
  script: make
child:
  trigger:
    include:
      - local: ci/child.yml
      - ci/other.yml
      - template: x.yml
    strategy: depend
other-project:
  trigger: group/deployer
  variables:
    VERSION: $CI_COMMIT_SHA
multi:
  trigger:
    project: group/p
    branch: main
matrix:
  parallel:
    matrix:
      - SERVICE: [api, web]
        REGION: eu
  script: deploy $SERVICE
fan:
  parallel: 3
  script: make
pages:
  script: make pages
`})
	w := p.Workflow
	check(t, "workflow", pos(w.Pos)+" "+at(w.Name), "1:1 2:9 main pipeline")
	check(t, "workflow rules", pos(w.Rules[0].Pos)+" "+at(w.Rules[0].If)+" "+at(w.Rules[0].When)+" | "+at(w.Rules[1].When),
		"4:7 4:11 $CI_COMMIT_TAG 5:13 never | 6:13 always")

	lint := p.Job("lint")
	check(t, "default stage", at(lint.Stage), "7:1 test")
	if lint.NeedsSet || len(lint.Needs) != 0 {
		t.Error("lint has no needs")
	}
	start := p.Job("start-now")
	if !start.NeedsSet || len(start.Needs) != 0 {
		t.Errorf("needs: [] must be set and empty, got set=%v %d", start.NeedsSet, len(start.Needs))
	}
	check(t, "script forms", all(start.Script), `12:7 echo a, 14:7 helm upgrade app ./chart, 16:8 echo "quoted"`)

	r := p.Job("after-stages").Rules[0]
	check(t, "rule", pos(r.Pos)+" "+at(r.If)+" "+all(r.Changes)+" "+all(r.Exists)+" "+at(r.When),
		`21:7 21:11 $CI_PIPELINE_SOURCE == "schedule" 22:17 svc/**/* 24:17 Dockerfile 25:13 manual`)

	n := p.Job("nightly")
	check(t, "only list", pos(n.Only.Pos)+" "+all(n.Only.Refs), "27:3 27:10 schedules, 27:21 main")
	check(t, "except list", pos(n.Except.Pos)+" "+all(n.Except.Refs), "28:3 28:12 tags")
	f := p.Job("filtered")
	check(t, "only mapping", all(f.Only.Refs)+" | "+all(f.Only.Variables)+" | "+all(f.Only.Changes),
		`32:12 main | 33:17 $DEPLOY == "1" | 34:15 svc/*`)
	check(t, "except mapping", all(f.Except.Refs), "36:12 tags")
	check(t, "when", at(f.When), "37:9 manual")
	check(t, "environment string", pos(f.Environment.Pos)+" "+at(f.Environment.Name), "38:3 38:16 staging")

	c := p.Job("child").Trigger
	check(t, "trigger include", pos(c.Pos)+" "+all(c.Include)+" "+at(c.Strategy),
		"41:3 43:16 ci/child.yml, 44:9 ci/other.yml, 45:19 x.yml 46:15 depend")
	o := p.Job("other-project")
	check(t, "trigger project", at(o.Trigger.Project), "48:12 group/deployer")
	check(t, "job variables", vars(o.Variables), "50:5 VERSION=50:14 $CI_COMMIT_SHA")
	m := p.Job("multi").Trigger
	check(t, "trigger mapping", at(m.Project)+" "+at(m.Branch), "53:14 group/p 54:13 main")

	par := p.Job("matrix").Parallel
	var entries []string
	for _, entry := range par.Matrix {
		for _, v := range entry {
			entries = append(entries, at(v.Name)+"="+all(v.Values))
		}
	}
	check(t, "parallel matrix", pos(par.Pos)+" "+strings.Join(entries, "; "), "56:3 58:9 SERVICE=58:19 api, 58:24 web; 59:9 REGION=59:17 eu")
	check(t, "parallel count", fmt.Sprint(p.Job("fan").Parallel.Count), "3")
	if p.Job("pages") == nil {
		t.Error("pages is a job")
	}
}

func TestReferenceTags(t *testing.T) {
	p := mustLoad(t, repo{
		root: `include: ci/setup.yml
.vars:
  variables:
    REGION: eu
job:
  before_script:
    - !reference [.setup, script]
    - echo own
  script: !reference [.setup, script]
  variables: !reference [.vars, variables]
`,
		"ci/setup.yml": `.setup:
  script:
    - echo setup
    - echo more
`,
	})
	j := p.Job("job")
	check(t, "nested reference", all(j.BeforeScript), "ci/setup.yml:3:7 echo setup, ci/setup.yml:4:7 echo more, 8:7 echo own")
	check(t, "whole reference", all(j.Script), "ci/setup.yml:3:7 echo setup, ci/setup.yml:4:7 echo more")
	check(t, "mapping reference", vars(j.Variables), "4:5 REGION=4:13 eu")
}

func TestDuplicateJobAcrossFilesMerges(t *testing.T) {
	p := mustLoad(t, repo{
		root:       "include: ci/a.yml\nbuild:\n  stage: build\n",
		"ci/a.yml": "build:\n  script: make\n  stage: test\n",
	})
	b := p.Job("build")
	check(t, "first definition", at(b.Name), "ci/a.yml:1:1 build")
	check(t, "including file wins", at(b.Stage), "3:10 build")
	check(t, "included keys kept", all(b.Script), "ci/a.yml:2:11 make")
}
