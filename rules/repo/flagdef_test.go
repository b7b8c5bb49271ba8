package repo

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadFlagDefinitions(t *testing.T) {
	fsys := fstest.MapFS{
		"flags/flags.flagd.json": {Data: []byte(`{"$schema": "https://flagd.dev/schema/v0/flags.json",
  "flags": {"a": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"}}}`)},
		"deploy/features.yml":   {Data: []byte("namespace: prod\nflags:\n  - key: b\n    enabled: true\n")},
		"config/toggles.json":   {Data: []byte(`{"version": 1, "features": [{"name": "c", "enabled": false}]}`)},
		"config/settings.json":  {Data: []byte(`{"retries": 3}`)},
		"config/unlisted.json":  {Data: []byte(`{"version": 1, "features": [{"name": "d", "enabled": false}]}`)},
		"values/app.yaml":       {Data: []byte("replicas: 2\n")},
		"deploy/kube/flags.yml": {Data: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flags}\ndata: {a: b}\n")},
	}
	r, err := Load(context.Background(), fsys, ".", Options{Flags: FlagOptions{Definitions: []string{"config/toggles.json", "config/settings.json"}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.FlagDefinitions {
		for _, fl := range f.Flags {
			got = append(got, fmt.Sprintf("%s %s %s on=%v", fl.Key.Pos, f.Format, fl.Key.Value, fl.AlwaysOn))
		}
		if k := r.File(f.Path).Kind; k != KindFlagDefinition {
			t.Errorf("%s: kind %s", f.Path, k)
		}
	}
	want := []string{
		"config/toggles.json:1:38 unleash c on=false",
		"deploy/features.yml:3:10 flipt b on=false",
		"flags/flags.flagd.json:2:13 flagd a on=true",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var problems []string
	for _, p := range r.Problems {
		problems = append(problems, p.Error())
	}
	wantProblems := "config/settings.json:1:1: invalid content: listed in flags.definitions but not a flag definition format lockstep reads (flagd, GO Feature Flag, Unleash, Flipt, LaunchDarkly file data)"
	if strings.Join(problems, "\n") != wantProblems {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(problems, "\n"), wantProblems)
	}
	if k := r.File("deploy/kube/flags.yml").Kind; k != KindManifest {
		t.Errorf("a manifest named flags.yml is %s", k)
	}
}
