package cli

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
)

// TestAuditDocExamples keeps docs/audit.md's ways of running an audit
// working: the GitHub Actions matrix and the Kubernetes Indexed Job must
// parse (with lockstep's own parsers, and the Job strictly against the
// fields Kubernetes knows), their shards must cover 0..N-1 and reach the
// merge, and every lockstep command line in the page must pass the real
// flag parser.
func TestAuditDocExamples(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(root, "docs", "audit.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := codeBlocks(string(doc))
	if len(blocks["yaml"]) != 2 {
		t.Fatalf("docs/audit.md has %d YAML examples, want the workflow and the Jobs", len(blocks["yaml"]))
	}
	workflow, jobs := blocks["yaml"][0], blocks["yaml"][1]

	// Every file parses for lockstep itself: no LS001.
	dir := gittest.Tree(t, map[string]string{".github/workflows/org-audit.yml": workflow, "deploy/audit.yaml": jobs})
	out, stderr, code := run(t, "check", dir, "--offline", "--fail-on", "never")
	if code != ExitOK || strings.Contains(out, "LS001") {
		t.Errorf("lockstep check on the examples: exit %d\n%s%s", code, out, stderr)
	}

	var commands []string
	t.Run("github-actions", func(t *testing.T) {
		commands = append(commands, checkMatrixExample(t, workflow)...)
	})
	t.Run("kubernetes", func(t *testing.T) {
		commands = append(commands, checkIndexedJobExample(t, jobs)...)
	})
	for _, block := range blocks["sh"] {
		commands = append(commands, strings.Split(block, "\n")...)
	}
	audits, merges := 0, 0
	for _, c := range commands {
		for _, seg := range strings.Split(c, "&&") {
			words := shellWords(seg)
			if len(words) < 2 || words[0] != "lockstep" {
				continue
			}
			switch words[1] {
			case "audit":
				audits++
				var f auditFlags
				err := parseAuditLine(&f, words[2:])
				if err != nil {
					t.Errorf("%s: %v", strings.TrimSpace(seg), err)
				}
			case "merge":
				merges++
				var out, compare string
				pos, err := parseInterleaved(mergeFlagSet(io.Discard, &out, &compare), words[2:])
				if err != nil || len(pos) == 0 {
					t.Errorf("%s: %v, directories %q", strings.TrimSpace(seg), err, pos)
				}
			}
		}
	}
	if audits < 4 || merges < 2 {
		t.Errorf("found %d audit and %d merge command lines in docs/audit.md, want at least 4 and 2", audits, merges)
	}
}

// parseAuditLine runs an audit's arguments through everything the command
// checks before it reaches the network.
func parseAuditLine(f *auditFlags, args []string) error {
	pos, err := parseInterleaved(f.flagSet(io.Discard), args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("unexpected argument %q", pos[0])
	}
	if _, _, err := f.target(); err != nil {
		return err
	}
	if _, err := f.options(); err != nil {
		return err
	}
	_, err = newLogger(io.Discard, f.logLevel, f.logFormat)
	return err
}

var shardFlag = regexp.MustCompile(`--shard "?(\$\{\{ matrix\.shard \}\}|\$\{JOB_COMPLETION_INDEX\}|[^ "/]+)/(\d+)"?`)

// checkMatrixExample checks the workflow's matrix covers every shard, that
// each shard's output is uploaded under a name the report job downloads,
// and returns the run: lines.
func checkMatrixExample(t *testing.T, text string) []string {
	var wf struct {
		Jobs map[string]struct {
			Needs    any `json:"needs"`
			Strategy struct {
				Matrix struct {
					Shard []int `json:"shard"`
				} `json:"matrix"`
			} `json:"strategy"`
			Steps []struct {
				Uses string            `json:"uses"`
				Run  string            `json:"run"`
				With map[string]string `json:"with"`
			} `json:"steps"`
		} `json:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(text), &wf); err != nil {
		t.Fatal(err)
	}
	audit, report := wf.Jobs["audit"], wf.Jobs["report"]
	if report.Needs != "audit" {
		t.Errorf("the report job needs %v, want audit", report.Needs)
	}
	var runs []string
	var shards int
	uploaded := ""
	for _, s := range audit.Steps {
		runs = append(runs, s.Run)
		if m := shardFlag.FindStringSubmatch(s.Run); m != nil {
			if m[1] != "${{ matrix.shard }}" {
				t.Errorf("--shard takes %s, want the matrix's shard", m[1])
			}
			shards, _ = strconv.Atoi(m[2])
		}
		if strings.HasPrefix(s.Uses, "actions/upload-artifact@") {
			uploaded = s.With["name"]
		}
	}
	if want := seq(shards); shards == 0 || !slices.Equal(audit.Strategy.Matrix.Shard, want) {
		t.Errorf("the matrix runs shards %v of --shard I/%d, want %v", audit.Strategy.Matrix.Shard, shards, want)
	}
	pattern, into := "", ""
	for _, s := range report.Steps {
		runs = append(runs, s.Run)
		if strings.HasPrefix(s.Uses, "actions/download-artifact@") {
			pattern, into = s.With["pattern"], s.With["path"]
		}
	}
	merged := mergeGlob(t, runs)
	for i := range shards {
		name := strings.ReplaceAll(uploaded, "${{ matrix.shard }}", strconv.Itoa(i))
		if ok, _ := path.Match(pattern, name); !ok {
			t.Errorf("shard %d uploads %q, which the download pattern %q misses", i, name, pattern)
		}
		if ok, _ := path.Match(merged, path.Join(into, name)); !ok {
			t.Errorf("shard %d is downloaded to %s, which lockstep merge %s misses", i, path.Join(into, name), merged)
		}
	}
	return expand(runs, "${{ matrix.shard }}")
}

// mergeGlob returns the directory argument of the merge command among runs.
func mergeGlob(t *testing.T, runs []string) string {
	t.Helper()
	for _, r := range runs {
		for _, seg := range strings.Split(r, "&&") {
			if w := shellWords(seg); len(w) > 2 && w[0] == "lockstep" && w[1] == "merge" {
				return w[len(w)-1]
			}
		}
	}
	t.Fatal("no lockstep merge command")
	return ""
}

type k8sJob struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		CompletionMode       string `json:"completionMode,omitempty"`
		Completions          *int   `json:"completions,omitempty"`
		Parallelism          *int   `json:"parallelism,omitempty"`
		BackoffLimit         *int   `json:"backoffLimit,omitempty"`
		BackoffLimitPerIndex *int   `json:"backoffLimitPerIndex,omitempty"`
		Template             struct {
			Spec struct {
				RestartPolicy string `json:"restartPolicy"`
				Containers    []struct {
					Name    string   `json:"name"`
					Image   string   `json:"image"`
					Command []string `json:"command"`
					Args    []string `json:"args"`
					Env     []struct {
						Name      string `json:"name"`
						Value     string `json:"value,omitempty"`
						ValueFrom *struct {
							SecretKeyRef *struct {
								Name string `json:"name"`
								Key  string `json:"key"`
							} `json:"secretKeyRef"`
						} `json:"valueFrom,omitempty"`
					} `json:"env,omitempty"`
					VolumeMounts []struct {
						Name      string `json:"name"`
						MountPath string `json:"mountPath"`
					} `json:"volumeMounts"`
				} `json:"containers"`
				Volumes []struct {
					Name                  string `json:"name"`
					PersistentVolumeClaim struct {
						ClaimName string `json:"claimName"`
					} `json:"persistentVolumeClaim"`
				} `json:"volumes"`
			} `json:"spec"`
		} `json:"template"`
	} `json:"spec"`
}

// checkIndexedJobExample decodes the Jobs strictly (a misspelt or
// misplaced Kubernetes field fails), checks the indexed one runs each
// shard once into a directory the merge reads, and returns their
// command lines.
func checkIndexedJobExample(t *testing.T, text string) []string {
	var jobs []k8sJob
	for _, doc := range strings.Split(text, "\n---\n") {
		var j k8sJob
		if err := yaml.UnmarshalStrict([]byte(doc), &j); err != nil {
			t.Fatalf("%v in:\n%s", err, doc)
		}
		// encoding/json matches field names regardless of case, and
		// Kubernetes does not: the Job must come back the same.
		var asWritten, asRead any
		back, err := yaml.Marshal(j)
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal([]byte(doc), &asWritten); err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(back, &asRead); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(asWritten, asRead) {
			t.Errorf("a field of the Job is misspelt; as read it is:\n%s", back)
		}
		if j.APIVersion != "batch/v1" || j.Kind != "Job" {
			t.Errorf("%s is a %s %s, want a batch/v1 Job", j.Metadata.Name, j.APIVersion, j.Kind)
		}
		jobs = append(jobs, j)
	}
	if len(jobs) != 2 {
		t.Fatalf("%d Jobs, want the audit and the merge", len(jobs))
	}
	var lines []string
	audit := jobs[0]
	for _, j := range jobs {
		pod := j.Spec.Template.Spec
		if pod.RestartPolicy != "Never" {
			t.Errorf("%s: restartPolicy %q; a retried pod must be a new pod (and backoffLimitPerIndex needs Never)", j.Metadata.Name, pod.RestartPolicy)
		}
		volumes := map[string]bool{}
		for _, v := range pod.Volumes {
			volumes[v.Name] = true
		}
		for _, c := range pod.Containers {
			for _, m := range c.VolumeMounts {
				if !volumes[m.Name] {
					t.Errorf("%s: container %s mounts the undeclared volume %s", j.Metadata.Name, c.Name, m.Name)
				}
			}
			if slices.Equal(c.Command, []string{"sh", "-c"}) && len(c.Args) == 1 {
				lines = append(lines, c.Args[0])
			} else {
				t.Errorf("%s: container %s runs %q %q, want sh -c and one script", j.Metadata.Name, c.Name, c.Command, c.Args)
			}
		}
	}
	if audit.Spec.CompletionMode != "Indexed" {
		t.Errorf("the audit Job's completionMode is %q, want Indexed", audit.Spec.CompletionMode)
	}
	script := strings.Join(lines, "\n")
	m := shardFlag.FindStringSubmatch(script)
	if m == nil || m[1] != "${JOB_COMPLETION_INDEX}" {
		t.Fatalf("the audit Job does not pass --shard ${JOB_COMPLETION_INDEX}/N: %s", script)
	}
	n, _ := strconv.Atoi(m[2])
	if c := audit.Spec.Completions; c == nil || *c != n {
		t.Errorf("completions %v, want the %d shards", deref(c), n)
	}
	var f auditFlags
	if err := parseAuditLine(&f, auditWords(t, strings.ReplaceAll(lines[0], "${JOB_COMPLETION_INDEX}", "0"))); err != nil {
		t.Fatal(err)
	}
	glob := mergeGlob(t, lines[1:])
	for i := range n {
		out := strings.ReplaceAll(strings.Trim(flagValue(lines[0], "--out"), `"`), "${JOB_COMPLETION_INDEX}", strconv.Itoa(i))
		if ok, _ := path.Match(glob, out); !ok {
			t.Errorf("shard %d writes %s, which lockstep merge %s misses", i, out, glob)
		}
	}
	if !strings.Contains(script, "--resume") {
		t.Error("a retried pod must resume its shard: --resume is missing")
	}
	return expand(lines, "${JOB_COMPLETION_INDEX}")
}

func auditWords(t *testing.T, line string) []string {
	for _, seg := range strings.Split(line, "&&") {
		if w := shellWords(seg); len(w) > 1 && w[0] == "lockstep" && w[1] == "audit" {
			return w[2:]
		}
	}
	t.Fatalf("no lockstep audit in %s", line)
	return nil
}

func flagValue(line, name string) string {
	w := strings.Fields(line)
	if i := slices.Index(w, name); i >= 0 && i+1 < len(w) {
		return w[i+1]
	}
	return ""
}

// expand gives the command lines with the shard's placeholder set to 0.
func expand(lines []string, placeholder string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.ReplaceAll(l, placeholder, "0")
	}
	return out
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// shellWords splits a simple command line as sh would: blanks separate
// words, quotes group them, a # starting a word starts a comment.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	quote, started := byte(0), false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			cur.WriteByte(c)
		case c == '"' || c == '\'':
			quote, started = c, true
		case c == '#' && !started:
			i = len(s)
		case c == ' ' || c == '\t' || c == '\n':
			if started {
				words = append(words, cur.String())
				cur.Reset()
			}
			started = false
		default:
			cur.WriteByte(c)
			started = true
		}
	}
	if started {
		words = append(words, cur.String())
	}
	return words
}

// codeBlocks returns the fenced code blocks of a Markdown text by language.
func codeBlocks(md string) map[string][]string {
	out := map[string][]string{}
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		lang, ok := strings.CutPrefix(lines[i], "```")
		if !ok || lang == "" {
			continue
		}
		var b strings.Builder
		for i++; i < len(lines) && lines[i] != "```"; i++ {
			b.WriteString(lines[i])
			b.WriteByte('\n')
		}
		out[lang] = append(out[lang], b.String())
	}
	return out
}
