package actions

import (
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func TestProblems(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // "line:col message"
	}{
		{"not a mapping", "- a\n", []string{"1:1 workflow: expected a mapping, got a sequence"}},
		{"missing on and jobs", "name: x\n", []string{
			`1:1 workflow: missing required key "on"`,
			`1:1 workflow: missing required key "jobs"`,
		}},
		{"on null", "on:\njobs: {}\n", []string{
			"1:4 on: expected an event name, a sequence of event names or a mapping of events, got null",
		}},
		{"on list of mappings", "on: [push, {a: b}]\njobs: {}\n", []string{"1:12 on[1]: expected an event name, got a mapping"}},
		{"filters not a mapping", "on:\n  push: [main]\njobs: {}\n", []string{"2:9 on.push: expected a mapping, got a sequence"}},
		{"branches mapping", "on:\n  push:\n    branches: {main: 1}\njobs: {}\n", []string{
			"3:15 on.push.branches: expected a string or a sequence of strings, got a mapping",
		}},
		{"branch item not a string", "on:\n  push:\n    branches: [main, [x]]\njobs: {}\n", []string{
			"3:22 on.push.branches[1]: expected a string, got a sequence",
		}},
		{"schedule", "on:\n  schedule:\n    - cron\n    - {at: 1}\njobs: {}\n", []string{
			"3:7 on.schedule[0]: expected a mapping with a cron key, got a scalar",
			`4:7 on.schedule[1]: missing required key "cron"`,
		}},
		{"jobs not a mapping", "on: push\njobs: [a]\n", []string{"2:7 jobs: expected a mapping, got a sequence"}},
		{"job not a mapping", "on: push\njobs:\n  a: run\n", []string{"3:6 jobs.a: expected a mapping, got a scalar"}},
		{"job without runner", "on: push\njobs:\n  a:\n    steps: []\n", []string{
			`3:3 jobs.a: missing required key "runs-on" (or "uses" for a reusable workflow)`,
		}},
		{"needs mapping", "on: push\njobs:\n  a:\n    runs-on: x\n    needs: {b: 1}\n", []string{
			"5:12 jobs.a.needs: expected a string or a sequence of strings, got a mapping",
		}},
		{"name not a string", "on: push\nname: [x]\njobs: {}\n", []string{"2:7 name: expected a string, got a sequence"}},
		{"steps not a list", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: {run: x}\n", []string{
			"5:12 jobs.a.steps: expected a sequence, got a mapping",
		}},
		{"step not a mapping", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [make]\n", []string{
			"5:13 jobs.a.steps[0]: expected a mapping, got a scalar",
		}},
		{"step without run or uses", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - name: x\n", []string{
			`6:9 jobs.a.steps[0]: missing required key "run" or "uses"`,
		}},
		{"run not a string", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: [a]\n", []string{
			"6:14 jobs.a.steps[0].run: expected a string, got a sequence",
		}},
		{"env list", "on: push\nenv: [A]\njobs: {}\n", []string{"2:6 env: expected a mapping, got a sequence"}},
		{"env value mapping", "on: push\nenv:\n  A: {b: 1}\njobs: {}\n", []string{"3:6 env.A: expected a string, got a mapping"}},
		{"environment list", "on: push\njobs:\n  a:\n    runs-on: x\n    environment: [prod]\n", []string{
			"5:18 jobs.a.environment: expected an environment name or a mapping, got a sequence",
		}},
		{"environment without name", "on: push\njobs:\n  a:\n    runs-on: x\n    environment: {url: u}\n", []string{
			`5:18 jobs.a.environment: missing required key "name"`,
		}},
		{"concurrency list", "on: push\nconcurrency: [a]\njobs: {}\n", []string{
			"2:14 concurrency: expected a group name or a mapping, got a sequence",
		}},
		{"concurrency without group", "on: push\nconcurrency: {cancel-in-progress: true}\njobs: {}\n", []string{
			`2:14 concurrency: missing required key "group"`,
		}},
		{"permissions list", "on: push\npermissions: [a]\njobs: {}\n", []string{
			`2:14 permissions: expected "read-all", "write-all" or a mapping of scopes, got a sequence`,
		}},
		{"matrix dim scalar", "on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        svc: api\n", []string{
			"7:14 jobs.a.strategy.matrix.svc: expected a sequence of values or an expression, got a scalar",
		}},
		{"matrix include scalar", "on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        include: [x]\n", []string{
			"7:19 jobs.a.strategy.matrix.include[0]: expected a mapping, got a scalar",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, probs := parse(t, tt.src)
			if w == nil {
				t.Fatal("nil workflow for a document")
			}
			var got []string
			for _, p := range probs {
				if p.Reason != source.ReasonInvalid || p.Pos.File != file {
					t.Errorf("problem %v: want reason %q in %s", p, source.ReasonInvalid, file)
				}
				got = append(got, pos(p.Pos)+" "+p.Message)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// The rest of a file is read past a bad value.
func TestProblemsKeepTheRest(t *testing.T) {
	w, probs := parse(t, "on: push\njobs:\n  a: 1\n  b:\n    runs-on: x\n    needs: [a]\n")
	if len(probs) != 1 {
		t.Fatalf("problems: %v", probs)
	}
	check(t, "next job", all(w.Job("b").Needs), "6:13 a")
}

func TestNoDocument(t *testing.T) {
	for _, src := range []string{"", "# just a comment\n"} {
		docs, _ := source.ParseYAML(file, []byte(src), source.DefaultLimits)
		if w, probs := Parse(file, []byte(src), docs); w != nil || len(probs) != 0 {
			t.Errorf("%q: got %v, %v; want nil, nil", src, w, probs)
		}
	}
}
