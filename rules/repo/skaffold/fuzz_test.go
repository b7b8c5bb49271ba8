package skaffold

import (
	"reflect"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(fixture))
	f.Add([]byte("apiVersion: skaffold/v4\nbuild: &b\n  artifacts: [{image: a}]\nprofiles:\n  - name: p\n    <<: *b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, problems := source.ParseYAML("skaffold.yaml", data, source.DefaultLimits)
		configs, more := Parse("skaffold.yaml", docs)
		checkPositions(t, "skaffold.yaml", configs)
		checkPositions(t, "skaffold.yaml", append(problems, more...))
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
