package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits bound the work and memory one file may cost.
type Limits struct {
	MaxBytes     int64 // larger files are rejected before they are read
	MaxDepth     int   // deeper nesting is rejected
	MaxNodes     int   // nodes after alias expansion, per document
	MaxDocuments int   // documents in one stream
}

// DefaultLimits fit every real CI config and manifest with a wide margin.
var DefaultLimits = Limits{
	MaxBytes:     8 << 20,
	MaxDepth:     512,
	MaxNodes:     1 << 20,
	MaxDocuments: 10000,
}

// Doc is one YAML document of a file.
type Doc struct {
	File  string
	Index int        // 0-based position in the stream
	Root  *yaml.Node // the document's content node; nil for an empty document
}

// CheckText rejects content that is not text a parser should see.
func CheckText(file string, data []byte, lim Limits) *Problem {
	if lim.MaxBytes > 0 && int64(len(data)) > lim.MaxBytes {
		p := Problemf(Pos{File: file, Line: 1, Col: 1}, ReasonTooLarge,
			"%d bytes exceeds the limit of %d bytes", len(data), lim.MaxBytes)
		return &p
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		p := Problemf(offsetPos(file, data, i), ReasonBinary, "NUL byte in a text file")
		return &p
	}
	if !utf8.Valid(data) {
		i := firstInvalidUTF8(data)
		p := Problemf(offsetPos(file, data, i), ReasonNotUTF8, "invalid UTF-8 sequence")
		return &p
	}
	return nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func offsetPos(file string, data []byte, off int) Pos {
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return Pos{File: file, Line: line, Col: col}
}

var yamlLineRE = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)

// ParseYAML decodes every document of a YAML stream into nodes, within lim.
// Documents before a syntax error are kept. Duplicate keys are reported but
// do not discard the document (the later key wins, as most tools read it).
func ParseYAML(file string, data []byte, lim Limits) ([]*Doc, []Problem) {
	if p := CheckText(file, data, lim); p != nil {
		return nil, []Problem{*p}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*Doc
	var problems []Problem
	for i := 0; ; i++ {
		var n yaml.Node
		err := decodeSafely(dec, &n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, syntaxProblem(file, err))
			break
		}
		if lim.MaxDocuments > 0 && i >= lim.MaxDocuments {
			problems = append(problems, Problemf(PosOf(file, &n), ReasonTooMany,
				"more than %d YAML documents", lim.MaxDocuments))
			break
		}
		var root *yaml.Node
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			root = n.Content[0]
			if root.Kind == yaml.ScalarNode && root.Tag == "!!null" && root.Value == "" {
				root = nil // an empty document
			}
		}
		if root != nil {
			if p := checkTree(file, root, lim); p != nil {
				problems = append(problems, *p)
				continue
			}
			problems = append(problems, duplicateKeys(file, root, 0)...)
		}
		docs = append(docs, &Doc{File: file, Index: i, Root: root})
	}
	return docs, problems
}

// decodeSafely turns a panic inside the YAML library into an error, so one
// hostile file can never take the process down.
func decodeSafely(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: parser failure: %v", r)
		}
	}()
	return dec.Decode(n)
}

func syntaxProblem(file string, err error) Problem {
	msg := err.Error()
	pos := Pos{File: file, Line: 1, Col: 1}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			pos.Col, _ = strconv.Atoi(m[2])
		}
		// yaml.v3 prints parser errors with a 0-based line and scanner
		// errors with a 1-based one. Some scanner errors also read "did not
		// find expected ..." (an anchor without a name), so the parser's
		// are told by their exact text.
		if isParserError(msg) {
			pos.Line++
		}
	}
	reason := ReasonSyntax
	if bytes.Contains([]byte(msg), []byte("exceeded max depth")) {
		reason = ReasonNestingLimit
	}
	msg = yamlLineRE.ReplaceAllString(msg, "")
	msg = string(bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace([]byte(msg)), []byte("yaml:"))))
	msg = string(bytes.TrimPrefix([]byte(msg), []byte(": ")))
	return Problem{Pos: pos, Reason: reason, Message: msg}
}

// parserProblems are the problems yaml.v3's parser (parserc.go), not its
// scanner, reports.
var parserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

