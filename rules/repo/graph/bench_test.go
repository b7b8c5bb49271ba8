package graph_test

import (
	"context"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/corpus"
	"github.com/lockstep-lint/lockstep/rules/repo/graph"
)

// benchmarkBuild builds the graph of a generated monorepo; the load is
// outside the timer.
func benchmarkBuild(b *testing.B, services int) {
	dir := b.TempDir()
	if _, err := corpus.Write(dir, corpus.Options{Services: services, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	r, err := repo.LoadDir(context.Background(), dir, repo.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g := graph.Build(r)
		if len(g.Nodes) < services {
			b.Fatalf("%d nodes for %d services", len(g.Nodes), services)
		}
	}
}

func BenchmarkBuild100(b *testing.B)  { benchmarkBuild(b, 100) }
func BenchmarkBuild1000(b *testing.B) { benchmarkBuild(b, 1000) }
