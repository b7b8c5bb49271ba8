package skaffold

import (
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(fixture))
	f.Add([]byte("apiVersion: skaffold/v4\nbuild: &b\n  artifacts: [{image: a}]\nprofiles:\n  - name: p\n    <<: *b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, problems := source.ParseYAML("skaffold.yaml", data, source.DefaultLimits)
		configs, more := Parse("skaffold.yaml", docs)
		sourcetest.CheckPositions(t, "skaffold.yaml", configs)
		sourcetest.CheckPositions(t, "skaffold.yaml", append(problems, more...))
	})
}
