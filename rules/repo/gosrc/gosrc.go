// Package gosrc reads Go source files at the level of their package clause
// and imports: enough to tell commands from libraries and to see which
// modules a service uses, fast enough to run over every .go file of a big
// monorepo. It does no type checking.
package gosrc

import (
	"bytes"
	"errors"
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// File is one Go source file.
type File struct {
	Path         string
	Package      source.String
	Imports      []*Import
	HasMain      bool // package main with a func main
	BuildIgnored bool // excluded from every build by a //go:build ignore constraint
	Generated    bool // has a "Code generated ... DO NOT EDIT." comment
	Test         bool // a _test.go file
}

// Import is one import spec. Name is the local name when one is written
// ("_", ".", or an alias), "" otherwise.
type Import struct {
	Path source.String
	Name string
}

// ParseFile reads the package clause and imports of the Go file at path.
// Syntax errors are reported at their position and what parsed is kept.
// Columns count runes, as in the rest of the repository model.
func ParseFile(path string, data []byte) (*File, []source.Problem) {
	f := &File{Path: path, Test: strings.HasSuffix(path, "_test.go")}
	cols := &columns{path: path, data: data}
	if errs, tooMany := headerErrors(data); tooMany {
		problems := syntaxProblems(cols, errs)
		last := problems[len(problems)-1].Pos
		return f, append(problems, source.Problemf(last, source.ReasonSyntax,
			"too many syntax errors; the rest of the file is not read"))
	}
	fset := token.NewFileSet()
	const mode = parser.ImportsOnly | parser.ParseComments | parser.SkipObjectResolution
	syntax, err := parser.ParseFile(fset, path, data, mode)
	problems := syntaxProblems(cols, err)
	if syntax == nil {
		return f, problems
	}
	pos := func(p token.Pos) source.Pos { return cols.pos(fset.Position(p)) }
	if n := syntax.Name; n != nil && n.Pos().IsValid() {
		if n.Name == "_" {
			problems = append(problems, source.Problemf(pos(n.Pos()), source.ReasonInvalid, "invalid package name _"))
		} else {
			f.Package = source.String{Value: n.Name, Pos: pos(n.Pos())}
		}
	}
	for _, spec := range syntax.Imports {
		if spec.Path == nil {
			continue
		}
		value, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue // the parser has reported it
		}
		imp := &Import{Path: source.String{Value: value, Pos: pos(spec.Path.Pos())}}
		if spec.Name != nil {
			imp.Name = spec.Name.Name
		}
		f.Imports = append(f.Imports, imp)
	}
	f.Generated = ast.IsGenerated(syntax)
	f.BuildIgnored = buildIgnored(syntax)
	if f.Package.Value == "main" {
		f.HasMain = declaresMain(data, fset.Position(syntax.End()).Offset)
	}
	return f, problems
}

// maxHeaderErrors is where go/parser's own output would stop being useful
// (the go command prints ten errors, then "too many errors").
const maxHeaderErrors = 10

// headerErrors scans the part of the file that ImportsOnly parses (up to
// the first top-level declaration) and reports whether it holds more than
// maxHeaderErrors scanner errors. go/parser records one error per illegal
// token while it recovers, with no bound, so a header followed by megabytes
// of garbage cost 1.5 GB and half a minute before this check.
func headerErrors(data []byte) (scanner.ErrorList, bool) {
	var errs scanner.ErrorList
	var s scanner.Scanner
	file := token.NewFileSet().AddFile("", -1, len(data))
	s.Init(file, data, func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)
	depth := 0
	for len(errs) <= maxHeaderErrors {
		_, tok, _ := s.Scan()
		switch tok {
		case token.EOF:
			return errs, false
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		case token.FUNC, token.VAR, token.CONST, token.TYPE:
			if depth <= 0 {
				return errs, false
			}
		}
	}
	return errs[:maxHeaderErrors], true
}

