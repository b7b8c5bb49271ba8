package apispec

import (
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// ParseProto reads the declarations of a .proto file that identify its
// API: syntax or edition, package, services with their rpcs, and messages
// (nested ones too). It is a light scanner, not a protobuf compiler:
// comments, strings, options and field syntax are skipped over, and an
// error in one declaration does not hide the others.
func ParseProto(path string, data []byte) (*Spec, []source.Problem) {
	spec := &Spec{Path: path, Format: FormatProto, Pos: source.Pos{File: path, Line: 1, Col: 1}}
	if p := source.CheckText(path, data, source.DefaultLimits); p != nil {
		return spec, []source.Problem{*p}
	}
	toks, problems := lexProto(path, data)
	p := &protoParser{toks: toks, spec: spec, problems: problems}
	p.parse()
	return spec, p.problems
}

type blockKind int

const (
	blockOther blockKind = iota // enum, oneof, extend, option values, rpc bodies
	blockMessage
	blockService
)

type block struct {
	kind blockKind
	name string // the qualified name of a message or service
	open token  // the token that opened it, for reporting
}

type protoParser struct {
	toks     []token
	i        int
	stack    []block
	spec     *Spec
	problems []source.Problem
}

func (p *protoParser) peek(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return token{kind: tokPunct}
}

func (p *protoParser) is(k int, kind tokenKind, text string) bool {
	t := p.peek(k)
	return p.i+k < len(p.toks) && t.kind == kind && (text == "" || t.text == text)
}

func (p *protoParser) parse() {
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		inside := blockKind(-1) // top level
		if n := len(p.stack); n > 0 {
			inside = p.stack[n-1].kind
		}
		switch {
		case t.kind == tokPunct && t.text == "{":
			p.stack = append(p.stack, block{kind: blockOther, open: t})
			p.i++
		case t.kind == tokPunct && t.text == "}":
			if len(p.stack) == 0 {
				p.problems = append(p.problems, source.Problemf(t.pos, source.ReasonSyntax, "unexpected }"))
			} else {
				p.stack = p.stack[:len(p.stack)-1]
			}
			p.i++
		case t.kind != tokIdent:
			p.i++
		case inside == -1 && (t.text == "syntax" || t.text == "edition") && p.is(1, tokPunct, "=") && p.is(2, tokString, ""):
			v := p.peek(2)
			p.spec.Version = source.String{Value: v.text, Pos: v.pos}
			if t.text == "edition" {
				p.spec.Version.Value = "edition " + v.text
			}
			p.spec.Pos = t.pos
			p.i += 3
		case inside == -1 && t.text == "package" && p.is(1, tokIdent, ""):
			p.i++
			p.spec.Package = p.fullName()
		case (inside == -1 || inside == blockMessage) && t.text == "message" && p.is(1, tokIdent, "") && p.is(2, tokPunct, "{"):
			p.declare(&p.spec.Messages, blockMessage)
		case inside == -1 && t.text == "service" && p.is(1, tokIdent, "") && p.is(2, tokPunct, "{"):
			p.declare(&p.spec.Services, blockService)
		case inside == blockService && t.text == "rpc" && p.is(1, tokIdent, "") && p.is(2, tokPunct, "("):
			n := p.peek(1)
			service := p.stack[len(p.stack)-1].name
			p.spec.RPCs = append(p.spec.RPCs, source.String{Value: service + "." + n.text, Pos: n.pos})
			p.i += 2
		default:
			p.i++
		}
	}
	if len(p.stack) > 0 {
		// The outermost unclosed block is where the reader should look.
		b := p.stack[0]
		what := "{"
		if b.name != "" {
			what = b.open.text + " " + b.name
		}
		p.problems = append(p.problems, source.Problemf(b.open.pos, source.ReasonSyntax, "%s is not closed", what))
	}
}

// declare records the message or service named by the next token and
// opens its block.
func (p *protoParser) declare(into *[]source.String, kind blockKind) {
	keyword, n := p.peek(0), p.peek(1)
	name := n.text
	if len(p.stack) > 0 && p.stack[len(p.stack)-1].name != "" {
		name = p.stack[len(p.stack)-1].name + "." + name
	}
	*into = append(*into, source.String{Value: name, Pos: n.pos})
	p.stack = append(p.stack, block{kind: kind, name: name, open: keyword})
	p.i += 3
}

// fullName reads a dotted name ("a.b.c") starting at the current token.
func (p *protoParser) fullName() source.String {
	first := p.peek(0)
	var b strings.Builder
	b.WriteString(first.text)
	p.i++
	for p.is(0, tokPunct, ".") && p.is(1, tokIdent, "") {
		b.WriteString("." + p.peek(1).text)
		p.i += 2
	}
	return source.String{Value: b.String(), Pos: first.pos}
}
