package coupling

import (
	_ "embed"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/apispec"
	"github.com/lockstep-lint/lockstep/rules/repo/graph"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

//go:embed ls405.md
var ls405Doc string

// CopiedContract reports API contracts copied into several places of the
// repository instead of shared as one versioned artifact.
type CopiedContract struct{}

var ls405 = &rules.Meta{
	ID:       "LS405",
	Name:     "copied-contract",
	Category: rules.CategoryCoupling,
	// A note while the copies agree (they are only coupled); the rule
	// raises diverged copies to errors itself: a drift is a latent break.
	Severity: rules.Note,
	Title:    "the same API contract is copied into several places",
	Since:    "v0.1.0",
	Remediation: "Keep one copy of each contract, owned by its provider, and publish it as a versioned " +
		"artifact (a Go module of generated code, a Buf module, a released spec) that consumers " +
		"require at a version; delete the copies.",
	Doc: ls405Doc,
}

// Meta describes LS405.
func (CopiedContract) Meta() *rules.Meta { return ls405 }

// copyKey identifies one contract across copies: a proto package and
// file name, or an OpenAPI title and major version.
func copyKey(s *apispec.Spec) string {
	switch s.Format {
	case apispec.FormatProto:
		if s.Package.Value == "" {
			return ""
		}
		return "proto " + s.Package.Value + " " + path.Base(s.Path)
	default:
		t := strings.ToLower(strings.TrimSpace(s.Title.Value))
		if t == "" {
			return ""
		}
		major, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(s.APIVersion.Value), "v"), ".")
		return "openapi " + t + " " + major
	}
}

// describe names a contract for messages.
func describe(s *apispec.Spec) string {
	if s.Format == apispec.FormatProto {
		return fmt.Sprintf("proto package %s (%s)", s.Package.Value, path.Base(s.Path))
	}
	return fmt.Sprintf("OpenAPI %q", s.Title.Value)
}

// Check groups contracts by identity, keeps groups held in two
// directories or more (files of one package in one directory are one
// contract), and compares each copy with the first by path.
func (CopiedContract) Check(p *rules.Pass) {
	groups := map[string][]*apispec.Spec{}
	var keys []string
	for _, s := range p.Repo.APISpecs {
		k := copyKey(s)
		if k == "" {
			continue
		}
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], s)
	}
	sort.Strings(keys)
	for _, k := range keys {
		copies := groups[k]
		sort.Slice(copies, func(i, j int) bool { return copies[i].Path < copies[j].Path })
		dirs := map[string]bool{}
		for _, s := range copies {
			dirs[path.Dir(s.Path)] = true
		}
		if len(dirs) < 2 || !samePaths(copies) {
			continue
		}
		reportCopies(p, copies)
	}
}

// samePaths rejects OpenAPI documents that only share a title: copies of
// one API share at least one path (or both declare none).
func samePaths(copies []*apispec.Spec) bool {
	if copies[0].Format == apispec.FormatProto {
		return true
	}
	ref := map[string]bool{}
	for _, p := range copies[0].Paths {
		ref[p.Value] = true
	}
	for _, s := range copies[1:] {
		shared := len(ref) == 0 && len(s.Paths) == 0
		for _, p := range s.Paths {
			shared = shared || ref[p.Value]
		}
		if !shared {
			return false
		}
	}
	return true
}