// declaresMain reports a top-level func main after offset from (the end
// of the imports). ImportsOnly stops the parser before the declarations,
// and parsing them would build an AST of the whole file, so this is done
// in two cheaper steps, and only for package main files: a text search
// for "func main(" (spaces allowed, as gofmt may not have run), which
// rejects most files without tokenizing them; then the scanner, which,
// unlike the text search, is not fooled by a comment or a string (code
// generators hold "func main() {" in templates). In valid Go the tokens
// "func main (" only start a declaration.
func declaresMain(data []byte, from int) bool {
	if from < 0 || from > len(data) {
		from = 0
	}
	rest := data[from:]
	if !mentionsMain(rest) {
		return false
	}
	var s scanner.Scanner
	file := token.NewFileSet().AddFile("", -1, len(rest))
	s.Init(file, rest, nil, 0)
	var prev, prev2 token.Token
	var prevLit string
	for {
		_, tok, lit := s.Scan()
		switch {
		case tok == token.EOF:
			return false
		case tok == token.LPAREN && prev == token.IDENT && prevLit == "main" && prev2 == token.FUNC:
			return true
		}
		prev2, prev, prevLit = prev, tok, lit
	}
}

// mentionsMain reports the text "func main(" with any blanks between the
// words and before the parenthesis.
func mentionsMain(data []byte) bool {
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("main"))
		if j < 0 {
			return false
		}
		at := i + j
		before := bytes.TrimRight(data[:at], " \t\r\n")
		after := bytes.TrimLeft(data[at+4:], " \t\r\n")
		if len(before) < len(data[:at]) && bytes.HasSuffix(before, []byte("func")) && len(after) > 0 && after[0] == '(' {
			return true
		}
		i = at + 4
	}
}

// buildIgnored reports a build constraint, before the package clause,
// that requires the "ignore" tag: the convention for files kept out of
// every build (generators run with go run, examples).
func buildIgnored(f *ast.File) bool {
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			if !constraint.IsGoBuild(c.Text) && !constraint.IsPlusBuild(c.Text) {
				continue
			}
			if expr, err := constraint.Parse(c.Text); err == nil && requiresIgnore(expr) {
				return true
			}
		}
	}
	return false
}

// requiresIgnore reports whether expr can only hold with the ignore tag.
func requiresIgnore(expr constraint.Expr) bool {
	switch e := expr.(type) {
	case *constraint.TagExpr:
		return e.Tag == "ignore"
	case *constraint.AndExpr:
		return requiresIgnore(e.X) || requiresIgnore(e.Y)
	case *constraint.OrExpr:
		return requiresIgnore(e.X) && requiresIgnore(e.Y)
	}
	return false
}

func syntaxProblems(cols *columns, err error) []source.Problem {
	if err == nil {
		return nil
	}
	var list scanner.ErrorList
	if !errors.As(err, &list) {
		return []source.Problem{source.Problemf(source.Pos{File: cols.path, Line: 1, Col: 1}, source.ReasonSyntax, "%v", err)}
	}
	out := make([]source.Problem, 0, len(list))
	for _, e := range list {
		out = append(out, source.Problem{Pos: cols.pos(e.Pos), Reason: source.ReasonSyntax, Message: e.Msg})
	}
	return out
}

// columns converts go/token's byte columns into rune columns. It
// remembers the last conversion, so that many positions on one long line
// cost linear time.
type columns struct {
	path           string
	data           []byte
	line, off, col int
}

func (c *columns) pos(p token.Position) source.Pos {
	if p.Line < 1 {
		return source.Pos{File: c.path, Line: 1, Col: 1}
	}
	start := p.Offset - (max(p.Column, 1) - 1)
	if start < 0 || p.Offset > len(c.data) || start > p.Offset {
		return source.Pos{File: c.path, Line: p.Line, Col: max(p.Column, 1)}
	}
	from, col := start, 1
	if c.line == p.Line && c.off >= start && c.off <= p.Offset {
		from, col = c.off, c.col
	}
	col += utf8.RuneCount(c.data[from:p.Offset])
	c.line, c.off, c.col = p.Line, p.Offset, col
	return source.Pos{File: c.path, Line: p.Line, Col: col}
}
