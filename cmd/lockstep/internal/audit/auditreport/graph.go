package auditreport

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
)

// A graph drawing: nodes in columns by dependency depth (callers left of
// what they call), laid out the same way every time.
const (
	graphMaxNodes = 40
	nodeWidth     = 150
	nodeHeight    = 30
	columnGap     = 80
	rowGap        = 18
	graphMargin   = 16
)

type drawing struct {
	Width, Height int
	Nodes         []drawnNode
	Edges         []drawnEdge
	Hidden        int // nodes left out to keep the picture readable
}

type drawnNode struct {
	X, Y        int
	Kind, Label string
	Title       string // the full name and kind, shown on hover
}

type drawnEdge struct {
	Path  string
	Sync  bool
	Title string
}

type mergedEdge struct {
	from, to int
	kinds    []string
	sync     bool
}

// layout draws g, or returns nil when it has no edge.
func layout(g *record.Graph) *drawing {
	if !hasEdges(g) {
		return nil
	}
	nodes, hidden := keptNodes(g)
	index := map[string]int{}
	for i, n := range nodes {
		index[n.ID] = i
	}
	edges := merge(g.Edges, index)
	layer := layers(len(nodes), edges)
	columns := order(len(nodes), edges, layer, nodes)

	d := &drawing{Hidden: hidden}
	tallest := 0
	for _, col := range columns {
		tallest = max(tallest, len(col))
	}
	pos := make([][2]int, len(nodes))
	for c, col := range columns {
		top := graphMargin + (tallest-len(col))*(nodeHeight+rowGap)/2
		for r, n := range col {
			pos[n] = [2]int{graphMargin + c*(nodeWidth+columnGap), top + r*(nodeHeight+rowGap)}
		}
	}
	d.Width = 2*graphMargin + len(columns)*nodeWidth + (len(columns)-1)*columnGap
	d.Height = 2*graphMargin + tallest*nodeHeight + (tallest-1)*rowGap + 40 // room for edges looping below
	for i, n := range nodes {
		d.Nodes = append(d.Nodes, drawnNode{X: pos[i][0], Y: pos[i][1], Kind: n.Kind, Label: clip(n.Name, 20), Title: n.Kind + " " + n.Name})
	}
	for _, e := range edges {
		d.Edges = append(d.Edges, drawnEdge{
			Path:  route(pos[e.from], pos[e.to]),
			Sync:  e.sync,
			Title: fmt.Sprintf("%s → %s: %s", nodes[e.from].Name, nodes[e.to].Name, strings.Join(e.kinds, ", ")),
		})
	}
	return d
}

// keptNodes are the graph's nodes by ID, at most graphMaxNodes: those
// with the most edges, since they carry the coupling.
func keptNodes(g *record.Graph) ([]record.Node, int) {
	nodes := slices.Clone(g.Nodes)
	slices.SortFunc(nodes, func(a, b record.Node) int { return cmp.Compare(a.ID, b.ID) })
	if len(nodes) <= graphMaxNodes {
		return nodes, 0
	}
	degree := map[string]int{}
	for _, e := range g.Edges {
		degree[e.From]++
		degree[e.To]++
	}
	slices.SortStableFunc(nodes, func(a, b record.Node) int { return cmp.Compare(degree[b.ID], degree[a.ID]) })
	kept := nodes[:graphMaxNodes]
	slices.SortFunc(kept, func(a, b record.Node) int { return cmp.Compare(a.ID, b.ID) })
	return kept, len(nodes) - graphMaxNodes
}

