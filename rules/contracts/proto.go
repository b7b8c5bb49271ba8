package contracts

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/bufbuild/protocompile/ast"
	"github.com/bufbuild/protocompile/parser"
	"github.com/bufbuild/protocompile/reporter"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/apispec"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// protoFile is one parsed version of a .proto file, with a way back from
// each descriptor to its position.
type protoFile struct {
	path string
	data []byte
	fd   *descriptorpb.FileDescriptorProto
	res  parser.Result
}

// parseProto parses without resolving imports: names of field types stay
// as written, which is what a comparison of two versions of one file needs.
func parseProto(path string, data []byte) (pf *protoFile, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("the protobuf parser failed: %v", v)
		}
	}()
	var first error
	h := reporter.NewHandler(reporter.NewReporter(func(e reporter.ErrorWithPos) error {
		if first == nil {
			first = e
		}
		return nil
	}, nil))
	file, err := parser.Parse(path, bytes.NewReader(data), h)
	if first != nil {
		return nil, first
	}
	if err != nil {
		return nil, err
	}
	res, err := parser.ResultFromAST(file, false, h)
	if first != nil {
		return nil, first
	}
	if err != nil {
		return nil, err
	}
	return &protoFile{path: path, data: data, fd: res.FileDescriptorProto(), res: res}, nil
}

// pos is where a descriptor is declared: at its name when it has one.
func (f *protoFile) pos(m proto.Message) source.Pos {
	n := f.res.Node(m)
	if n == nil {
		return source.Pos{File: f.path, Line: 1, Col: 1}
	}
	switch d := n.(type) {
	case *ast.MessageNode:
		n = d.Name
	case *ast.FieldNode:
		n = d.Name
	case *ast.EnumNode:
		n = d.Name
	case *ast.EnumValueNode:
		n = d.Name
	case *ast.ServiceNode:
		n = d.Name
	case *ast.RPCNode:
		n = d.Name
	}
	off := f.res.AST().NodeInfo(n).Start().Offset
	return offsetPos(f.path, f.data, off)
}

func (f *protoFile) packagePos() source.Pos {
	for _, d := range f.res.AST().Decls {
		if p, ok := d.(*ast.PackageNode); ok {
			return offsetPos(f.path, f.data, f.res.AST().NodeInfo(p.Name).Start().Offset)
		}
	}
	return source.Pos{File: f.path, Line: 1, Col: 1}
}

// protoContracts compares each changed .proto file with its base version.
func protoContracts(p *rules.Pass) []*contractChange {
	var out []*contractChange
	for _, c := range changedContracts(p, apispec.FormatProto) {
		cc := &contractChange{Path: c.spec.Path, Provider: owner(p.Repo, c.spec.Path)}
		head, err := parseProto(c.spec.Path, c.head)
		if err != nil {
			cc.Problem = &breaking{At: errPos(c.spec.Path, err), Message: fmt.Sprintf("cannot compare %s with its merge-base version: %v", c.spec.Path, errText(err))}
			out = append(out, cc)
			continue
		}
		base, err := parseProto(c.basePath, c.base)
		if err != nil {
			cc.Problem = &breaking{At: head.packagePos(), Message: fmt.Sprintf("cannot compare %s with its merge-base version, which does not parse: %v", c.spec.Path, err)}
			out = append(out, cc)
			continue
		}
		cc.Breaking = compareProto(base, head)
		out = append(out, cc)
	}
	return out
}

// errText drops the position the parser puts in front of its message: the
// finding carries it.
func errText(err error) string {
	var ep reporter.ErrorWithPos
	if errors.As(err, &ep) && ep.Unwrap() != nil {
		return ep.Unwrap().Error()
	}
	return err.Error()
}

func errPos(file string, err error) source.Pos {
	var ep reporter.ErrorWithPos
	if errors.As(err, &ep) {
		if s := ep.GetPosition(); s.Line > 0 {
			return source.Pos{File: file, Line: s.Line, Col: max(s.Col, 1)}
		}
	}
	return source.Pos{File: file, Line: 1, Col: 1}
}

