package plugin_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	_ "github.com/lockstep-lint/lockstep/analyzers/plugin"
)

func TestPlugin(t *testing.T) {
	newPlugin, err := register.GetPlugin("lockstep")
	if err != nil {
		t.Fatal(err)
	}
	conf := map[string]any{"severity": "note", "disable": []any{"LS003"}, "rules": map[string]any{"LS101": map[string]any{"settings": map[string]any{"min-services": 2}}}}
	p, err := newPlugin(conf)
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := conf["inputs-digest"].(string); len(d) != 64 {
		t.Errorf("settings carry inputs-digest %q, want the repository's 64-digit digest (golangci-lint hashes them into its cache key)", d)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range as {
		names = append(names, a.Name)
	}
	want := "lockstep repoinput bigbang protection featureflags coupling unguardedendpoint undefinedflag dynamicflagkey riskyflagdefault"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("analyzers:\n got %s\nwant %s", got, want)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want typesinfo", p.GetLoadMode())
	}
}

func TestPluginSettingsAreStrict(t *testing.T) {
	newPlugin, err := register.GetPlugin("lockstep")
	if err != nil {
		t.Fatal(err)
	}
	for conf, want := range map[string]map[string]any{
		`unknown field "severty"`:  {"severty": "note"},
		`unknown severity "fatal"`: {"severity": "fatal"},
		`cannot unmarshal number`:  {"enable": 3},
	} {
		if _, err := newPlugin(want); err == nil || !strings.Contains(err.Error(), conf) {
			t.Errorf("settings %v: error %v, want one containing %q", want, err, conf)
		}
	}
}
