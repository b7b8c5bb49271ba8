package gitlab

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// fuzzFiles are the files a fuzz input splits into, at "\n=====\n".
var fuzzFiles = []string{root, "a.yml", "ci/b.yml", "c.yml"}

func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		threeFiles[root],
		"include: a.yml\n.t: {script: [x]}\njob: {extends: .t}\n=====\nb: {needs: [], script: !reference [.t, script]}\n",
		"include: [{local: /ci/b.yml}]\n=====\n=====\ninclude: a.yml\nx: {extends: [y]}\ny: {extends: x}\n",
		"job:\n  script: |\n    a\n    b\n  only: {refs: [main]}\n  parallel: {matrix: [{A: [1, 2]}]}\n",
		"a: &a {<<: *a}\n",
		"include: c.yml\n=====\n=====\n=====\ninclude: .gitlab-ci.yml\n",
		".t: {script: x}\ndefault: {image: i}\njob: !reference [.t]\n",
		"spec:\n  inputs: {}\n---\njob: {script: x, trigger: {include: [x.yml]}}\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		files := map[string][]byte{}
		for i, part := range bytes.SplitN(data, []byte("\n=====\n"), len(fuzzFiles)) {
			files[fuzzFiles[i]] = part
		}
		read := func(p string) ([]byte, error) {
			if b, ok := files[p]; ok {
				return b, nil
			}
			return nil, errNotFound
		}
		p, probs := Load(root, read, source.DefaultLimits)
		for _, pr := range probs {
			checkPos(t, pr.Pos)
		}
		if p != nil {
			walkPositions(t, reflect.ValueOf(p))
		}
	})
}

type notFound struct{}

func (notFound) Error() string { return "not found" }

var errNotFound error = notFound{}

func checkPos(t *testing.T, p source.Pos) {
	t.Helper()
	if p == (source.Pos{}) {
		return
	}
	known := false
	for _, f := range fuzzFiles {
		known = known || p.File == f
	}
	if p.Line < 1 || p.Col < 1 || !known {
		t.Errorf("bad position %+v", p)
	}
}

// walkPositions checks every source.Pos reachable from v.
func walkPositions(t *testing.T, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkPositions(t, v.Elem())
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkPositions(t, v.Index(i))
		}
	case reflect.Struct:
		if p, ok := v.Interface().(source.Pos); ok {
			checkPos(t, p)
			return
		}
		for i := 0; i < v.NumField(); i++ {
			walkPositions(t, v.Field(i))
		}
	}
}
