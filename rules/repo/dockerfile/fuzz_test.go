package dockerfile

import (
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte("# syntax=docker/dockerfile:1\nARG V=1\nFROM --platform=$P golang:${V} AS b\nCOPY --from=b \\\n  # c\n  /a /b\nRUN <<-EOF\n\tx\n\tEOF\n"))
	f.Add([]byte("# escape=`\r\nFROM a `\r\n AS b\r\nARG X=\"q\\\"\" Y='z'\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, problems := Parse("svc/Dockerfile", data)
		sourcetest.CheckPositions(t, "svc/Dockerfile", file)
		sourcetest.CheckPositions(t, "svc/Dockerfile", problems)
	})
}
