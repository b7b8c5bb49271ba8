package coupling

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/graph"
)

//go:embed ls404.md
var ls404Doc string

// SyncDependencyCycle reports services that depend on each other
// synchronously in a cycle.
type SyncDependencyCycle struct{}

var ls404 = &rules.Meta{
	ID:       "LS404",
	Name:     "synchronous-dependency-cycle",
	Category: rules.CategoryCoupling,
	// An error: no service of the cycle can start, roll back or change an
	// interface without every other one of them.
	Severity: rules.Error,
	Title:    "services call each other synchronously in a cycle",
	Since:    "v0.1.0",
	Remediation: "Break the cycle: turn one of its calls into an event the other service consumes " +
		"asynchronously, move the shared behaviour into one of the services, or merge services that " +
		"cannot live apart.",
	Doc: ls404Doc,
}

// Meta describes LS404.
func (SyncDependencyCycle) Meta() *rules.Meta { return ls404 }

// Check finds the strongly connected groups of services over synchronous
// edges and reports one cycle per group: the shortest one through the
// group's first service by name, at its first edge. Enumerating every
// cycle can be exponential; one per group names the knot.
func (SyncDependencyCycle) Check(p *rules.Pass) {
	g := graph.Of(p.Repo)
	for _, comp := range syncComponents(g) {
		cycle := shortestCycle(g, comp)
		if len(cycle) == 0 {
			continue
		}
		names := []string{cycle[0].From}
		var related []rules.Related
		for i, e := range cycle {
			names = append(names, e.To)
			if i > 0 {
				related = append(related, rules.RelatedAt(e.Pos(), fmt.Sprintf("%s %s %s: %s", e.From, e.Kind, e.To, e.Evidence[0].Detail)))
			}
		}
		msg := fmt.Sprintf("synchronous dependency cycle between %s: %s (%s %s %s: %s)",
			plural(len(cycle), "service"), strings.Join(names, " -> "), cycle[0].From, cycle[0].Kind, cycle[0].To, cycle[0].Evidence[0].Detail)
		if len(comp) > len(cycle) {
			msg += fmt.Sprintf("; the cycle is part of a knot of %s: %s", plural(len(comp), "service"), nameList(comp))
		}
		p.Report(rules.Finding{Location: rules.At(cycle[0].Pos()), Message: msg, Related: related})
	}
}

// syncOut are the synchronous edges between services leaving id, one per
// target (the first kind in the graph's order).
func syncOut(g *graph.Graph, id string) []*graph.Edge {
	var out []*graph.Edge
	for _, e := range g.Out(id) {
		if !e.Sync || (len(out) > 0 && out[len(out)-1].To == e.To) {
			continue
		}
		if n := g.Node(e.To); n == nil || n.Kind != graph.ServiceNode {
			continue
		}
		out = append(out, e)
	}
	return out
}

// syncComponents are the strongly connected components of two services
// or more (Tarjan), each sorted by name, in order of their first name.
func syncComponents(g *graph.Graph) [][]string {
	index := map[string]int{}
	low := map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	var comps [][]string
	next := 0
	var visit func(v string)
	visit = func(v string) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, e := range syncOut(g, v) {
			w := e.To
			if _, seen := index[w]; !seen {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		var comp []string
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[w] = false
			comp = append(comp, w)
			if w == v {
				break
			}
		}
		if len(comp) > 1 {
			slices.Sort(comp)
			comps = append(comps, comp)
		}
	}
	for _, n := range g.Nodes {
		if _, seen := index[n.ID]; !seen && n.Kind == graph.ServiceNode {
			visit(n.ID)
		}
	}
	slices.SortFunc(comps, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return comps
}

// shortestCycle is the shortest cycle through the component's first
// service, by breadth-first search inside the component; ties go to the
// targets first in name order.
func shortestCycle(g *graph.Graph, comp []string) []*graph.Edge {
	in := map[string]bool{}
	for _, n := range comp {
		in[n] = true
	}
	start := comp[0]
	via := map[string]*graph.Edge{}
	queue := []string{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, e := range syncOut(g, v) {
			if !in[e.To] {
				continue
			}
			if e.To == start {
				var cycle []*graph.Edge
				for at := e; ; at = via[at.From] {
					cycle = append(cycle, at)
					if at.From == start {
						break
					}
				}
				slices.Reverse(cycle)
				return cycle
			}
			if _, seen := via[e.To]; !seen {
				via[e.To] = e
				queue = append(queue, e.To)
			}
		}
	}
	return nil
}
