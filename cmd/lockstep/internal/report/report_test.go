package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lockstep-lint/lockstep/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

const testdata = "../../../../testdata/report"

var (
	ls101 = &rules.Meta{ID: "LS101", Name: "multi-service-deploy", Category: rules.CategoryBigBang, Severity: rules.Warning,
		Title: "one job deploys several services at once", Since: "v0.1.0", Remediation: "Deploy each service from its own pipeline.",
		Doc: "One job deploys many services.\n\n## Example\n\n```text\nout\n```"}
	ls201 = &rules.Meta{ID: "LS201", Name: "default-branch-unprotected", Category: rules.CategoryProtection, Severity: rules.Error,
		Title: "the default branch is not protected", Since: "v0.1.0", Remediation: "Protect the default branch.", Doc: "Protect it."}
	ls001 = &rules.Meta{ID: "LS001", Name: "unparseable-input", Category: rules.CategoryInput, Severity: rules.Error,
		Title: "a file could not be read or parsed", Since: "v0.1.0", Remediation: "Fix the file.", Doc: "Broken files."}
)

func sample() *Report {
	return &Report{
		Tool: Tool{Name: "lockstep", Version: "v0.1.0", InformationURI: "https://github.com/lockstep-lint/lockstep"},
		Root: "testdata/examples/ivory-jenga",
		Findings: []rules.Finding{
			{Rule: ls001, Severity: rules.Error, Message: `syntax error: did not find expected key`,
				Location: rules.Location{Path: "deploy/k8s/bad file.yaml", Line: 3, Column: 1}, Fingerprint: "0123456789abcdef0123456789abcdef:1"},
			{Rule: ls101, Severity: rules.Warning, Message: `deploys 3 services at once: cart, "orders", pay%ments`,
				Location: rules.Location{Path: ".github/workflows/release.yml", Line: 12, Column: 11, EndLine: 12, EndColumn: 40},
				Related: []rules.Related{
					{Location: rules.Location{Path: "deploy/k8s/cart.yaml", Line: 4, Column: 9}, Message: "service cart, Deployment cart"},
					{Location: rules.Location{Path: "deploy/k8s/orders.yaml", Line: 4, Column: 9}, Message: "service orders: a, b\nnext line"},
				},
				Fingerprint: "fedcba9876543210fedcba9876543210:1"},
			{Rule: ls101, Severity: rules.Note, Message: "déploiement: groupé, 100% ensemble",
				Location: rules.Location{Path: "ci/a,b:c.yml", Line: 1, Column: 2}, Fingerprint: "11111111111111111111111111111111:2"},
			{Rule: ls001, Severity: rules.Error, Message: "unreadable: open: permission denied",
				Location: rules.Location{Path: "deploy/k8s/secret.yaml"}, Fingerprint: "33333333333333333333333333333333:1"},
			{Rule: ls201, Severity: rules.Error, Message: "the default branch main is not protected (classic branch protection)",
				Location: rules.Location{Logical: "github:acme/shop@main"}, Fingerprint: "22222222222222222222222222222222:1"},
		},
		Rules:   []*rules.Meta{ls001, ls101, ls201},
		Summary: Summary{Files: 42, Services: 12, Suppressed: 1, Baselined: 2},
	}
}

func empty() *Report {
	r := sample()
	r.Findings = nil
	r.Summary = Summary{Files: 1, Services: 1}
	return r
}

func render(t *testing.T, format string, r *Report, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, r, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name, format string
		report       *Report
		opts         Options
	}{
		{"text", "text", sample(), Options{}},
		{"text-color", "text", sample(), Options{Color: true}},
		{"text-empty", "text", empty(), Options{}},
		{"json", "json", sample(), Options{}},
		{"json-empty", "json", empty(), Options{}},
		{"sarif", "sarif", sample(), Options{}},
		{"sarif-empty", "sarif", empty(), Options{}},
		{"github", "github", sample(), Options{}},
		{"github-empty", "github", empty(), Options{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := render(t, c.format, c.report, c.opts)
			if again := render(t, c.format, c.report, c.opts); !bytes.Equal(got, again) {
				t.Fatal("output is not deterministic")
			}
			golden := filepath.Join(testdata, c.name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run with -update and review)\n--- got\n%s", c.name, golden, got)
			}
		})
	}
}

func TestPlainTextHasNoEscapes(t *testing.T) {
	if got := render(t, "text", sample(), Options{}); bytes.Contains(got, []byte("\x1b[")) {
		t.Fatal("colour codes without Color")
	}
}

func compileSchema(t *testing.T, file, url string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join(testdata, file))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("does not validate: %v", err)
	}
}

// TestSARIFValidates checks the output against the official OASIS schema,
// and the fields GitHub code scanning requires beyond it.
func TestSARIFValidates(t *testing.T) {
	s := compileSchema(t, "sarif-schema-2.1.0.json", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
	for name, r := range map[string]*Report{"sample": sample(), "empty": empty()} {
		t.Run(name, func(t *testing.T) {
			data := render(t, "sarif", r, Options{})
			validate(t, s, data)
			var log sarifLog
			if err := json.Unmarshal(data, &log); err != nil {
				t.Fatal(err)
			}
			if log.Runs[0].Results == nil {
				t.Error("results must be present for GitHub")
			}
			for _, res := range log.Runs[0].Results {
				if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation == nil || res.Locations[0].PhysicalLocation.Region == nil {
					t.Errorf("%s: GitHub requires a physical location with a region", res.RuleID)
				}
				if res.Message.Text == "" || res.PartialFingerprints[fingerprintKey] == "" {
					t.Errorf("%s: message and fingerprint are required", res.RuleID)
				}
				if log.Runs[0].Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
					t.Errorf("%s: ruleIndex points at another rule", res.RuleID)
				}
			}
			for _, rule := range log.Runs[0].Tool.Driver.Rules {
				if rule.ShortDescription.Text == "" || rule.Help.Text == "" || rule.FullDescription.Text == "" {
					t.Errorf("%s: GitHub requires short and full descriptions and help", rule.ID)
				}
			}
		})
	}
}

func TestJSONValidates(t *testing.T) {
	s := compileSchema(t, "lockstep-report.schema.json", "https://github.com/lockstep-lint/lockstep/docs/output.md")
	for _, r := range []*Report{sample(), empty()} {
		validate(t, s, render(t, "json", r, Options{}))
	}
}

func TestGitHubEscaping(t *testing.T) {
	got := string(render(t, "github", sample(), Options{}))
	if !strings.Contains(got, "file=ci/a%2Cb%3Ac.yml") || !strings.Contains(got, "100%25 ensemble") {
		t.Errorf("escaping:\n%s", got)
	}
	if strings.Count(got, "\n") != len(sample().Findings) {
		t.Errorf("one line per finding:\n%s", got)
	}
}

func TestUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "xml", sample(), Options{}); err == nil {
		t.Fatal("no error")
	}
}
