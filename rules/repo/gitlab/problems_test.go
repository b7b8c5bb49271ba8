package gitlab

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func TestProblems(t *testing.T) {
	tests := []struct {
		name string
		repo repo
		want []string // "file:line:col: reason: message"
	}{
		{"include cycle", repo{
			root:       "include: ci/a.yml\njob: {script: x}\n",
			"ci/a.yml": "include:\n  - local: /ci/b.yml\n",
			"ci/b.yml": "include: [{local: .gitlab-ci.yml}]\n",
		}, []string{
			"ci/b.yml:1:11: invalid content: include cycle: .gitlab-ci.yml -> ci/a.yml -> ci/b.yml -> .gitlab-ci.yml",
		}},
		{"missing include", repo{root: "include:\n  - local: ci/nope.yml\njob: {script: x}\n"}, []string{
			".gitlab-ci.yml:2:12: unreadable: cannot read ci/nope.yml: open ci/nope.yml: file does not exist",
		}},
		{"include outside the repository", repo{root: "include: ../x.yml\njob: {script: x}\n"}, []string{
			".gitlab-ci.yml:1:10: invalid content: include: ../x.yml is outside the repository",
		}},
		{"include without a type", repo{root: "include: [{file: x.yml}]\njob: {script: x}\n"}, []string{
			".gitlab-ci.yml:1:11: invalid content: include[0]: expected one of the keys local, remote, template, project, component",
		}},
		{"syntax error in an include", repo{root: "include: a.yml\njob: {script: x}\n", "a.yml": "a: [\n"}, []string{
			"a.yml:2:1: syntax error: did not find expected node content",
		}},
		{"extends cycle", repo{root: ".a:\n  extends: .b\n.b:\n  extends: .a\njob:\n  extends: .a\n  script: x\n"}, []string{
			".gitlab-ci.yml:4:12: invalid content: .b: extends cycle: job -> .a -> .b -> .a",
		}},
		{"extends unknown", repo{root: "job:\n  extends: [.nope]\n  script: x\n"}, []string{
			`.gitlab-ci.yml:2:13: invalid content: job: extends ".nope", which is not a job or a hidden job`,
		}},
		{"extends too deep", repo{root: deepExtends(12)}, []string{
			".gitlab-ci.yml:22:12: nesting limit: .t10: extends nested deeper than 11 levels: " +
				"job -> .t0 -> .t1 -> .t2 -> .t3 -> .t4 -> .t5 -> .t6 -> .t7 -> .t8 -> .t9 -> .t10",
		}},
		{"reference to a missing key", repo{root: ".a: {script: x}\njob:\n  script: !reference [.a, before_script]\n"}, []string{
			`.gitlab-ci.yml:3:11: invalid content: !reference [.a, before_script]: .a has no key "before_script"`,
		}},
		{"reference cycle", repo{root: ".a:\n  script: [!reference [.a, script]]\njob:\n  script: !reference [.a, script]\n"}, []string{
			".gitlab-ci.yml:2:12: nesting limit: !reference nested deeper than 10 levels",
		}},
		{"root not a mapping", repo{root: "- a\n"}, []string{
			".gitlab-ci.yml:1:1: invalid content: .gitlab-ci.yml: expected a mapping of jobs and settings, got a sequence",
		}},
		{"job not a mapping", repo{root: "job: make\n"}, []string{
			".gitlab-ci.yml:1:6: invalid content: job: expected a job mapping, got a scalar",
		}},
		{"script mapping", repo{root: "job:\n  script: {a: b}\n"}, []string{
			".gitlab-ci.yml:2:11: invalid content: job.script: expected a string or a sequence of strings, got a mapping",
		}},
		{"script entry mapping", repo{root: "job:\n  script: [a, {b: c}]\n"}, []string{
			".gitlab-ci.yml:2:15: invalid content: job.script[1]: expected a string, got a mapping",
		}},
		{"needs entry", repo{root: "job:\n  script: x\n  needs: [[a], {optional: true}]\n"}, []string{
			".gitlab-ci.yml:3:11: invalid content: job.needs[0]: expected a job name or a mapping, got a sequence",
			`.gitlab-ci.yml:3:16: invalid content: job.needs[1]: missing required key "job"`,
		}},
		{"rules not a list", repo{root: "job:\n  script: x\n  rules: {if: x}\n"}, []string{
			".gitlab-ci.yml:3:10: invalid content: job.rules: expected a sequence of rules, got a mapping",
		}},
		{"rule not a mapping", repo{root: "job:\n  script: x\n  rules: [x]\n"}, []string{
			".gitlab-ci.yml:3:11: invalid content: job.rules[0]: expected a mapping, got a scalar",
		}},
		{"stage list", repo{root: "job:\n  script: x\n  stage: [a]\n"}, []string{
			".gitlab-ci.yml:3:10: invalid content: job.stage: expected a string, got a sequence",
		}},
		{"environment without name", repo{root: "job:\n  script: x\n  environment: {url: u}\n"}, []string{
			`.gitlab-ci.yml:3:16: invalid content: job.environment: missing required key "name"`,
		}},
		{"parallel word", repo{root: "job:\n  script: x\n  parallel: many\n"}, []string{
			".gitlab-ci.yml:3:13: invalid content: job.parallel: expected a number or a mapping with a matrix, got a scalar",
		}},
		{"variables list", repo{root: "variables: [A]\njob: {script: x}\n"}, []string{
			".gitlab-ci.yml:1:12: invalid content: variables: expected a mapping, got a sequence",
		}},
		{"variable value list", repo{root: "variables:\n  A: [x]\njob: {script: x}\n"}, []string{
			".gitlab-ci.yml:2:6: invalid content: variables.A: expected a string, got a sequence",
		}},
		{"problem in a template is reported once", repo{root: ".t:\n  script: {a: b}\nj1: {extends: .t}\nj2: {extends: .t}\n"}, []string{
			".gitlab-ci.yml:2:11: invalid content: j1.script: expected a string or a sequence of strings, got a mapping",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := load(t, tt.repo)
			var got []string
			for _, p := range probs {
				got = append(got, p.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// deepExtends is a job at the end of a chain of n hidden jobs.
func deepExtends(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, ".t%d:\n  extends: .t%d\n", i, i+1)
	}
	fmt.Fprintf(&b, ".t%d:\n  script: x\njob:\n  extends: .t0\n", n)
	return b.String()
}

// The rest of the configuration is read past a problem.
func TestProblemsKeepTheRest(t *testing.T) {
	p, probs := load(t, repo{root: "include: missing.yml\nbad: 1\ngood:\n  script: make\n"})
	if len(probs) != 2 {
		t.Fatalf("problems:\n%s", problems(probs))
	}
	check(t, "good job", all(p.Job("good").Script), "4:11 make")
}

func TestUnusableRoot(t *testing.T) {
	p, probs := load(t, repo{})
	if p != nil || len(probs) != 1 || probs[0].Reason != source.ReasonUnreadable || pos(probs[0].Pos) != "1:1" {
		t.Errorf("missing root: got %v, %v", p, probs)
	}
	p, probs = load(t, repo{root: "# nothing\n"})
	if p != nil || len(probs) != 0 {
		t.Errorf("empty root: got %v, %v", p, probs)
	}
}

func TestIncludeLimits(t *testing.T) {
	r := repo{root: "include: f0.yml\n"}
	for i := 0; i < maxIncludeDepth+5; i++ {
		r[fmt.Sprintf("f%d.yml", i)] = fmt.Sprintf("include: f%d.yml\nj%d: {script: x}\n", i+1, i)
	}
	p, probs := load(t, r)
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "nested deeper than 100") {
		t.Fatalf("problems:\n%s", problems(probs))
	}
	check(t, "last included job", fmt.Sprint(len(p.Jobs)), "99")

	wide := repo{root: "include:\n"}
	for i := 0; i < maxIncludes+1; i++ {
		wide[root] += fmt.Sprintf("  - f%d.yml\n", i)
		wide[fmt.Sprintf("f%d.yml", i)] = fmt.Sprintf("j%d: {script: x}\n", i)
	}
	p, probs = load(t, wide)
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "more than 150 included files") {
		t.Fatalf("problems:\n%s", problems(probs))
	}
	check(t, "jobs of the first 150 files", fmt.Sprint(len(p.Jobs)), "150")
}
