// Package source holds what every parser of the repository model shares:
// positions, positioned scalars, input problems and bounded YAML decoding.
package source

import (
	"fmt"
	"strconv"
)

// Pos is a position in a file of the repository. Line and Col are 1-based;
// File is slash-separated and relative to the repository root.
type Pos struct {
	File string `json:"path"`
	Line int    `json:"line"`
	Col  int    `json:"column"`
}

// IsValid reports whether p names a line.
func (p Pos) IsValid() bool { return p.File != "" && p.Line > 0 }

func (p Pos) String() string {
	if p.Line <= 0 {
		return p.File
	}
	col := p.Col
	if col <= 0 {
		col = 1
	}
	return p.File + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(col)
}

// Before orders positions by file, line and column.
func (p Pos) Before(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// String is a scalar with the position it was read from.
type String struct {
	Value string
	Pos   Pos
}

func (s String) String() string { return s.Value }

// Reason classifies why an input could not be used.
type Reason string

// The reasons an input is rejected; each becomes part of an LS001 message.
const (
	ReasonSyntax       Reason = "syntax error"
	ReasonTooLarge     Reason = "file too large"
	ReasonNotUTF8      Reason = "not UTF-8"
	ReasonBinary       Reason = "binary content"
	ReasonAliasLimit   Reason = "alias expansion limit"
	ReasonNestingLimit Reason = "nesting limit"
	ReasonDuplicateKey Reason = "duplicate key"
	ReasonUnreadable   Reason = "unreadable"
	ReasonInvalid      Reason = "invalid content"
	ReasonTooMany      Reason = "too many documents"
)

// Problem is an input that could not be parsed or understood. Problems
// are findings (LS001), never fatal errors.
type Problem struct {
	Pos     Pos
	Reason  Reason
	Message string
	// Omitted counts the problems of the same file found after this one
	// and not kept (see AddCapped).
	Omitted int
}

// MaxProblemsPerFile is how many problems of one file LS001 reports one
// by one; one more finding counts the rest.
const MaxProblemsPerFile = 100

// AddCapped appends p to the problems of one file, keeping the first
// MaxProblemsPerFile+1 (the last of them is where LS001's count of the
// rest points) and counting later ones in the last one's Omitted: a file
// of a million bad lines costs no more than one of a hundred, and LS001
// can still say how many there were.
func AddCapped(problems []Problem, p Problem) []Problem {
	if len(problems) <= MaxProblemsPerFile {
		return append(problems, p)
	}
	problems[len(problems)-1].Omitted += 1 + p.Omitted
	return problems
}

func (p Problem) Error() string {
	return fmt.Sprintf("%s: %s: %s", p.Pos, p.Reason, p.Message)
}

// Problemf builds a Problem at pos.
func Problemf(pos Pos, reason Reason, format string, args ...any) Problem {
	return Problem{Pos: pos, Reason: reason, Message: fmt.Sprintf(format, args...)}
}
