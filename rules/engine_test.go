package rules_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// fakeRule reports one finding per configured position.
type fakeRule struct {
	meta *rules.Meta
	at   []source.Pos
	msg  string
	boom bool
}

func (f *fakeRule) Meta() *rules.Meta { return f.meta }
func (f *fakeRule) Check(p *rules.Pass) {
	if f.boom {
		panic("boom")
	}
	for _, pos := range f.at {
		p.Reportf(pos, "%s", f.msg)
	}
}

func meta(id string, sev rules.Severity) *rules.Meta {
	return &rules.Meta{ID: id, Name: "rule-" + strings.ToLower(id), Severity: sev}
}

func TestRunSortsAndOverrides(t *testing.T) {
	r := repo.New(map[string]string{"a.yml": "x\ny\n", "b.yml": "z\n"})
	all := []rules.Rule{
		&fakeRule{meta: meta("LS102", rules.Warning), at: []source.Pos{{File: "b.yml", Line: 1, Col: 1}, {File: "a.yml", Line: 2, Col: 3}}, msg: "two"},
		&fakeRule{meta: meta("LS101", rules.Error), at: []source.Pos{{File: "a.yml", Line: 2, Col: 3}}, msg: "one"},
		&fakeRule{meta: &rules.Meta{ID: "LS103", Name: "off", Severity: rules.Note, Disabled: true}, at: []source.Pos{{File: "a.yml", Line: 1}}},
	}
	got, err := rules.Run(context.Background(), r, all, rules.Options{Severity: map[string]rules.Severity{"LS102": rules.Note}})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for i := range got {
		lines = append(lines, got[i].String())
	}
	want := "a.yml:2:3: error: one [LS101 rule-ls101]\na.yml:2:3: note: two [LS102 rule-ls102]\nb.yml:1:1: note: two [LS102 rule-ls102]"
	if strings.Join(lines, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), want)
	}
}

func TestFingerprintSurvivesLineShift(t *testing.T) {
	rule := func(line int) []rules.Rule {
		return []rules.Rule{&fakeRule{meta: meta("LS101", rules.Error), at: []source.Pos{{File: "w.yml", Line: line, Col: 3}}, msg: "deploys 12 services at line 7"}}
	}
	before := repo.New(map[string]string{"w.yml": "a: 1\n  deploy: all\n"})
	after := repo.New(map[string]string{"w.yml": "# new comment\n\na: 1\n  deploy: all\n"})
	f1, _ := rules.Run(context.Background(), before, rule(2), rules.Options{})
	f2, _ := rules.Run(context.Background(), after, rule(4), rules.Options{})
	if f1[0].Fingerprint != f2[0].Fingerprint || f1[0].Fingerprint == "" {
		t.Errorf("fingerprints differ: %s vs %s", f1[0].Fingerprint, f2[0].Fingerprint)
	}
	other, _ := rules.Run(context.Background(), after, rule(3), rules.Options{})
	if other[0].Fingerprint == f2[0].Fingerprint {
		t.Error("a finding on another line got the same fingerprint")
	}
}

func TestRunReportsPanics(t *testing.T) {
	_, err := rules.Run(context.Background(), repo.New(nil), []rules.Rule{&fakeRule{meta: meta("LS101", rules.Error), boom: true}}, rules.Options{})
	if err == nil || !strings.Contains(err.Error(), "rule LS101 failed: boom") {
		t.Fatalf("err = %v", err)
	}
}

func TestLogicalLocationsSortLast(t *testing.T) {
	r := repo.New(map[string]string{"z.yml": "a\n"})
	lr := &logicalRule{meta: meta("LS201", rules.Error)}
	fr := &fakeRule{meta: meta("LS101", rules.Error), at: []source.Pos{{File: "z.yml", Line: 1, Col: 1}}, msg: "m"}
	got, err := rules.Run(context.Background(), r, []rules.Rule{lr, fr}, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Path != "z.yml" || got[1].Where() != "github:acme/shop@main" {
		t.Errorf("order: %s, %s", got[0].Where(), got[1].Where())
	}
}

type logicalRule struct{ meta *rules.Meta }

func (l *logicalRule) Meta() *rules.Meta { return l.meta }
func (l *logicalRule) Check(p *rules.Pass) {
	p.Report(rules.Finding{Location: rules.Logical("github:acme/shop@main"), Message: "unprotected"})
}
