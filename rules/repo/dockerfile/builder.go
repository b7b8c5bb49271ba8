package dockerfile

import (
	"slices"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// builder turns instructions into the File model.
type builder struct {
	file     *File
	escape   byte
	problems []source.Problem
}

func (b *builder) problem(pos source.Pos, format string, args ...any) {
	b.problems = source.AddCapped(b.problems, source.Problemf(pos, source.ReasonInvalid, format, args...))
}

// str positions value at byte offset off of the instruction's text.
func (b *builder) str(in *instruction, off int, value string) source.String {
	return source.String{Value: value, Pos: in.pos(b.file.Path, off)}
}

func (b *builder) instruction(in *instruction) {
	words := splitWords(in.text, b.escape)
	if len(words) == 0 {
		return
	}
	keyword := strings.ToUpper(words[0].raw)
	at := in.pos(b.file.Path, 0)
	args := words[1:]
	var stage *Stage
	if n := len(b.file.Stages); n > 0 {
		stage = b.file.Stages[n-1]
	}
	switch keyword {
	case "FROM":
		b.from(in, at, args)
	case "ARG":
		if len(args) == 0 {
			b.problem(at, "ARG requires a name")
		}
		if stage == nil {
			b.file.Args = slices.Grow(b.file.Args, len(args))
		} else {
			stage.Args = slices.Grow(stage.Args, len(args))
		}
		for _, w := range args {
			kv, ok := b.arg(in, w)
			switch {
			case !ok:
			case stage == nil:
				b.file.Args = append(b.file.Args, kv)
			default:
				stage.Args = append(stage.Args, kv)
			}
		}
	case "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
		"VOLUME", "USER", "WORKDIR", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL":
		if stage == nil {
			b.problem(at, "%s before the first FROM", keyword)
			return
		}
		if keyword == "COPY" {
			stage.CopyFrom = append(stage.CopyFrom, b.flag(in, args, "from")...)
		}
	default:
		b.problem(at, "unknown instruction %s", words[0].raw)
	}
}

// from reads "FROM [--platform=p] image [AS name]".
func (b *builder) from(in *instruction, at source.Pos, args []word) {
	s := &Stage{Pos: at}
	for len(args) > 0 && strings.HasPrefix(args[0].raw, "--") {
		if v, ok := strings.CutPrefix(args[0].raw, "--platform="); ok {
			s.Platform = b.str(in, args[0].start+len("--platform="), unquote(v, b.escape))
		}
		args = args[1:]
	}
	if len(args) == 0 {
		b.problem(at, "FROM requires an image")
		return
	}
	s.From = b.str(in, args[0].start, args[0].raw)
	switch rest := args[1:]; {
	case len(rest) == 0:
	case len(rest) == 2 && strings.EqualFold(rest[0].raw, "AS"):
		s.Name = b.str(in, rest[1].start, rest[1].raw)
	default:
		b.problem(in.pos(b.file.Path, rest[0].start), "FROM: expected \"AS name\" after the image, got %q",
			in.text[rest[0].start:])
	}
	b.file.Stages = append(b.file.Stages, s)
}

// arg reads one "NAME[=default]" word of an ARG.
func (b *builder) arg(in *instruction, w word) (KV, bool) {
	name, value, hasValue := strings.Cut(w.raw, "=")
	if name == "" {
		b.problem(in.pos(b.file.Path, w.start), "ARG: missing name in %q", w.raw)
		return KV{}, false
	}
	kv := KV{Key: b.str(in, w.start, name)}
	if hasValue {
		kv.Value = b.str(in, w.start+len(name)+1, unquote(value, b.escape))
	}
	return kv, true
}

// flag returns the values of --name=value flags, which precede an
// instruction's other arguments.
func (b *builder) flag(in *instruction, args []word, name string) []source.String {
	var out []source.String
	prefix := "--" + name + "="
	for _, w := range args {
		if !strings.HasPrefix(w.raw, "--") {
			break
		}
		if v, ok := strings.CutPrefix(w.raw, prefix); ok {
			out = append(out, b.str(in, w.start+len(prefix), unquote(v, b.escape)))
		}
	}
	return out
}
