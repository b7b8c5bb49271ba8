// Package sourcetest holds test helpers shared by the parsers of the
// repository model.
package sourcetest

import (
	"reflect"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// CheckPositions fails t when a position anywhere in v (a parse result or
// its problems, walked by reflection) is set but not 1-based or names a
// file other than file. Fuzz targets use it to prove that no input yields a
// finding that points nowhere.
func CheckPositions(t testing.TB, file string, v any) {
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

// Errors renders problems as their messages, for comparing with a table
// of expected ones.
func Errors(problems []source.Problem) []string {
	var out []string
	for _, p := range problems {
		out = append(out, p.Error())
	}
	return out
}
