package gomod

import (
	"reflect"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(goMod))
	f.Add([]byte("module m\nrequire (\n\t\"a\" v1.0.0 // indirect\n)\nretract [v1.0.0, v1.1.0]\n"))
	f.Add([]byte("go 1.22\nuse (\n\t./a\n)\nreplace x v1.0.0 => ../y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, problems := Parse("svc/go.mod", data)
		checkPositions(t, "svc/go.mod", m)
		checkPositions(t, "svc/go.mod", problems)
		w, problems := ParseWork("go.work", data)
		checkPositions(t, "go.work", w)
		checkPositions(t, "go.work", problems)
		for _, r := range append(m.Replaces, w.Replaces...) {
			if r.Target == ".." || len(r.Target) > 2 && r.Target[:3] == "../" {
				t.Errorf("target %q escapes the repository", r.Target)
			}
		}
	})
}

// checkPositions fails when a position in v is set but not 1-based or
// names another file.
func checkPositions(t *testing.T, file string, v any) {
	t.Helper()
	posType := reflect.TypeFor[source.Pos]()
	var walk func(v reflect.Value, depth int)
	walk = func(v reflect.Value, depth int) {
		if depth > 50 {
			return
		}
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem(), depth+1)
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i), depth+1)
			}
		case reflect.Struct:
			if v.Type() == posType {
				p := v.Interface().(source.Pos)
				if p != (source.Pos{}) && (p.Line < 1 || p.Col < 1 || p.File != file) {
					t.Errorf("bad position %+v", p)
				}
				return
			}
			for i := range v.NumField() {
				walk(v.Field(i), depth+1)
			}
		}
	}
	walk(reflect.ValueOf(v), 0)
}
