package directive

import (
	"reflect"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func TestScan(t *testing.T) {
	data := `on:
  schedule:
    - cron: "0 6 * * 1" # lockstep:ignore LS102 -- weekly train until PAY-142
jobs:
  # lockstep:ignore LS101,multi-service-deploy -- one cluster, one apply

  # another comment
  deploy:
    x: 1 # lockstep:ignore LS103
// lockstep:ignore-file LS104 -- generated
#lockstep:ignoreLS1
# lockstep:ignore LS9x -- y
# lockstep:ignore -- why
text lockstep:ignore LS101 -- not a comment
`
	got := Scan("w.yml", []byte(data))
	want := []Directive{
		{Pos: source.Pos{File: "w.yml", Line: 3, Col: 25}, Rules: []string{"LS102"}, Reason: "weekly train until PAY-142", Line: 3},
		{Pos: source.Pos{File: "w.yml", Line: 5, Col: 3}, Rules: []string{"LS101", "multi-service-deploy"}, Reason: "one cluster, one apply", Line: 8},
		{Pos: source.Pos{File: "w.yml", Line: 9, Col: 10}, Rules: []string{"LS103"}, Line: 9, Malformed: `a reason is required after "--"`},
		{Pos: source.Pos{File: "w.yml", Line: 10, Col: 1}, Rules: []string{"LS104"}, Reason: "generated", Line: 0},
		{Pos: source.Pos{File: "w.yml", Line: 11, Col: 1}, Line: 14, Malformed: "expected a space and rule IDs after lockstep:ignore"},
		{Pos: source.Pos{File: "w.yml", Line: 12, Col: 1}, Line: 14, Malformed: `"LS9x" is not a rule ID or name`},
		{Pos: source.Pos{File: "w.yml", Line: 13, Col: 1}, Line: 14, Malformed: "no rule named; write lockstep:ignore LS101 -- reason", Reason: "why"},
	}
	if !reflect.DeepEqual(got, want) {
		for i := range got {
			t.Logf("got %d: %+v", i, got[i])
		}
		t.Fatal("directives differ")
	}
}

func TestScanNoMarker(t *testing.T) {
	if got := Scan("a.yml", []byte("a: 1\n")); got != nil {
		t.Fatal(got)
	}
}

func FuzzScan(f *testing.F) {
	f.Add([]byte("# lockstep:ignore LS101 -- x\na: 1"))
	f.Add([]byte("x // lockstep:ignore-file a,b --"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range Scan("f", data) {
			if d.Pos.Line < 1 || d.Line < 0 {
				t.Fatalf("bad directive %+v", d)
			}
		}
	})
}

func TestScanGoOnlyReadsComments(t *testing.T) {
	src := "package p\n\n// Doc shows an example:\n//\n//\t# lockstep:ignore LS101 -- quoted in a doc comment\nvar s = \"// lockstep:ignore LS101 -- in a string\"\n\n//lockstep:ignore LS301 -- flag evaluated elsewhere\nfunc f() {}\n\nvar x = 1 // lockstep:ignore-file LS305 -- generated keys\n"
	got := Scan("p.go", []byte(src))
	want := []Directive{
		{Pos: source.Pos{File: "p.go", Line: 8, Col: 1}, Rules: []string{"LS301"}, Reason: "flag evaluated elsewhere", Line: 9},
		{Pos: source.Pos{File: "p.go", Line: 11, Col: 11}, Rules: []string{"LS305"}, Reason: "generated keys", Line: 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
}
