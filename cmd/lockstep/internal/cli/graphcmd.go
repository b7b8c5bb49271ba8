package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/lint"
	"github.com/lockstep-lint/lockstep/rules/repo/graph"
)

// graphFormats are the outputs of lockstep graph.
var graphFormats = []string{"mermaid", "dot", "json"}

func runGraph(e *env, args []string) int {
	var format, configPath string
	fs := newFlagSet("graph", "[flags] [PATH]", e.stderr)
	fs.StringVar(&format, "format", "mermaid", "output format: mermaid, dot or json")
	fs.StringVar(&configPath, "config", "", "configuration `FILE` (default: .lockstep.yml found by walking up from PATH)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if len(pos) > 1 {
		fmt.Fprintf(e.stderr, "lockstep graph: expected one PATH, got %d\n", len(pos))
		return ExitUsage
	}
	if !contains(graphFormats, format) {
		fmt.Fprintf(e.stderr, "lockstep graph: --format: unknown format %q (want %v)\n", format, graphFormats)
		return ExitUsage
	}
	target := "."
	if len(pos) == 1 {
		target = pos[0]
	}
	if err := writeGraph(e, target, configPath, format); err != nil {
		fmt.Fprintf(e.stderr, "lockstep graph: %v\n", err)
		return exitCode(err)
	}
	return ExitOK
}

func writeGraph(e *env, target, configPath, format string) error {
	// The service map of .lockstep.yml decides what the nodes are.
	s, err := lint.Open(e.ctx, lint.Options{Dir: target, Config: configPath})
	if err != nil {
		return usageOr(err)
	}
	r := s.Repo
	g := graph.Of(r)
	w := bufio.NewWriter(e.stdout)
	switch format {
	case "dot":
		writeDot(w, g)
	case "json":
		if err := writeGraphJSON(w, g); err != nil {
			return err
		}
	default:
		writeMermaid(w, g)
	}
	return w.Flush()
}

// pairEdge is every edge between two nodes, drawn as one arrow.
type pairEdge struct {
	from, to string
	kinds    []string
	sync     bool
}

// pairs merges the edges of each ordered pair of nodes, so that a picture
// has one arrow per dependency, labelled with every kind.
func pairs(g *graph.Graph) []pairEdge {
	var out []pairEdge
	for _, e := range g.Edges {
		if n := len(out); n > 0 && out[n-1].from == e.From && out[n-1].to == e.To {
			out[n-1].kinds = append(out[n-1].kinds, string(e.Kind))
			out[n-1].sync = out[n-1].sync || e.Sync
			continue
		}
		out = append(out, pairEdge{from: e.From, to: e.To, kinds: []string{string(e.Kind)}, sync: e.Sync})
	}
	return out
}

var mermaidUnsafe = regexp.MustCompile(`[^A-Za-z0-9_]`)

// mermaidIDs gives each node an identifier Mermaid accepts: letters,
// digits and underscores, never a keyword (end, graph), unique.
func mermaidIDs(g *graph.Graph) map[string]string {
	ids := map[string]string{}
	used := map[string]bool{}
	for _, n := range g.Nodes {
		base := string(n.Kind[0]) + "_" + mermaidUnsafe.ReplaceAllString(n.Name, "_")
		id := base
		for i := 2; used[id]; i++ {
			id = fmt.Sprintf("%s_%d", base, i)
		}
		used[id] = true
		ids[n.ID] = id
	}
	return ids
}

// mermaidLabel quotes a label for Mermaid, which reads HTML entities
// inside quotes.
func mermaidLabel(s string) string {
	return `"` + strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;").Replace(s) + `"`
}

// writeMermaid draws a flowchart GitHub renders in Markdown: services as
// boxes, shared modules as cylinders, topics as stadiums; synchronous
// dependencies as solid arrows, the others dotted.
func writeMermaid(w io.Writer, g *graph.Graph) {
	ids := mermaidIDs(g)
	fmt.Fprintln(w, "flowchart LR")
	for _, n := range g.Nodes {
		label := mermaidLabel(n.Name)
		switch n.Kind {
		case graph.ModuleNode:
			fmt.Fprintf(w, "  %s[(%s)]\n", ids[n.ID], label)
		case graph.TopicNode:
			fmt.Fprintf(w, "  %s([%s])\n", ids[n.ID], label)
		default:
			fmt.Fprintf(w, "  %s[%s]\n", ids[n.ID], label)
		}
	}
	for _, p := range pairs(g) {
		arrow := "-.->"
		if p.sync {
			arrow = "-->"
		}
		fmt.Fprintf(w, "  %s %s|%s| %s\n", ids[p.from], arrow, mermaidLabel(strings.Join(p.kinds, ", ")), ids[p.to])
	}
}

// dotQuote quotes a DOT identifier.
func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// writeDot writes a Graphviz digraph in the same shapes and styles as the
// Mermaid picture.
func writeDot(w io.Writer, g *graph.Graph) {
	fmt.Fprintln(w, "digraph services {")
	fmt.Fprintln(w, "  rankdir=LR;")
	fmt.Fprintln(w, `  node [shape=box, fontname="Helvetica"];`)
	fmt.Fprintln(w, `  edge [fontname="Helvetica", fontsize=10];`)
	for _, n := range g.Nodes {
		attrs := "label=" + dotQuote(n.Name)
		switch n.Kind {
		case graph.ModuleNode:
			attrs += ", shape=cylinder"
		case graph.TopicNode:
			attrs += ", shape=ellipse"
		}
		fmt.Fprintf(w, "  %s [%s];\n", dotQuote(n.ID), attrs)
	}
	for _, p := range pairs(g) {
		style := "dashed"
		if p.sync {
			style = "solid"
		}
		fmt.Fprintf(w, "  %s -> %s [label=%s, style=%s];\n", dotQuote(p.from), dotQuote(p.to), dotQuote(strings.Join(p.kinds, ", ")), style)
	}
	fmt.Fprintln(w, "}")
}

// graphJSON is the machine-readable graph; paths are relative to the
// repository root.
type graphJSON struct {
	Nodes []*graph.Node `json:"nodes"`
	Edges []*graph.Edge `json:"edges"`
}

func writeGraphJSON(w io.Writer, g *graph.Graph) error {
	out := graphJSON{Nodes: g.Nodes, Edges: g.Edges}
	if out.Nodes == nil {
		out.Nodes = []*graph.Node{}
	}
	if out.Edges == nil {
		out.Edges = []*graph.Edge{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
