// Package dockerfile reads Dockerfiles into the repository model: build
// stages with their base images, build arguments, and the images and
// stages COPY --from pulls in, each with its position.
package dockerfile

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// File is one Dockerfile. Pos is the start of the file.
type File struct {
	Path   string
	Stages []*Stage
	// Args are the ARGs declared before the first FROM: the only ones a
	// FROM line may use, so the ones that carry a base image's version.
	Args []KV
	Pos  source.Pos
}

// Stage is one FROM and the instructions up to the next. Pos is the FROM
// keyword.
type Stage struct {
	// From is the base image or earlier stage as written, variables
	// unexpanded ("golang:${GO_VERSION}").
	From source.String
	// Name is the AS name as written; BuildKit compares stage names
	// without regard to case.
	Name     source.String
	Platform source.String // --platform=
	Args     []KV          // ARGs declared in this stage
	// CopyFrom are the --from= values of COPY: a stage name, a stage
	// index, or an image.
	CopyFrom []source.String
	Pos      source.Pos
}

// KV is one ARG: its name and its default. Value has a zero Pos when no
// default is written.
type KV struct {
	Key, Value source.String
}

// IsDockerfile reports the names Docker and Podman builds use by
// default or by convention: Dockerfile, Dockerfile.<variant>,
// <name>.Dockerfile (any case), Containerfile and Containerfile.<variant>.
func IsDockerfile(p string) bool {
	base := strings.ToLower(path.Base(p))
	for _, name := range []string{"dockerfile", "containerfile"} {
		if base == name || strings.HasPrefix(base, name+".") && len(base) > len(name)+1 {
			return true
		}
	}
	return strings.HasSuffix(base, ".dockerfile") && len(base) > len(".dockerfile")
}

// Parse reads the Dockerfile at path. It follows BuildKit's reading of
// the text: parser directives (escape= changes the continuation
// character), comments, line continuations with comment and blank lines
// inside them, and heredoc bodies (RUN, COPY and ADD), which are skipped.
// Malformed instructions are reported and the rest is read.
func Parse(path string, data []byte) (*File, []source.Problem) {
	f := &File{Path: path, Pos: source.Pos{File: path, Line: 1, Col: 1}}
	lim := source.DefaultLimits
	lim.MaxBytes = maxBytes
	if p := source.CheckText(path, data, lim); p != nil {
		return f, []source.Problem{*p}
	}
	r := newReader(path, data)
	b := &builder{file: f, escape: r.escape}
	for {
		inst, ok := r.next()
		if !ok {
			break
		}
		b.instruction(inst)
	}
	problems := append(slices.Clip(r.problems), b.problems...)
	slices.SortStableFunc(problems, func(a, b source.Problem) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	return f, problems
}

// maxBytes refuses Dockerfiles over 1 MiB: real ones are a few KB, and
// a hostile megabyte of arguments already costs a second.
const maxBytes = 1 << 20
