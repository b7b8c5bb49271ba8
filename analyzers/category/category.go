// Package category adapts one family of lockstep's repository rules to a
// go/analysis analyzer. The findings come from the repository model (see
// repomodel); each is reported by exactly one package of its module, at
// its real file position, or on go.mod for drivers that show nothing else.
package category

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"

	"github.com/lockstep-lint/lockstep/analyzers/repomodel"
	"github.com/lockstep-lint/lockstep/rules"
)

// Options shape the diagnostics.
type Options struct {
	// AnchorGoMod reports every finding on the first line of the module's
	// go.mod, with the real position in the message: golangci-lint drops
	// diagnostics in files other than .go files and go.mod.
	AnchorGoMod bool
}

// New returns the analyzer named name that reports the findings of the
// rules of category cat, as computed by loader.
func New(name string, cat rules.Category, metas []*rules.Meta, loader *analysis.Analyzer, o Options) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     name,
		Doc:      doc(cat, metas),
		URL:      rules.DocsURL,
		Requires: []*analysis.Analyzer{loader},
	}
	a.Run = func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[loader].(*repomodel.Model)
		rep := m.ReporterFor(pass, a.Name)
		if rep == nil {
			return nil, nil
		}
		files := &files{pass: pass, root: m.Root, byName: map[string]*file{}}
		for _, f := range rep.Findings(cat) {
			pass.Report(files.diagnostic(f, rep.GoMod(), o.AnchorGoMod))
		}
		return nil, nil
	}
	return a
}

func doc(cat rules.Category, metas []*rules.Meta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "report lockstep's %s rules\n\n", cat)
	fmt.Fprintf(&b, "These findings are about the repository (CI, manifests, settings), not one package;\n")
	fmt.Fprintf(&b, "each is reported once, by the first package of the Go module that holds the file.\n\n")
	for _, m := range metas {
		if m.Category == cat {
			fmt.Fprintf(&b, "%s %s: %s\n", m.ID, m.Name, m.Title)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

type file struct {
	tf   *token.File
	data []byte
}

// files adds the repository files findings point into to the pass's file
// set, each once.
type files struct {
	pass   *analysis.Pass
	root   string
	byName map[string]*file
}

func (fs *files) get(abs string) *file {
	if f, ok := fs.byName[abs]; ok {
		return f
	}
	// Drivers refuse pass.ReadFile for files outside the package.
	data, err := os.ReadFile(abs)
	var f *file
	if err == nil {
		tf := fs.pass.Fset.AddFile(abs, -1, len(data))
		tf.SetLinesForContent(data)
		f = &file{tf: tf, data: data}
	}
	fs.byName[abs] = f
	return f
}

// pos converts a 1-based line and rune column into a token.Pos.
func (fs *files) pos(abs string, line, col int) token.Pos {
	f := fs.get(abs)
	if f == nil {
		return token.NoPos
	}
	if line < 1 || line > f.tf.LineCount() {
		line, col = 1, 1
	}
	off := f.tf.Offset(f.tf.LineStart(line))
	for i := 1; i < col && off < len(f.data) && f.data[off] != '\n'; i++ {
		_, size := utf8.DecodeRune(f.data[off:])
		off += size
	}
	return f.tf.Pos(off)
}

func (fs *files) abs(p string) string {
	return filepath.Join(fs.root, filepath.FromSlash(p))
}

func (fs *files) diagnostic(f rules.Finding, gomod string, anchor bool) analysis.Diagnostic {
	d := analysis.Diagnostic{
		Category: f.Rule.ID,
		URL:      f.Rule.DocURL(),
		Message:  fmt.Sprintf("%s [%s %s]", f.Message, f.Rule.ID, f.Rule.Name),
	}
	if !anchor && f.Path != "" {
		d.Pos = fs.pos(fs.abs(f.Path), f.Line, f.Column)
	}
	if d.Pos == token.NoPos {
		d.Pos = fs.pos(gomod, 1, 1)
		d.Message = f.Where() + ": " + d.Message
	}
	if anchor {
		// golangci-lint turns related information into issues of their
		// own, all on the same go.mod line; the message names them anyway.
		return d
	}
	for _, r := range f.Related {
		if r.Path == "" {
			continue
		}
		if p := fs.pos(fs.abs(r.Path), r.Line, r.Column); p != token.NoPos {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: p, Message: r.Message})
		}
	}
	return d
}
