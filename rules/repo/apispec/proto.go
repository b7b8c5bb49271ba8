package apispec

import (
	"cmp"
	"slices"
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
	p := &protoParser{lex: &protoLexer{file: path, data: data, line: 1}, spec: spec}
	p.parse()
	problems := append(slices.Clip(p.lex.problems), p.problems...)
	slices.SortStableFunc(problems, func(a, b source.Problem) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	return spec, problems
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

// maxProblems bounds what one broken file reports.
const maxProblems = 50

// maxNesting bounds the declarations recorded inside one another: names
// are qualified by their parents, so unbounded nesting would cost
// quadratic memory. Real files nest a few levels.
const maxNesting = 64

type protoParser struct {
	lex      *protoLexer
	ahead    []token // the tokens peeked at and not yet consumed
	stack    []block
	spec     *Spec
	problems []source.Problem
	tooDeep  bool // the nesting problem has been reported
	// overflow counts the blocks open beyond maxNesting, which are not
	// kept: a file of a million braces must not cost a million blocks.
	overflow int
}

func (p *protoParser) push(b block) {
	if len(p.stack) >= maxNesting {
		p.overflow++
		return
	}
	p.stack = append(p.stack, b)
}

// pop closes the innermost block, reporting whether one was open.
func (p *protoParser) pop() bool {
	switch {
	case p.overflow > 0:
		p.overflow--
	case len(p.stack) > 0:
		p.stack = p.stack[:len(p.stack)-1]
	default:
		return false
	}
	return true
}

// peek returns the token k places ahead; ok is false past the end.
func (p *protoParser) peek(k int) (token, bool) {
	for len(p.ahead) <= k {
		t, ok := p.lex.next()
		if !ok {
			return token{}, false
		}
		p.ahead = append(p.ahead, t)
	}
	return p.ahead[k], true
}

func (p *protoParser) is(k int, kind tokenKind, text string) bool {
	t, ok := p.peek(k)
	return ok && t.kind == kind && (text == "" || t.text == text)
}

// skip consumes n tokens.
func (p *protoParser) skip(n int) {
	for ; n > 0; n-- {
		if _, ok := p.peek(0); !ok {
			return
		}
		p.ahead = p.ahead[1:]
	}
}

func (p *protoParser) problem(pos source.Pos, reason source.Reason, format string, args ...any) {
	if len(p.problems) < maxProblems {
		p.problems = append(p.problems, source.Problemf(pos, reason, format, args...))
	}
}

func (p *protoParser) parse() {
	for {
		t, ok := p.peek(0)
		if !ok {
			break
		}
		inside := blockKind(-1) // top level
		if n := len(p.stack); p.overflow > 0 {
			inside = blockOther
		} else if n > 0 {
			inside = p.stack[n-1].kind
		}
		switch {
		case t.kind == tokPunct && t.text == "{":
			p.push(block{kind: blockOther, open: t})
			p.skip(1)
		case t.kind == tokPunct && t.text == "}":
			if !p.pop() {
				p.problem(t.pos, source.ReasonSyntax, "unexpected }")
			}
			p.skip(1)
		case t.kind != tokIdent:
			p.skip(1)
		case inside == -1 && (t.text == "syntax" || t.text == "edition") && p.is(1, tokPunct, "=") && p.is(2, tokString, ""):
			v, _ := p.peek(2)
			p.spec.Version = source.String{Value: v.text, Pos: v.pos}
			if t.text == "edition" {
				p.spec.Version.Value = "edition " + v.text
			}
			p.spec.Pos = t.pos
			p.skip(3)
		case inside == -1 && t.text == "package" && p.is(1, tokIdent, ""):
			p.skip(1)
			p.spec.Package = p.fullName()
		case (inside == -1 || inside == blockMessage) && t.text == "message" && p.is(1, tokIdent, "") && p.is(2, tokPunct, "{"):
			p.declare(&p.spec.Messages, blockMessage)
		case inside == -1 && t.text == "service" && p.is(1, tokIdent, "") && p.is(2, tokPunct, "{"):
			p.declare(&p.spec.Services, blockService)
		case inside == blockService && t.text == "rpc" && p.is(1, tokIdent, "") && p.is(2, tokPunct, "("):
			n, _ := p.peek(1)
			service := p.stack[len(p.stack)-1].name
			p.spec.RPCs = append(p.spec.RPCs, source.String{Value: service + "." + n.text, Pos: n.pos})
			p.skip(2)
		default:
			p.skip(1)
		}
	}
	if len(p.stack) > 0 {
		// The outermost unclosed block is where the reader should look.
		b := p.stack[0]
		what := "{"
		if b.name != "" {
			what = b.open.text + " " + b.name
		}
		p.problem(b.open.pos, source.ReasonSyntax, "%s is not closed", what)
	}
}

// declare records the message or service named by the next token (the
// caller has checked that "keyword name {" follows) and opens its block.
func (p *protoParser) declare(into *[]source.String, kind blockKind) {
	keyword, _ := p.peek(0)
	n, _ := p.peek(1)
	p.skip(3)
	if len(p.stack) >= maxNesting {
		if !p.tooDeep {
			p.tooDeep = true
			p.problem(keyword.pos, source.ReasonNestingLimit, "declarations nested deeper than %d levels", maxNesting)
		}
		p.push(block{kind: blockOther, open: keyword})
		return
	}
	name := n.text
	if len(p.stack) > 0 && p.stack[len(p.stack)-1].name != "" {
		name = p.stack[len(p.stack)-1].name + "." + name
	}
	*into = append(*into, source.String{Value: name, Pos: n.pos})
	p.push(block{kind: kind, name: name, open: keyword})
}

// fullName reads a dotted name ("a.b.c") starting at the current token.
func (p *protoParser) fullName() source.String {
	first, _ := p.peek(0)
	p.skip(1)
	var b strings.Builder
	b.WriteString(first.text)
	for p.is(0, tokPunct, ".") && p.is(1, tokIdent, "") {
		t, _ := p.peek(1)
		b.WriteString("." + t.text)
		p.skip(2)
	}
	return source.String{Value: b.String(), Pos: first.pos}
}
