// Package graph derives the service graph of a repository model: which
// service depends on which, through what, and where the repository says
// so. Nodes are the model's services, plus the shared things services meet
// through without calling each other (in-repository Go modules, message
// topics). Every edge keeps the source positions it was read from, so a
// rule can point at the exact value that couples two services.
//
// The graph is built once per model (Of) and is read-only afterwards.
package graph

import (
	"sort"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/gomod"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Kind is what an edge stands for.
type Kind string

// Edge kinds.
const (
	// Calls: the source's configuration holds an address of the target
	// (an in-cluster URL or host name, a Kubernetes Service name).
	Calls Kind = "calls"
	// APIClient: the source generates a client from the target's API
	// contract (OpenAPI, protobuf).
	APIClient Kind = "api-client"
	// WaitsFor: the source cannot start, or become ready, while the target
	// is down (a waiting init container, a probe on the target, Compose
	// depends_on).
	WaitsFor Kind = "waits-for"
	// Module: the source builds in a Go module of the target or a shared
	// in-repository module (require or local replace).
	Module Kind = "module"
	// Topic: the source publishes or consumes a message topic.
	Topic Kind = "topic"
)

// Sync reports whether the dependency is synchronous: the source needs the
// target to be up while it serves (or starts). Topics and shared modules
// couple releases, not availability.
func (k Kind) Sync() bool { return k == Calls || k == APIClient || k == WaitsFor }

// NodeKind tells services from the shared things between them.
type NodeKind string

// Node kinds.
const (
	ServiceNode NodeKind = "service"
	ModuleNode  NodeKind = "module"
	TopicNode   NodeKind = "topic"
)

// Node is a service, a shared Go module or a message topic. Service nodes
// have the service's name as ID; the others are prefixed ("module:PATH",
// "topic:NAME") so that they cannot collide with a service.
type Node struct {
	ID   string     `json:"id"`
	Kind NodeKind   `json:"kind"`
	Name string     `json:"name"`
	Pos  source.Pos `json:"pos"`
}

// Mechanisms say how an edge was found, for messages and for rules that
// care about one of them only.
const (
	ViaEnv            = "env"             // an environment variable
	ViaInitContainer  = "init-container"  // an init container waiting for the target
	ViaReadiness      = "readiness-probe" // a readiness probe that asks the target
	ViaStartup        = "startup-probe"   // a startup probe that asks the target
	ViaDependsOn      = "depends_on"      // Compose depends_on
	ViaGoGenerate     = "go:generate"     // a go:generate line naming the target's contract
	ViaReplace        = "replace"         // a local replace directive
	ViaRequire        = "require"         // a require of an in-repository module
	ViaTopicEnv       = "topic-env"       // a *_TOPIC variable
	ViaTopicResources = "topic-resources" // a KafkaTopic object
)

// Evidence is one place in the repository that supports an edge.
type Evidence struct {
	Pos source.Pos `json:"pos"`
	Via string     `json:"via"`
	// Detail is a short human description: `ORDERS_URL=http://orders:8080
	// in Deployment checkout`.
	Detail string `json:"detail"`
	// Condition is the Compose depends_on condition ("" in the list form).
	Condition string `json:"condition,omitempty"`
	// Value is the version or tag the edge pins, when it pins one (a
	// require's version).
	Value string `json:"value,omitempty"`
}

// Edge is a dependency of From on To, of one kind, with every place that
// says so, in position order.
type Edge struct {
	From     string     `json:"from"`
	To       string     `json:"to"`
	Kind     Kind       `json:"kind"`
	Sync     bool       `json:"sync"`
	Evidence []Evidence `json:"evidence"`
}

// Pos is where the edge is best reported: its first evidence.
func (e *Edge) Pos() source.Pos { return e.Evidence[0].Pos }

// Graph is the service graph of one repository.
type Graph struct {
	Nodes []*Node // sorted: services by name, then modules, then topics
	Edges []*Edge // sorted by From, To, Kind
	// Env are the environment variables of every service, with the service
	// that sets them; rules that read configuration values (pinned
	// versions) share this walk.
	Env []Setting
	// ModuleUses are the in-repository Go modules each service module
	// uses, in service order.
	ModuleUses []ModuleUse

	nodes     map[string]*Node
	ownModule map[string]*gomod.Module
	out       map[string][]*Edge
	in        map[string][]*Edge
	hosts     *hostIndex
}

// Setting is one environment variable of a service's container or
// Compose service.
type Setting struct {
	Service string
	Name    source.String
	Value   source.String
	// Where names the container or Compose service, for messages:
	// `Deployment checkout`, `docker-compose.yml service checkout`.
	Where string
	// Init is set for the variables of init containers.
	Init bool
	// Compose is the Compose file that sets the variable, "" for a
	// Kubernetes container.
	Compose string
}

// Node returns the node with that ID, or nil.
func (g *Graph) Node(id string) *Node { return g.nodes[id] }

// Out returns the edges leaving node id, sorted by target and kind.
func (g *Graph) Out(id string) []*Edge { return g.out[id] }

// In returns the edges arriving at node id, sorted by source and kind.
func (g *Graph) In(id string) []*Edge { return g.in[id] }

// ServiceFor returns the service a host name, a Kubernetes Service name
// or a Compose service name stands for; "" when none does.
func (g *Graph) ServiceFor(name string) string { return g.hosts.lookup(name) }

type graphKey struct{}

// Of returns the graph of r, built once per model.
func Of(r *repo.Repo) *Graph {
	return r.Derived(graphKey{}, func() any { return Build(r) }).(*Graph)
}

type edgeKey struct {
	from, to string
	kind     Kind
}

// builder accumulates nodes and edges; finish sorts them.
type builder struct {
	r     *repo.Repo
	g     *Graph
	edges map[edgeKey]*Edge
	dirs  map[string]string // service directories, for serviceOfPath
}

func (b *builder) node(id string, kind NodeKind, name string, pos source.Pos) {
	if n := b.g.nodes[id]; n != nil {
		if !n.Pos.IsValid() || (pos.IsValid() && pos.Before(n.Pos)) {
			n.Pos = pos
		}
		return
	}
	n := &Node{ID: id, Kind: kind, Name: name, Pos: pos}
	b.g.nodes[id] = n
	b.g.Nodes = append(b.g.Nodes, n)
}

// add records one piece of evidence for the edge from -> to. Self edges
// are dropped: a service calling itself couples nothing.
func (b *builder) add(from, to string, kind Kind, ev Evidence) {
	if from == "" || to == "" || from == to || !ev.Pos.IsValid() {
		return
	}
	k := edgeKey{from, to, kind}
	e := b.edges[k]
	if e == nil {
		e = &Edge{From: from, To: to, Kind: kind, Sync: kind.Sync()}
		b.edges[k] = e
		b.g.Edges = append(b.g.Edges, e)
	}
	e.Evidence = append(e.Evidence, ev)
}

// Build computes the graph of r. Use Of to share it between rules.
func Build(r *repo.Repo) *Graph {
	b := &builder{r: r, g: &Graph{nodes: map[string]*Node{}, out: map[string][]*Edge{}, in: map[string][]*Edge{}}, edges: map[edgeKey]*Edge{}}
	for _, s := range r.Services {
		b.node(s.Name, ServiceNode, s.Name, s.Pos)
	}
	b.g.hosts = newHostIndex(r)
	b.topicObjects()
	b.workloads()
	b.compose()
	b.apiClients()
	b.modules()
	b.finish()
	return b.g
}

var nodeKindOrder = map[NodeKind]int{ServiceNode: 0, ModuleNode: 1, TopicNode: 2}

func (b *builder) finish() {
	g := b.g
	sort.SliceStable(g.Nodes, func(i, j int) bool {
		a, c := g.Nodes[i], g.Nodes[j]
		if a.Kind != c.Kind {
			return nodeKindOrder[a.Kind] < nodeKindOrder[c.Kind]
		}
		return a.ID < c.ID
	})
	sort.Slice(g.Edges, func(i, j int) bool {
		a, c := g.Edges[i], g.Edges[j]
		if a.From != c.From {
			return a.From < c.From
		}
		if a.To != c.To {
			return a.To < c.To
		}
		return a.Kind < c.Kind
	})
	for _, e := range g.Edges {
		sort.SliceStable(e.Evidence, func(i, j int) bool { return e.Evidence[i].Pos.Before(e.Evidence[j].Pos) })
		e.Evidence = dedupeEvidence(e.Evidence)
		g.out[e.From] = append(g.out[e.From], e)
		g.in[e.To] = append(g.in[e.To], e)
	}
	sort.SliceStable(g.Env, func(i, j int) bool { return g.Env[i].Name.Pos.Before(g.Env[j].Name.Pos) })
}

// dedupeEvidence drops evidence repeated at one position (a value read
// both as a URL and as a host name).
func dedupeEvidence(evs []Evidence) []Evidence {
	out := evs[:0]
	for i, ev := range evs {
		if i > 0 && ev.Pos == evs[i-1].Pos && ev.Via == evs[i-1].Via {
			continue
		}
		out = append(out, ev)
	}
	return out
}
