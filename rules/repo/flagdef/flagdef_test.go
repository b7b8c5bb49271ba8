package flagdef

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func parse(t *testing.T, path, text string) *File {
	t.Helper()
	docs, problems := source.ParseYAML(path, []byte(text), source.DefaultLimits)
	if len(problems) > 0 {
		t.Fatalf("fixture does not parse: %v", problems)
	}
	f, ok := Parse(path, docs)
	if !ok {
		t.Fatalf("%s: not recognised", path)
	}
	return f
}

// render is "format" then "line:col key [on]" per flag.
func render(f *File) string {
	out := []string{string(f.Format)}
	for _, fl := range f.Flags {
		s := fmt.Sprintf("%d:%d %s", fl.Key.Pos.Line, fl.Key.Pos.Col, fl.Key.Value)
		if fl.AlwaysOn {
			s += " on"
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

const flagdJSON = `{
  "$schema": "https://flagd.dev/schema/v0/flags.json",
  "flags": {
    "rolled-out": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"},
    "dark": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off"},
    "partial": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on",
      "targeting": {"fractional": [["on", 50], ["off", 50]]}},
    "disabled": {"state": "DISABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"},
    "string-true": {"state": "ENABLED", "variants": {"on": "true"}, "defaultVariant": "on", "targeting": {}}
  }
}
`

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ name, path, text, want string }{
		{"flagd json", "flags.flagd.json", flagdJSON, `flagd
4:5 rolled-out on
5:5 dark
6:5 partial
8:5 disabled
9:5 string-true`},
		{"flagd yaml without schema", "flags.yaml", `flags:
  beta:
    state: ENABLED
    variants: {on: true, off: false}
    defaultVariant: "on"
`, `flagd
2:3 beta on`},
		{"go feature flag", "flags.goff.yaml", `new-ui:
  variations:
    enabled: true
    disabled: false
  defaultRule:
    variation: enabled
canary:
  variations: {enabled: true, disabled: false}
  targeting:
    - query: beta eq true
      variation: enabled
  defaultRule:
    variation: disabled
switched-off:
  variations: {enabled: true}
  defaultRule: {variation: enabled}
  disable: true
rollout:
  variations: {enabled: true, disabled: false}
  defaultRule:
    percentage: {enabled: 20, disabled: 80}
`, `go-feature-flag
1:1 new-ui on
7:1 canary
14:1 switched-off
18:1 rollout`},
		{"unleash", "unleash-export.json", `{"version": 1, "features": [
  {"name": "everyone", "enabled": true, "strategies": [{"name": "default"}]},
  {"name": "gradual", "enabled": true, "strategies": [{"name": "flexibleRollout", "parameters": {"rollout": "30"}}]},
  {"name": "off", "enabled": false, "strategies": []}
]}`, `unleash
2:12 everyone on
3:12 gradual
4:12 off`},
		{"flipt", "features.yml", `namespace: default
flags:
  - key: new-search
    name: New search
    type: BOOLEAN_FLAG_TYPE
    enabled: true
  - key: pricing
    type: BOOLEAN_FLAG_TYPE
    enabled: true
    rollouts:
      - threshold: {percentage: 25, value: true}
  - key: theme
    type: VARIANT_FLAG_TYPE
    enabled: true
`, `flipt
3:10 new-search on
7:10 pricing
12:10 theme`},
		{"launchdarkly", "ld-flags.json", `{
  "flags": {
    "full": {"key": "full", "on": true, "variations": [false, true], "fallthrough": {"variation": 1}},
    "targeted": {"on": true, "variations": [false, true], "fallthrough": {"variation": 1},
      "rules": [{"clauses": []}]}
  },
  "flagValues": {"simple-on": true, "simple-off": false, "color": "blue"}
}`, `launchdarkly
3:5 full on
4:5 targeted
7:18 simple-on on
7:37 simple-off
7:58 color`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := parse(t, tc.path, tc.text)
			if got := render(f); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			sourcetest.CheckPositions(t, tc.path, f)
		})
	}
}

// TestNotDefinitions: files that share a shape with a definition format
// but are something else are not read as flags.
func TestNotDefinitions(t *testing.T) {
	for _, text := range []string{
		"flags: [--verbose, --dry-run]\n",
		"features:\n  - name: dark mode\n    description: a docs page\n",
		"flags:\n  - key: x\n    note: a CLI flag table\n",
		"settings:\n  variations: 3\n",
		"[1, 2]\n",
		"",
	} {
		docs, _ := source.ParseYAML("x.yaml", []byte(text), source.DefaultLimits)
		if f, ok := Parse("x.yaml", docs); ok {
			t.Errorf("%q read as %s", text, render(f))
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(flagdJSON))
	f.Add([]byte("a:\n  variations: {x: true}\n  defaultRule: {variation: x}\n"))
	f.Add([]byte(`{"version":1,"features":[{"name":"a","enabled":true,"strategies":[{"name":"default"}]}]}`))
	f.Add([]byte("namespace: n\nflags:\n  - key: k\n    enabled: true\n    type: BOOLEAN_FLAG_TYPE\n"))
	f.Add([]byte(`{"flags":{"a":{"on":true,"variations":[true],"fallthrough":{"variation":0}}},"flagValues":{"b":true}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _ := source.ParseYAML("flags.json", data, source.DefaultLimits)
		if file, ok := Parse("flags.json", docs); ok {
			sourcetest.CheckPositions(t, "flags.json", file)
		}
	})
}