// compareProto implements the wire- and generated-code-breaking subset of
// buf's breaking rules that the issue asks for: package changed; message,
// enum, service or rpc removed; field removed without reserving its number,
// renumbered, retyped or renamed; enum value removed without reserving it;
// rpc request, response or streaming changed.
func compareProto(base, head *protoFile) []breaking {
	var out []breaking
	add := func(at, was source.Pos, format string, args ...any) {
		out = append(out, breaking{At: at, Base: was, Message: fmt.Sprintf(format, args...)})
	}
	if base.fd.GetPackage() != head.fd.GetPackage() {
		add(head.packagePos(), base.packagePos(), "package %q renamed to %q: every qualified name changes", base.fd.GetPackage(), head.fd.GetPackage())
		return out // every other comparison is by qualified name
	}
	headMsgs := map[string]*descriptorpb.DescriptorProto{}
	walkMessages("", head.fd.GetMessageType(), func(name string, m *descriptorpb.DescriptorProto) { headMsgs[name] = m })
	headEnums := map[string]*descriptorpb.EnumDescriptorProto{}
	walkEnums("", head.fd.GetEnumType(), head.fd.GetMessageType(), func(name string, e *descriptorpb.EnumDescriptorProto) { headEnums[name] = e })

	walkMessages("", base.fd.GetMessageType(), func(name string, bm *descriptorpb.DescriptorProto) {
		hm := headMsgs[name]
		if hm == nil {
			add(head.parentPos(name, headMsgs), base.pos(bm), "message %s removed", name)
			return
		}
		compareFields(base, head, name, bm, hm, add)
	})
	walkEnums("", base.fd.GetEnumType(), base.fd.GetMessageType(), func(name string, be *descriptorpb.EnumDescriptorProto) {
		he := headEnums[name]
		if he == nil {
			add(head.parentPos(name, headMsgs), base.pos(be), "enum %s removed", name)
			return
		}
		for _, v := range be.GetValue() {
			if hasEnumNumber(he, v.GetNumber()) || enumReserved(he, v.GetNumber()) {
				continue
			}
			add(head.pos(he), base.pos(v), "enum value %s = %d removed from %s without reserving its number", v.GetName(), v.GetNumber(), name)
		}
	})
	headSvcs := map[string]*descriptorpb.ServiceDescriptorProto{}
	for _, s := range head.fd.GetService() {
		headSvcs[s.GetName()] = s
	}
	for _, bs := range base.fd.GetService() {
		hs := headSvcs[bs.GetName()]
		if hs == nil {
			add(head.packagePos(), base.pos(bs), "service %s removed", bs.GetName())
			continue
		}
		methods := map[string]*descriptorpb.MethodDescriptorProto{}
		for _, m := range hs.GetMethod() {
			methods[m.GetName()] = m
		}
		for _, bm := range bs.GetMethod() {
			rpc := bs.GetName() + "." + bm.GetName()
			hm := methods[bm.GetName()]
			switch {
			case hm == nil:
				add(head.pos(hs), base.pos(bm), "rpc %s removed", rpc)
			case hm.GetInputType() != bm.GetInputType():
				add(head.pos(hm), base.pos(bm), "rpc %s request type changed from %s to %s", rpc, bm.GetInputType(), hm.GetInputType())
			case hm.GetOutputType() != bm.GetOutputType():
				add(head.pos(hm), base.pos(bm), "rpc %s response type changed from %s to %s", rpc, bm.GetOutputType(), hm.GetOutputType())
			case hm.GetClientStreaming() != bm.GetClientStreaming() || hm.GetServerStreaming() != bm.GetServerStreaming():
				add(head.pos(hm), base.pos(bm), "rpc %s streaming changed", rpc)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

type addFunc func(at, was source.Pos, format string, args ...any)

func compareFields(base, head *protoFile, msg string, bm, hm *descriptorpb.DescriptorProto, add addFunc) {
	byNumber := map[int32]*descriptorpb.FieldDescriptorProto{}
	byName := map[string]*descriptorpb.FieldDescriptorProto{}
	for _, f := range hm.GetField() {
		byNumber[f.GetNumber()] = f
		byName[f.GetName()] = f
	}
	for _, bf := range bm.GetField() {
		hf := byNumber[bf.GetNumber()]
		if hf == nil {
			if moved := byName[bf.GetName()]; moved != nil {
				add(head.pos(moved), base.pos(bf), "field %s.%s renumbered from %d to %d", msg, bf.GetName(), bf.GetNumber(), moved.GetNumber())
				continue
			}
			if fieldReserved(hm, bf.GetNumber()) {
				continue
			}
			add(head.pos(hm), base.pos(bf), "field %s.%s = %d removed without reserving its number", msg, bf.GetName(), bf.GetNumber())
			continue
		}
		if t, u := fieldType(bf), fieldType(hf); t != u {
			add(head.pos(hf), base.pos(bf), "field %s.%s = %d changed type from %s to %s", msg, bf.GetName(), bf.GetNumber(), t, u)
			continue
		}
		if hf.GetName() != bf.GetName() {
			add(head.pos(hf), base.pos(bf), "field %s.%s = %d renamed to %s, which breaks JSON and generated code", msg, bf.GetName(), bf.GetNumber(), hf.GetName())
		}
	}
}

// fieldType renders a field's label and type as written.
func fieldType(f *descriptorpb.FieldDescriptorProto) string {
	t := strings.ToLower(strings.TrimPrefix(f.GetType().String(), "TYPE_"))
	if f.GetTypeName() != "" {
		t = f.GetTypeName()
	}
	if f.GetLabel() == descriptorpb.FieldDescriptorProto_LABEL_REPEATED {
		t = "repeated " + t
	}
	return t
}

func fieldReserved(m *descriptorpb.DescriptorProto, n int32) bool {
	for _, r := range m.GetReservedRange() {
		if n >= r.GetStart() && n < r.GetEnd() { // end is exclusive
			return true
		}
	}
	return false
}

func hasEnumNumber(e *descriptorpb.EnumDescriptorProto, n int32) bool {
	for _, v := range e.GetValue() {
		if v.GetNumber() == n {
			return true
		}
	}
	return false
}

func enumReserved(e *descriptorpb.EnumDescriptorProto, n int32) bool {
	for _, r := range e.GetReservedRange() {
		if n >= r.GetStart() && n <= r.GetEnd() { // end is inclusive
			return true
		}
	}
	return false
}

func walkMessages(prefix string, ms []*descriptorpb.DescriptorProto, fn func(string, *descriptorpb.DescriptorProto)) {
	for _, m := range ms {
		name := prefix + m.GetName()
		fn(name, m)
		walkMessages(name+".", m.GetNestedType(), fn)
	}
}

func walkEnums(prefix string, es []*descriptorpb.EnumDescriptorProto, ms []*descriptorpb.DescriptorProto, fn func(string, *descriptorpb.EnumDescriptorProto)) {
	for _, e := range es {
		fn(prefix+e.GetName(), e)
	}
	for _, m := range ms {
		walkEnums(prefix+m.GetName()+".", m.GetEnumType(), m.GetNestedType(), fn)
	}
}

// parentPos is the closest enclosing message left in the file, else the
// package statement.
func (f *protoFile) parentPos(name string, msgs map[string]*descriptorpb.DescriptorProto) source.Pos {
	for i := strings.LastIndexByte(name, '.'); i > 0; i = strings.LastIndexByte(name[:i], '.') {
		if m := msgs[name[:i]]; m != nil {
			return f.pos(m)
		}
	}
	return f.packagePos()
}

// sameProto recognises a copy of the file: the same package.
func sameProto(spec *apispec.Spec) func(*apispec.Spec) bool {
	return func(o *apispec.Spec) bool {
		return o.Format == apispec.FormatProto && spec.Package.Value != "" && o.Package.Value == spec.Package.Value
	}
}
