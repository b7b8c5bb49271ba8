package compose

import (
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(fullFixture))
	f.Add([]byte("A=1\nexport B='x'\nC=\"multi\nline\" # c\n"))
	f.Add([]byte("services:\n  a: &a\n    image: x\n  b:\n    <<: *a\n    environment: [X=${Y:-${Z}}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, problems := source.ParseYAML("compose.yaml", data, source.DefaultLimits)
		file, more := Parse("compose.yaml", docs)
		sourcetest.CheckPositions(t, "compose.yaml", file)
		sourcetest.CheckPositions(t, "compose.yaml", append(problems, more...))
		env, problems := ParseEnvFile(".env", data)
		sourcetest.CheckPositions(t, ".env", env)
		sourcetest.CheckPositions(t, ".env", problems)
		Variables(string(data))
	})
}
