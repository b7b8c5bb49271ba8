package dockerfile

import (
	"reflect"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte("# syntax=docker/dockerfile:1\nARG V=1\nFROM --platform=$P golang:${V} AS b\nCOPY --from=b \\\n  # c\n  /a /b\nRUN <<-EOF\n\tx\n\tEOF\n"))
	f.Add([]byte("# escape=`\r\nFROM a `\r\n AS b\r\nARG X=\"q\\\"\" Y='z'\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, problems := Parse("svc/Dockerfile", data)
		checkPositions(t, "svc/Dockerfile", file)
		checkPositions(t, "svc/Dockerfile", problems)
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
