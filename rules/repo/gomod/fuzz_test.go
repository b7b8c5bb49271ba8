package gomod

import (
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(goMod))
	f.Add([]byte("module m\nrequire (\n\t\"a\" v1.0.0 // indirect\n)\nretract [v1.0.0, v1.1.0]\n"))
	f.Add([]byte("go 1.22\nuse (\n\t./a\n)\nreplace x v1.0.0 => ../y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, problems := Parse("svc/go.mod", data)
		sourcetest.CheckPositions(t, "svc/go.mod", m)
		sourcetest.CheckPositions(t, "svc/go.mod", problems)
		w, problems := ParseWork("go.work", data)
		sourcetest.CheckPositions(t, "go.work", w)
		sourcetest.CheckPositions(t, "go.work", problems)
		for _, r := range append(m.Replaces, w.Replaces...) {
			if r.Target == ".." || len(r.Target) > 2 && r.Target[:3] == "../" {
				t.Errorf("target %q escapes the repository", r.Target)
			}
		}
	})
}
