package auditreport

import (
	"fmt"
	"testing"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
)

func TestLayout(t *testing.T) {
	d := layout(shopGraph())
	at := map[string]drawnNode{}
	seen := map[[2]int]string{}
	for _, n := range d.Nodes {
		at[n.Label] = n
		if other, ok := seen[[2]int{n.X, n.Y}]; ok {
			t.Errorf("%s and %s are drawn at the same place", n.Label, other)
		}
		seen[[2]int{n.X, n.Y}] = n.Label
		if n.X+nodeWidth > d.Width || n.Y+nodeHeight > d.Height {
			t.Errorf("%s lies outside the picture", n.Label)
		}
	}
	// Callers are left of what they call; the cycle orders ⇄ payments
	// is ranked by its forward edge.
	for _, e := range [][2]string{{"gateway", "checkout"}, {"checkout", "orders"}, {"orders", "payments"}, {"catalog", "inventory"}} {
		if at[e[0]].X >= at[e[1]].X {
			t.Errorf("%s is not left of %s", e[0], e[1])
		}
	}
	if at["gateway"].X != graphMargin || at["notifications"].X != graphMargin {
		t.Error("services nothing calls are not in the first column")
	}
	if len(d.Edges) != 13 || d.Hidden != 0 {
		t.Errorf("%d edges, %d hidden", len(d.Edges), d.Hidden)
	}
	sync := 0
	for _, e := range d.Edges {
		if e.Sync {
			sync++
		}
	}
	if sync != 8 {
		t.Errorf("%d synchronous edges, want 8", sync)
	}
}

func TestLayoutMergesAndCaps(t *testing.T) {
	g := &record.Graph{}
	for i := range 60 {
		g.Nodes = append(g.Nodes, record.Node{ID: fmt.Sprintf("service:s%02d", i), Kind: "service", Name: fmt.Sprintf("s%02d", i)})
	}
	for i := 1; i < 45; i++ { // s00 calls s01..s44; s45..s59 stand alone
		g.Edges = append(g.Edges, record.Edge{From: "service:s00", To: fmt.Sprintf("service:s%02d", i), Kind: "calls", Sync: true})
	}
	g.Edges = append(g.Edges, record.Edge{From: "service:s00", To: "service:s01", Kind: "waits-for", Sync: true})
	d := layout(g)
	if len(d.Nodes) != graphMaxNodes || d.Hidden != 20 {
		t.Errorf("%d nodes drawn, %d hidden; want %d and 20", len(d.Nodes), d.Hidden, graphMaxNodes)
	}
	if len(d.Edges) != graphMaxNodes-1 {
		t.Errorf("%d edges, want %d (two edges s00 → s01 drawn as one)", len(d.Edges), graphMaxNodes-1)
	}
	if d.Edges[0].Title != "s00 → s01: calls, waits-for" {
		t.Errorf("merged edge: %q", d.Edges[0].Title)
	}
	if layout(&record.Graph{Nodes: g.Nodes}) != nil {
		t.Error("a graph without edges is drawn")
	}
}
