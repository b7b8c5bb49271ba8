package actions

import (
	"reflect"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		deployWorkflow,
		"on: [push]\njobs:\n  a:\n    uses: ./x.yml\n",
		"on:\n  schedule: [{cron: '* * * * *'}]\njobs: {a: {runs-on: x, steps: [{run: \"a\\nb\"}]}}\n",
		"on: push\njobs:\n  a:\n    runs-on: x\n    strategy: {matrix: {a: [1], include: [{a: 2}]}}\n",
		"x: &a [*a]\n",
		"on: {push: [1]}\njobs: 3\n",
		"- a\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _ := source.ParseYAML(file, data, source.DefaultLimits)
		w, probs := Parse(file, data, docs)
		for _, p := range probs {
			checkPos(t, p.Pos)
		}
		if w != nil {
			walkPositions(t, reflect.ValueOf(w))
		}
	})
}

func checkPos(t *testing.T, p source.Pos) {
	t.Helper()
	if p != (source.Pos{}) && (p.Line < 1 || p.Col < 1 || p.File != file) {
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
