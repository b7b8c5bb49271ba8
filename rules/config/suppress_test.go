package config

import (
	"bytes"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/directive"
)

func lookup(s string) *rules.Meta {
	for _, m := range metas {
		if m.ID == s || m.Name == s {
			return m
		}
	}
	return nil
}

func finding(id, path string, line int) rules.Finding {
	return rules.Finding{Rule: lookup(id), Severity: rules.Warning, Message: "m", Location: rules.Location{Path: path, Line: line, Column: 1}}
}

func TestSuppress(t *testing.T) {
	w := `on: push # lockstep:ignore LS101 -- same line
# lockstep:ignore multi-service-deploy -- line above, by name

jobs: {}
x: 1 # lockstep:ignore LS102 -- nothing here
y: 2 # lockstep:ignore LS101
z: 3 # lockstep:ignore LS777 -- unknown
`
	r := repo.New(map[string]string{"w.yml": w, "g.go": "//lockstep:ignore-file LS102 -- generated\n"})
	r.Directives = append(directive.Scan("w.yml", []byte(w)), directive.Scan("g.go", []byte("//lockstep:ignore-file LS102 -- generated\n"))...)
	findings := []rules.Finding{
		finding("LS101", "w.yml", 1), finding("LS101", "w.yml", 4), finding("LS101", "w.yml", 5),
		finding("LS102", "g.go", 9), finding("LS102", "other.yml", 5),
	}
	kept, suppressed, problems := Suppress(r, findings, lookup, map[string]bool{"LS101": true, "LS102": true})
	if suppressed != 3 || len(kept) != 2 || kept[0].Line != 5 || kept[1].Path != "other.yml" {
		t.Errorf("kept %v, suppressed %d", kept, suppressed)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Where()+": "+p.Message)
	}
	want := []string{
		`w.yml:6:6: malformed suppression: a reason is required after "--"`,
		`w.yml:7:6: unknown rule "LS777" in suppression`,
		`w.yml:5:6: unused suppression of LS102: no such finding on line 5`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s", strings.Join(got, "\n"))
	}
	// A disabled rule's directive is not unused.
	_, _, problems = Suppress(r, nil, lookup, map[string]bool{"LS101": true})
	for _, p := range problems {
		if strings.Contains(p.Message, "LS102") {
			t.Errorf("directive of a disabled rule reported: %s", p.Message)
		}
	}
}

func TestBaselineSurvivesLineShift(t *testing.T) {
	f := finding("LS101", "w.yml", 3)
	f.Fingerprint = "aa:1"
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, []rules.Finding{f}); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBaseline("b.json", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	moved := f
	moved.Line = 10
	other := finding("LS101", "w.yml", 3)
	other.Fingerprint = "bb:1"
	kept, n := b.Filter([]rules.Finding{moved, other})
	if n != 1 || len(kept) != 1 || kept[0].Fingerprint != "bb:1" {
		t.Errorf("kept %v, baselined %d", kept, n)
	}
}

func TestReadBaselineErrors(t *testing.T) {
	tests := []struct{ data, want string }{
		{`{"version": 2, "findings": []}`, "b.json:1:2: baseline version 2 is not supported (want 1)"},
		{`{"version": 1, "findings": [}`, "b.json:1:1: syntax error: did not find expected node content"},
		{``, "b.json:1:1: empty baseline file"},
	}
	for _, tt := range tests {
		_, err := ReadBaseline("b.json", []byte(tt.data))
		if err == nil || err.Error() != tt.want {
			t.Errorf("ReadBaseline(%q)\n got: %v\nwant: %s", tt.data, err, tt.want)
		}
	}
}

func FuzzReadBaseline(f *testing.F) {
	f.Add([]byte(`{"version":1,"tool":"lockstep","findings":[{"rule":"LS101","fingerprint":"x:1"}]}`))
	f.Add([]byte("version: 1\nfindings:\n  - {rule: LS102, fingerprint: 'y:2'}\n  - {rule: LS102, fingerprint: 'y:2'}\n"))
	f.Add([]byte(`{"version":2}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBaseline("f.json", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.json") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		// Every finding the file records is hidden, and nothing else.
		var recorded []rules.Finding
		for _, e := range b.Findings {
			f := finding("LS101", "a", 1)
			f.Rule = &rules.Meta{ID: e.Rule}
			f.Fingerprint = e.Fingerprint
			recorded = append(recorded, f)
		}
		other := finding("LS101", "a", 1)
		other.Fingerprint = "\x00not recorded"
		kept, n := b.Filter(append(recorded, other))
		if n != len(recorded) || len(kept) != 1 {
			t.Fatalf("Filter hid %d of %d recorded findings and kept %d", n, len(recorded), len(kept))
		}
	})
}
