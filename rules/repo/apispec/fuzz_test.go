package apispec

import (
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(protoFixture))
	f.Add([]byte("openapi: 3.0.0\ninfo: {title: a, version: '1'}\npaths:\n  /a: {}\n"))
	f.Add([]byte("{\"swagger\": \"2.0\", \"paths\": {\"/x\": {}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, problems := ParseProto("api/x.proto", data)
		sourcetest.CheckPositions(t, "api/x.proto", spec)
		sourcetest.CheckPositions(t, "api/x.proto", problems)
		docs, _ := source.ParseYAML("api/openapi.yaml", data, source.DefaultLimits)
		if spec, ok := Sniff("api/openapi.yaml", docs); ok {
			sourcetest.CheckPositions(t, "api/openapi.yaml", spec)
		} else if spec != nil {
			t.Errorf("Sniff returned a spec with ok == false")
		}
	})
}
