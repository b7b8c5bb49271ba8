package rules

import (
	"strconv"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Location is where a finding points: a file position, or for things that
// have no file (live repository settings) a logical name such as
// "github:acme/shop@main".
type Location struct {
	Path      string `json:"path,omitempty"`
	Line      int    `json:"line,omitempty"`
	Column    int    `json:"column,omitempty"`
	EndLine   int    `json:"end_line,omitempty"`
	EndColumn int    `json:"end_column,omitempty"`
	Logical   string `json:"logical,omitempty"`
}

// At is the location of a source position.
func At(p source.Pos) Location {
	return Location{Path: p.File, Line: p.Line, Column: p.Col}
}

// Logical is a location without a file.
func Logical(name string) Location { return Location{Logical: name} }

// Where is the location's display form: path:line:col, or the logical name.
func (l Location) Where() string {
	if l.Path == "" {
		return l.Logical
	}
	if l.Line <= 0 {
		return l.Path
	}
	col := l.Column
	if col <= 0 {
		col = 1
	}
	return l.Path + ":" + strconv.Itoa(l.Line) + ":" + strconv.Itoa(col)
}

// key is the location's identity for sorting.
func (l Location) key() string {
	if l.Path == "" {
		return "\xff" + l.Logical // logical locations sort after files
	}
	return l.Path
}

// Related is a secondary location of a finding, e.g. each service a
// multi-service deploy touches.
type Related struct {
	Location
	Message string `json:"message"`
}

// RelatedAt is a related location at a source position.
func RelatedAt(p source.Pos, message string) Related {
	return Related{Location: At(p), Message: message}
}

// Finding is one problem a rule found.
type Finding struct {
	Rule     *Meta
	Severity Severity
	Message  string
	Location
	Related []Related
	// Fingerprint identifies the finding across unrelated edits (baselines,
	// SARIF partialFingerprints); the engine fills it in.
	Fingerprint string
}

// less orders findings for output: by file, line, column, rule, message.
func less(a, b *Finding) bool {
	if ak, bk := a.key(), b.key(); ak != bk {
		return ak < bk
	}
	if a.Logical != b.Logical {
		return a.Logical < b.Logical
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Column != b.Column {
		return a.Column < b.Column
	}
	if a.Rule.ID != b.Rule.ID {
		return a.Rule.ID < b.Rule.ID
	}
	return a.Message < b.Message
}

// String is the finding's one-line text form, the same as the text output
// and the expected lines of rule fixtures:
//
//	path:line:col: severity: message [LS101 multi-service-deploy]
func (f *Finding) String() string {
	return f.Where() + ": " + f.Severity.String() + ": " + oneLine(f.Message) + " [" + f.Rule.ID + " " + f.Rule.Name + "]"
}

// RelatedLines renders the related locations, one per line, indented
// under the finding in text output and fixtures.
func (f *Finding) RelatedLines() []string {
	out := make([]string, 0, len(f.Related))
	for _, r := range f.Related {
		out = append(out, "    "+r.Where()+": "+oneLine(r.Message))
	}
	return out
}

// oneLine keeps a message on its line of the text output.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