func reportCopies(p *rules.Pass, copies []*apispec.Spec) {
	ref := providerCopy(p.Repo, copies)
	refLines := contractLines(p.Repo, ref)
	diverged := false
	for _, c := range copies {
		if c == ref {
			continue
		}
		lines := contractLines(p.Repo, c)
		at, refAt, ok := firstDifference(lines, refLines)
		if ok {
			continue
		}
		diverged = true
		if !at.IsValid() {
			at, refAt = c.Pos, ref.Pos
		}
		related := []rules.Related{rules.RelatedAt(refAt, "the copy in "+ref.Path+" has "+quoteLine(p.Repo, refAt))}
		p.Report(rules.Finding{
			Location: rules.At(at),
			Severity: rules.Error,
			Message: fmt.Sprintf("this copy of %s differs from the copy in %s from line %d: copies of one contract have drifted apart, and one side is already incompatible with the other",
				describe(c), ref.Path, at.Line),
			Related: related,
		})
	}
	if diverged {
		return
	}
	var related []rules.Related
	var paths []string
	for _, c := range copies {
		paths = append(paths, c.Path)
		if c != ref {
			related = append(related, rules.RelatedAt(c.Pos, "identical copy"))
		}
	}
	p.Report(rules.Finding{
		Location: rules.At(ref.Pos),
		Message: fmt.Sprintf("%s is copied into %s (%s): the copies agree, but every change must now be made to all of them at once",
			describe(ref), plural(len(copies), "place"), strings.Join(paths, ", ")),
		Related: related,
	})
}

// providerCopy is the copy to compare the others with: the one kept by the
// service the contract names (orders' copy of package shop.orders.v1, of
// "Orders API"), else the first by path.
func providerCopy(r *repo.Repo, copies []*apispec.Spec) *apispec.Spec {
	words := map[string]bool{}
	name := copies[0].Package.Value
	if copies[0].Format != apispec.FormatProto {
		name = copies[0].Title.Value
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-'

	}) {
		words[w] = true
	}
	for _, c := range copies {
		if owner := graph.SpecOwner(r, c.Path); owner != "" && words[owner] {
			return c
		}
	}
	// Without services (a contracts-only tree), a directory named after
	// the contract marks its home: services/orders/proto/orders.proto.
	shared := map[string]int{}
	for _, c := range copies {
		for _, seg := range strings.Split(path.Dir(c.Path), "/") {
			shared[seg]++
		}
	}
	for _, c := range copies {
		for _, seg := range strings.Split(path.Dir(c.Path), "/") {
			if words[seg] && shared[seg] < len(copies) {
				return c
			}
		}
	}
	return copies[0]
}

// contractLine is a line that carries meaning, with where it is.
type contractLine struct {
	text string
	pos  source.Pos
}

// contractLines are the lines of a contract without blank lines, full-line
// comments and trailing spaces, so that reformatting or a comment is no
// drift.
func contractLines(r *repo.Repo, s *apispec.Spec) []contractLine {
	comment := "#"
	if s.Format == apispec.FormatProto {
		comment = "//"
	}
	var out []contractLine
	for i, l := range strings.Split(string(r.Data(s.Path)), "\n") {
		t := strings.TrimRight(l, " \t\r")
		trimmed := strings.TrimSpace(t)
		if trimmed == "" || strings.HasPrefix(trimmed, comment) {
			continue
		}
		col := len([]rune(t)) - len([]rune(strings.TrimLeft(t, " \t"))) + 1
		out = append(out, contractLine{text: t, pos: source.Pos{File: s.Path, Line: i + 1, Col: col}})
	}
	return out
}

// firstDifference finds the first line where a copy departs from the
// reference; ok when none does. A copy that ends early differs at the
// reference's next line, reported at the copy's last line.
func firstDifference(c, ref []contractLine) (at, refAt source.Pos, ok bool) {
	if len(c) == 0 || len(ref) == 0 {
		return source.Pos{}, source.Pos{}, len(c) == len(ref)
	}
	for i := 0; i < len(c) || i < len(ref); i++ {
		switch {
		case i >= len(c):
			return c[len(c)-1].pos, ref[i].pos, false
		case i >= len(ref):
			return c[i].pos, ref[len(ref)-1].pos, false
		case c[i].text != ref[i].text:
			return c[i].pos, ref[i].pos, false
		}
	}
	return source.Pos{}, source.Pos{}, true
}

// quoteLine quotes the line at pos, shortened.
func quoteLine(r *repo.Repo, pos source.Pos) string {
	l := strings.TrimSpace(source.LineText(r.Data(pos.File), pos.Line))
	if len([]rune(l)) > 60 {
		l = string([]rune(l)[:60]) + "…"
	}
	return fmt.Sprintf("%q", l)
}
