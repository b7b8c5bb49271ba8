package actions

import (
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
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
		sourcetest.CheckPositions(t, file, probs)
		sourcetest.CheckPositions(t, file, w)
	})
}
