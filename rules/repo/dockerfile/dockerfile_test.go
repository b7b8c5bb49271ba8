package dockerfile

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func at(s source.String) string {
	return fmt.Sprintf("%d:%d %s", s.Pos.Line, s.Pos.Col, s.Value)
}

func render(f *File) []string {
	var out []string
	for _, a := range f.Args {
		out = append(out, "global arg "+at(a.Key)+" = "+at(a.Value))
	}
	for _, s := range f.Stages {
		out = append(out, fmt.Sprintf("stage %d:%d from %s as %s platform %s", s.Pos.Line, s.Pos.Col, at(s.From), at(s.Name), at(s.Platform)))
		for _, a := range s.Args {
			out = append(out, "  arg "+at(a.Key)+" = "+at(a.Value))
		}
		for _, c := range s.CopyFrom {
			out = append(out, "  copy from "+at(c))
		}
	}
	return out
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{{
		name: "multi-stage build",
		text: `# syntax=docker/dockerfile:1.7
# A comment, then the global args.
ARG GO_VERSION=1.22 BASE="gcr.io/distroless/static:nonroot"
ARG VERSION

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY --from=tools --chmod=0755 /bin/x /bin/x
RUN go build -o /out/app ./cmd/app # not a comment

from ${BASE} as Runtime
COPY --from=build /out/app /app
COPY --link --from=ghcr.io/acme/certs:1.0 /certs /certs
`,
		want: []string{
			"global arg 3:5 GO_VERSION = 3:16 1.22",
			"global arg 3:21 BASE = 3:26 gcr.io/distroless/static:nonroot",
			"global arg 4:5 VERSION = 0:0 ",
			"stage 6:1 from 6:32 golang:${GO_VERSION} as 6:56 build platform 6:17 $BUILDPLATFORM",
			"  arg 7:5 TARGETOS = 0:0 ",
			"  arg 7:14 TARGETARCH = 0:0 ",
			"  copy from 9:13 tools",
			"stage 12:1 from 12:6 ${BASE} as 12:17 Runtime platform 0:0 ",
			"  copy from 13:13 build",
			"  copy from 14:20 ghcr.io/acme/certs:1.0",
		},
	}, {
		name: "continuations with comments and blank lines inside",
		text: "FROM \\\n  # the base image\n\n    alpine:3.20 \\\n  AS base\n  RUN apk add \\\n    curl\nFROM base\n",
		want: []string{
			"stage 1:1 from 4:5 alpine:3.20 as 5:6 base platform 0:0 ",
			"stage 8:1 from 8:6 base as 0:0  platform 0:0 ",
		},
	}, {
		name: "heredocs are skipped",
		text: "FROM alpine\nRUN <<EOF\nFROM not-a-stage\nARG NOT_AN_ARG\nEOF\nCOPY <<-\"CONF\" <<ALSO /etc/\n\tFROM nope\n\tCONF\nFROM nope either\nALSO\nRUN cat <<<'here-string, not a heredoc'\nFROM final\n",
		want: []string{
			"stage 1:1 from 1:6 alpine as 0:0  platform 0:0 ",
			"stage 12:1 from 12:6 final as 0:0  platform 0:0 ",
		},
	}, {
		name: "escape directive and CRLF",
		text: "# escape=`\r\nFROM mcr.microsoft.com/windows:ltsc2022 `\r\n  AS win\r\nARG DIR=C:\\tools\r\nRUN dir C:\\ \r\n",
		want: []string{
			"stage 2:1 from 2:6 mcr.microsoft.com/windows:ltsc2022 as 3:6 win platform 0:0 ",
			"  arg 4:5 DIR = 4:9 C:\\tools",
		},
	}, {
		name: "a directive after a comment is a comment",
		text: "# hello\n# escape=`\nFROM a \\\n  AS b\n",
		want: []string{"stage 3:1 from 3:6 a as 4:6 b platform 0:0 "},
	}, {
		name: "indented instructions, quoted ARG values, unicode columns",
		text: "  ARG MSG=\"héllo wörld\" PATHS='a b'\nFROM ünïcode AS x\n",
		want: []string{
			"global arg 1:7 MSG = 1:11 héllo wörld",
			"global arg 1:25 PATHS = 1:31 a b",
			"stage 2:1 from 2:6 ünïcode as 2:17 x platform 0:0 ",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, problems := Parse("svc/Dockerfile", []byte(tt.text))
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			if got := render(f); !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
		stages     int
	}{
		{"FROM without an image", "FROM --platform=linux/amd64\nFROM a\n", []string{"Dockerfile:1:1: invalid content: FROM requires an image"}, 1},
		{"FROM with junk after the image", "FROM a b c\n", []string{`Dockerfile:1:8: invalid content: FROM: expected "AS name" after the image, got "b c"`}, 1},
		{"FROM with AS but no name", "FROM a AS\n", []string{`Dockerfile:1:8: invalid content: FROM: expected "AS name" after the image, got "AS"`}, 1},
		{"instruction before FROM", "RUN x\nFROM a\n", []string{"Dockerfile:1:1: invalid content: RUN before the first FROM"}, 1},
		{"unknown instruction", "FROM a\nRUNN x\n", []string{"Dockerfile:2:1: invalid content: unknown instruction RUNN"}, 1},
		{"ARG without a name", "ARG\nARG =x\nFROM a\n", []string{
			"Dockerfile:1:1: invalid content: ARG requires a name",
			`Dockerfile:2:5: invalid content: ARG: missing name in "=x"`}, 1},
		{"unterminated heredoc", "FROM a\nRUN <<EOF\necho\nFROM b\n", []string{"Dockerfile:2:5: syntax error: heredoc EOF is not terminated"}, 1},
		{"bad escape directive", "# escape=x\nFROM a\n", []string{"Dockerfile:1:1: invalid content: escape directive must be \\ or `, got \"x\""}, 1},
		{"invalid UTF-8", "FROM a\n\xff\n", []string{"Dockerfile:2:1: not UTF-8: invalid UTF-8 sequence"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, problems := Parse("Dockerfile", []byte(tt.text))
			got := sourcetest.Errors(problems)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if len(f.Stages) != tt.stages {
				t.Errorf("got %d stages, want %d", len(f.Stages), tt.stages)
			}
		})
	}
}

func TestIsDockerfile(t *testing.T) {
	for p, want := range map[string]bool{
		"Dockerfile": true, "svc/Dockerfile": true, "Dockerfile.prod": true, "api.Dockerfile": true,
		"api.dockerfile": true, "Containerfile": true, "Containerfile.dev": true, "dockerfile": true,
		"Dockerfile.": false, ".dockerfile": false, "Dockerfiles": false, "docker-compose.yml": false,
		"Dockerfile_old": false,
	} {
		if got := IsDockerfile(p); got != want {
			t.Errorf("IsDockerfile(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestParseTooLarge(t *testing.T) {
	data := []byte("FROM a\n" + strings.Repeat("RUN x\n", maxBytes/6))
	f, problems := Parse("Dockerfile", data)
	if len(problems) != 1 || problems[0].Reason != source.ReasonTooLarge || len(f.Stages) != 0 {
		t.Errorf("got %d stages and problems %v", len(f.Stages), problems)
	}
}
