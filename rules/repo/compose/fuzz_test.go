package compose

import (
	"reflect"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(fullFixture))
	f.Add([]byte("A=1\nexport B='x'\nC=\"multi\nline\" # c\n"))
	f.Add([]byte("services:\n  a: &a\n    image: x\n  b:\n    <<: *a\n    environment: [X=${Y:-${Z}}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, problems := source.ParseYAML("compose.yaml", data, source.DefaultLimits)
		file, more := Parse("compose.yaml", docs)
		checkPositions(t, "compose.yaml", file)
		checkPositions(t, "compose.yaml", append(problems, more...))
		env, problems := ParseEnvFile(".env", data)
		checkPositions(t, ".env", env)
		checkPositions(t, ".env", problems)
		Variables(string(data))
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
