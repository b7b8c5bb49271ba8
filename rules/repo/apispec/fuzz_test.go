package apispec

import (
	"reflect"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(protoFixture))
	f.Add([]byte("openapi: 3.0.0\ninfo: {title: a, version: '1'}\npaths:\n  /a: {}\n"))
	f.Add([]byte("{\"swagger\": \"2.0\", \"paths\": {\"/x\": {}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, problems := ParseProto("api/x.proto", data)
		checkPositions(t, "api/x.proto", spec)
		checkPositions(t, "api/x.proto", problems)
		docs, _ := source.ParseYAML("api/openapi.yaml", data, source.DefaultLimits)
		if spec, ok := Sniff("api/openapi.yaml", docs); ok {
			checkPositions(t, "api/openapi.yaml", spec)
		} else if spec != nil {
			t.Errorf("Sniff returned a spec with ok == false")
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