func isParserError(msg string) bool {
	for _, p := range parserProblems {
		if strings.HasSuffix(msg, p) {
			return true
		}
	}
	return false
}

// checkTree enforces the depth and expanded-size limits. Sizes are memoised
// per node, so a billion-laughs document costs time linear in its text.
func checkTree(file string, root *yaml.Node, lim Limits) *Problem {
	if p, aliased := checkPlainTree(file, root, lim); !aliased {
		return p
	}
	sizes := map[*yaml.Node]int{}
	var size func(n *yaml.Node, depth int) (int, *Problem)
	size = func(n *yaml.Node, depth int) (int, *Problem) {
		if lim.MaxDepth > 0 && depth > lim.MaxDepth {
			p := Problemf(PosOf(file, n), ReasonNestingLimit, "nesting deeper than %d levels", lim.MaxDepth)
			return 0, &p
		}
		if s, ok := sizes[n]; ok {
			if s < 0 {
				p := Problemf(PosOf(file, n), ReasonAliasLimit, "alias refers to itself")
				return 0, &p
			}
			return s, nil
		}
		sizes[n] = -1
		total := 1
		children := n.Content
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			children = []*yaml.Node{n.Alias}
		}
		for _, c := range children {
			s, p := size(c, depth+1)
			if p != nil {
				return 0, p
			}
			total += s
			if lim.MaxNodes > 0 && total > lim.MaxNodes {
				p := Problemf(PosOf(file, n), ReasonAliasLimit,
					"document expands to more than %d nodes", lim.MaxNodes)
				return 0, &p
			}
		}
		sizes[n] = total
		return total, nil
	}
	_, p := size(root, 0)
	return p
}

// checkPlainTree enforces the limits on a document without aliases, the
// common case, where each node is counted once and no memo is needed: the
// map checkTree keeps cost a tenth of a workflow-only check. It stops with
// aliased set at the first alias.
func checkPlainTree(file string, root *yaml.Node, lim Limits) (p *Problem, aliased bool) {
	count := 0
	var walk func(n *yaml.Node, depth int) bool
	walk = func(n *yaml.Node, depth int) bool {
		if n.Kind == yaml.AliasNode {
			aliased = true
			return false
		}
		if lim.MaxDepth > 0 && depth > lim.MaxDepth {
			pr := Problemf(PosOf(file, n), ReasonNestingLimit, "nesting deeper than %d levels", lim.MaxDepth)
			p = &pr
			return false
		}
		count++
		if lim.MaxNodes > 0 && count > lim.MaxNodes {
			pr := Problemf(PosOf(file, n), ReasonAliasLimit, "document expands to more than %d nodes", lim.MaxNodes)
			p = &pr
			return false
		}
		for _, c := range n.Content {
			if !walk(c, depth+1) {
				return false
			}
		}
		return true
	}
	walk(root, 0)
	if aliased {
		return nil, true
	}
	return p, false
}

// smallMapping is the size up to which duplicate keys are found by
// comparing every pair, which costs less than building a map.
const smallMapping = 16

func duplicateKeys(file string, n *yaml.Node, depth int) []Problem {
	if n == nil || depth > 10000 {
		return nil
	}
	var out []Problem
	switch {
	case n.Kind == yaml.AliasNode:
		return nil
	case n.Kind == yaml.MappingNode && len(n.Content) <= 2*smallMapping:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.Value == "<<" {
				continue
			}
			// The nearest earlier definition, as the map below keeps.
			for j := i - 2; j >= 0; j -= 2 {
				if prev := n.Content[j]; prev.Kind == yaml.ScalarNode && prev.Value == k.Value {
					out = append(out, Problemf(PosOf(file, k), ReasonDuplicateKey,
						"key %q is already defined at line %d", k.Value, prev.Line))
					break
				}
			}
		}
	case n.Kind == yaml.MappingNode:
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.Value == "<<" {
				continue
			}
			if prev, ok := seen[k.Value]; ok {
				out = append(out, Problemf(PosOf(file, k), ReasonDuplicateKey,
					"key %q is already defined at line %d", k.Value, prev.Line))
			}
			seen[k.Value] = k
		}
	}
	for _, c := range n.Content {
		out = append(out, duplicateKeys(file, c, depth+1)...)
	}
	return out
}
