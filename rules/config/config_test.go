package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

type minSettings struct {
	MinServices int            `yaml:"min-services"`
	Gates       map[string]any `yaml:"gates"`
	Nested      struct {
		Deep []string `yaml:"deep"`
	} `yaml:"nested"`
}

var metas = []*rules.Meta{
	{ID: "LS101", Name: "multi-service-deploy", Severity: rules.Warning, Settings: &minSettings{MinServices: 3}},
	{ID: "LS102", Name: "scheduled-release-train", Severity: rules.Warning},
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ data, want string }{
		{"exlude: [a]\n", `c.yml:1:1: unknown key "exlude" (did you mean "exclude"?)`},
		{"version: 2\n", `c.yml:1:10: version must be 1, not "2"`},
		{"rules:\n  LS101:\n    severity: fatal\n", `c.yml:3:15: "severity" must be note, warning or error, not "fatal"`},
		{"rules:\n  LS101:\n    enabled: yes\n", `c.yml:3:14: "enabled" must be true or false, not "yes"`},
		{"rules:\n  LS101:\n    sevrity: error\n", `c.yml:3:5: unknown key "sevrity" (did you mean "severity"?)`},
		{"exclude: {a: b}\n", `c.yml:1:10: "exclude" must be a list of strings, not a mapping`},
		{"services:\n  - paths: [a]\n", `c.yml:2:5: a service needs a "name"`},
		{"services:\n  - name: a\n    image: [x]\n", `c.yml:3:5: unknown key "image" (did you mean "images"?)`},
		{"- a\n", `c.yml:1:1: the configuration must be a mapping, not a sequence`},
		{"a: [\n", `c.yml:2:1: syntax error: did not find expected node content`},
		{"---\n---\nexclude: [x]\n", `c.yml:3:1: a configuration file holds one YAML document`},
		{"baseline: [a]\n", `c.yml:1:11: baseline must be a file name, not a sequence`},
		{"flags:\n  packages:\n    - calls: [On]\n", `c.yml:3:7: a flag package needs a "path" (an import path prefix)`},
		{"flags:\n  packages:\n    - path: x\n      key: -1\n", `c.yml:4:12: "key" must be an argument index from 0 to 16, not "-1"`},
		{"flags:\n  package: []\n", `c.yml:2:3: unknown key "package" (did you mean "packages"?)`},
		{"flags:\n  packages: {path: x}\n", `c.yml:2:13: "packages" must be a list, not a mapping`},
		{"ci:\n  deploy: [x]\n", `c.yml:2:3: unknown key "deploy" (known keys: [deploy-commands dry-run-commands build-commands push-commands test-commands lint-commands security-commands])`},
	}
	for _, tt := range tests {
		_, err := Parse("c.yml", []byte(tt.data))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q)\n got: %v\nwant: %s", tt.data, err, tt.want)
		}
	}
}