// merge draws several edges between the same two nodes as one.
func merge(edges []record.Edge, index map[string]int) []mergedEdge {
	byPair := map[[2]int]*mergedEdge{}
	var out []*mergedEdge
	for _, e := range edges {
		from, ok1 := index[e.From]
		to, ok2 := index[e.To]
		if !ok1 || !ok2 || from == to {
			continue
		}
		m := byPair[[2]int{from, to}]
		if m == nil {
			m = &mergedEdge{from: from, to: to}
			byPair[[2]int{from, to}] = m
			out = append(out, m)
		}
		if !slices.Contains(m.kinds, e.Kind) {
			m.kinds = append(m.kinds, e.Kind)
		}
		m.sync = m.sync || e.Sync
	}
	slices.SortFunc(out, func(a, b *mergedEdge) int { return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to)) })
	merged := make([]mergedEdge, len(out))
	for i, m := range out {
		slices.Sort(m.kinds)
		merged[i] = *m
	}
	return merged
}

// layers puts each node one column right of its furthest caller. Edges
// that close a cycle (found by a depth-first walk in ID order) are left
// out of the ranking and drawn as loops back.
func layers(n int, edges []mergedEdge) []int {
	out := make([][]int, n)
	for _, e := range edges {
		out[e.from] = append(out[e.from], e.to)
	}
	const (
		unseen = iota
		open
		done
	)
	state := make([]int, n)
	var topo []int
	var visit func(v int)
	visit = func(v int) {
		state[v] = open
		for _, w := range out[v] {
			if state[w] == unseen {
				visit(w)
			}
		}
		state[v] = done
		topo = append(topo, v)
	}
	for v := range n {
		if state[v] == unseen {
			visit(v)
		}
	}
	// topo is a reverse topological order of the graph without back edges.
	rank := make([]int, n)
	for i, v := range topo {
		rank[v] = i
	}
	layer := make([]int, n)
	for i := len(topo) - 1; i >= 0; i-- {
		v := topo[i]
		for _, w := range out[v] {
			if rank[w] < rank[v] { // a forward edge, not one closing a cycle
				layer[w] = max(layer[w], layer[v]+1)
			}
		}
	}
	return layer
}

// order fills the columns, sorting each by the mean row of the nodes
// pointing into it so that edges cross less.
func order(n int, edges []mergedEdge, layer []int, nodes []record.Node) [][]int {
	width := 0
	for _, l := range layer {
		width = max(width, l+1)
	}
	columns := make([][]int, width)
	for v := range n {
		columns[layer[v]] = append(columns[layer[v]], v)
	}
	row := make([]float64, n)
	for c := range columns {
		for r, v := range columns[c] {
			row[v] = float64(r)
		}
	}
	for c := 1; c < width; c++ {
		mean := map[int]float64{}
		for _, v := range columns[c] {
			sum, k := 0.0, 0
			for _, e := range edges {
				if e.to == v && layer[e.from] < c {
					sum += row[e.from]
					k++
				}
			}
			mean[v] = row[v]
			if k > 0 {
				mean[v] = sum / float64(k)
			}
		}
		slices.SortStableFunc(columns[c], func(a, b int) int {
			return cmp.Or(cmp.Compare(mean[a], mean[b]), cmp.Compare(nodes[a].ID, nodes[b].ID))
		})
		for r, v := range columns[c] {
			row[v] = float64(r)
		}
	}
	return columns
}

// route is an edge's SVG path between two node boxes: a curve from the
// right of one to the left of the other, or a loop below both when the
// edge runs backwards or within a column.
func route(from, to [2]int) string {
	if to[0] > from[0] {
		x1, y1 := from[0]+nodeWidth, from[1]+nodeHeight/2
		x2, y2 := to[0]-2, to[1]+nodeHeight/2
		mid := (x1 + x2) / 2
		return fmt.Sprintf("M%d %dC%d %d %d %d %d %d", x1, y1, mid, y1, mid, y2, x2, y2)
	}
	x1, y1 := from[0]+nodeWidth/2+10, from[1]+nodeHeight
	x2, y2 := to[0]+nodeWidth/2-10, to[1]+nodeHeight+2
	low := max(y1, y2) + 36
	return fmt.Sprintf("M%d %dC%d %d %d %d %d %d", x1, y1, x1, low, x2, low, x2, y2)
}
