package source

import (
	"testing"
)

func parseOne(t *testing.T, s string) *Doc {
	t.Helper()
	docs, problems := ParseYAML("n.yaml", []byte(s), DefaultLimits)
	if len(problems) > 0 || len(docs) != 1 {
		t.Fatalf("docs %d problems %v", len(docs), problems)
	}
	return docs[0]
}

func TestLookupMergeKeys(t *testing.T) {
	d := parseOne(t, `defaults: &defaults
  image: golang
  stage: test
job:
  <<: *defaults
  stage: build
`)
	job := Get(d.Root, "job")
	if got := Str("n.yaml", Get(job, "stage")); got.Value != "build" || got.Pos.Line != 6 || got.Pos.Col != 10 {
		t.Errorf("own key: %+v", got)
	}
	if got := Str("n.yaml", Get(job, "image")); got.Value != "golang" || got.Pos.Line != 2 {
		t.Errorf("merged key: %+v", got)
	}
	if n := len(Pairs(job)); n != 2 {
		t.Errorf("pairs: %d, want 2 (stage overridden, image merged)", n)
	}
}

func TestItemsAndStrings(t *testing.T) {
	d := parseOne(t, "a: one\nb: [x, y]\nc: null\nd:\n")
	if got := Strings("n.yaml", Get(d.Root, "a")); len(got) != 1 || got[0].Value != "one" {
		t.Errorf("scalar as list: %v", got)
	}
	if got := Strings("n.yaml", Get(d.Root, "b")); len(got) != 2 || got[1].Pos.Col != 8 {
		t.Errorf("sequence: %+v", got)
	}
	if got := Items(Get(d.Root, "c")); got != nil {
		t.Errorf("null: %v", got)
	}
	if !IsNull(Get(d.Root, "d")) || IsNull(Get(d.Root, "a")) {
		t.Error("IsNull")
	}
}

func TestBoolInt(t *testing.T) {
	d := parseOne(t, "a: true\nb: False\nc: yes\nd: 42\n")
	if v, ok := Bool(Get(d.Root, "a")); !v || !ok {
		t.Error("true")
	}
	if v, ok := Bool(Get(d.Root, "b")); v || !ok {
		t.Error("False")
	}
	if _, ok := Bool(Get(d.Root, "c")); ok {
		t.Error("yes is a string in YAML 1.2")
	}
	if v, ok := Int(Get(d.Root, "d")); v != 42 || !ok {
		t.Error("int")
	}
}

func TestLineText(t *testing.T) {
	data := []byte("one\r\ntwo\nthree")
	for line, want := range map[int]string{1: "one", 2: "two", 3: "three", 4: "", 0: ""} {
		if got := LineText(data, line); got != want {
			t.Errorf("line %d: %q, want %q", line, got, want)
		}
	}
}