func TestBaselinePath(t *testing.T) {
	c, err := Parse("/repo/.lockstep.yml", []byte("baseline: ci/lockstep-baseline.json\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.BaselinePath(), "/repo/ci/lockstep-baseline.json"; got != want {
		t.Errorf("BaselinePath() = %q, want %q", got, want)
	}
	if got := (&Config{}).BaselinePath(); got != "" {
		t.Errorf("no baseline key: BaselinePath() = %q, want empty", got)
	}
}

func TestResolve(t *testing.T) {
	c, err := Parse("c.yml", []byte(`version: 1
exclude: ["legacy/**"]
enable: [scheduled-release-train]
disable: [LS101]
rules:
  multi-service-deploy:
    severity: error
    settings:
      min-services: 5
      nested: {deep: [x]}
services:
  - name: orders
    paths: ["services/orders/**"]
    images: [ghcr.io/acme/orders]
ci:
  deploy-commands: ["^release\\.sh"]
`))
	if err != nil {
		t.Fatal(err)
	}
	ro, lo, err := c.Resolve(metas)
	if err != nil {
		t.Fatal(err)
	}
	if !ro.Enabled["LS102"] || ro.Enabled["LS101"] || ro.Severity["LS101"] != rules.Error {
		t.Errorf("rules options: %+v", ro)
	}
	s := ro.Settings["LS101"].(*minSettings)
	if s.MinServices != 5 || s.Nested.Deep[0] != "x" {
		t.Errorf("settings: %+v", s)
	}
	if metas[0].Settings.(*minSettings).MinServices != 3 {
		t.Error("defaults were modified")
	}
	if lo.Excludes[0] != "legacy/**" || lo.Services[0].Name != "orders" || lo.Services[0].Pos.Line != 12 || lo.CICommands["deploy"][0] != `^release\.sh` {
		t.Errorf("loader options: %+v", lo)
	}
}

func TestResolveFlags(t *testing.T) {
	c, err := Parse("c.yml", []byte(`flags:
  definitions: [config/toggles/*.json]
  packages:
    - path: github.com/acme/platform/flags
      calls: [Enabled, Variant]
      key: 1
      default: 2
    - path: github.com/acme/kill
`))
	if err != nil {
		t.Fatal(err)
	}
	_, lo, err := c.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%v %+v", lo.Flags.Definitions, lo.Flags.Packages)
	want := "[config/toggles/*.json] [{Path:github.com/acme/platform/flags Calls:[Enabled Variant] Key:1 Default:2 Pos:c.yml:4:7} {Path:github.com/acme/kill Calls:[] Key:0 Default:-1 Pos:c.yml:8:7}]"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct{ data, want string }{
		{"enable: [LS10]\n", `c.yml:1:10: unknown rule "LS10" (did you mean "LS101"?)`},
		{"rules:\n  LS999: {}\n", `c.yml:2:3: unknown rule "LS999" (see 'lockstep rules')`},
		{"rules:\n  LS101:\n    settings: {min-service: 2}\n", `c.yml:3:16: unknown key "min-service" (did you mean "min-services"?)`},
		{"rules:\n  LS101:\n    settings:\n      nested: {deap: [x]}\n", `c.yml:4:16: unknown key "deap" (did you mean "deep"?)`},
		{"rules:\n  LS101:\n    settings:\n      min-services: many\n", "c.yml:4:1: cannot unmarshal str `many` into int"},
		{"rules:\n  LS102:\n    settings: {a: 1}\n", `c.yml:3:15: rule LS102 has no settings`},
		{"ci:\n  deploy-commands: ['(']\n", "c.yml:2:21: not a regular expression: error parsing regexp: missing closing ): `(`"},
	}
	for _, tt := range tests {
		c, err := Parse("c.yml", []byte(tt.data))
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.data, err)
		}
		_, _, err = c.Resolve(metas)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Resolve(%q)\n got: %v\nwant: %s", tt.data, err, tt.want)
		}
	}
}

func TestEmptyConfig(t *testing.T) {
	for _, data := range []string{"", "# nothing\n"} {
		c, err := Parse("c.yml", []byte(data))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.Resolve(metas); err != nil {
			t.Fatal(err)
		}
	}
	var nilConfig *Config
	if _, _, err := nilConfig.Resolve(metas); err != nil {
		t.Fatal(err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("version: 1\nrules:\n  LS101: {severity: error, settings: {min-services: 2}}\n"))
	f.Add([]byte("services: [{name: a, paths: [b]}]\nci: {deploy-commands: [x]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.yml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yml:") {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		_, _, _ = c.Resolve(metas)
	})
}

type validated struct {
	Pattern string `yaml:"pattern"`
}

func (v *validated) Validate() error {
	if v.Pattern == "(" {
		return errorf(source.Pos{}, "pattern %q does not compile", v.Pattern)
	}
	return nil
}

func TestSettingsValidate(t *testing.T) {
	docs, _ := source.ParseYAML("c.yml", []byte("pattern: \"(\"\n"), source.DefaultLimits)
	_, err := DecodeSettings("c.yml", docs[0].Root, &validated{})
	if err == nil || !strings.HasPrefix(err.Error(), "c.yml:1:1: ") || !strings.Contains(err.Error(), `pattern "(" does not compile`) {
		t.Fatalf("err = %v", err)
	}
}

type sharedSettings struct {
	Gates map[string][]string `yaml:"gates"`
	Names []string            `yaml:"names"`
}

// TestSettingsDefaultsNotShared: decoding must never write into the rule's
// defaults, which every run shares.
func TestSettingsDefaultsNotShared(t *testing.T) {
	defaults := &sharedSettings{Gates: map[string][]string{"test": {"go test"}}, Names: []string{"a"}}
	docs, _ := source.ParseYAML("c.yml", []byte("gates: {lint: [golangci-lint]}\nnames: [b]\n"), source.DefaultLimits)
	v, err := DecodeSettings("c.yml", docs[0].Root, defaults)
	if err != nil {
		t.Fatal(err)
	}
	got := v.(*sharedSettings)
	if len(got.Gates) != 2 || got.Names[0] != "b" {
		t.Errorf("decoded: %+v", got)
	}
	if len(defaults.Gates) != 1 || defaults.Names[0] != "a" {
		t.Errorf("defaults were modified: %+v", defaults)
	}
	got.Gates["test"][0] = "changed"
	if defaults.Gates["test"][0] != "go test" {
		t.Error("the copy shares a slice with the defaults")
	}
}
