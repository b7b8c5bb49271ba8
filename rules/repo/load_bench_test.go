package repo_test

import (
	"context"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/corpus"
)

// benchmarkLoad loads a generated monorepo from disk. (fstest.MapFS would
// measure itself: its ReadDir scans every file for each directory.)
func benchmarkLoad(b *testing.B, services int) {
	dir := b.TempDir()
	size, err := corpus.Write(dir, corpus.Options{Services: services, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := repo.LoadDir(context.Background(), dir, repo.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad100 and BenchmarkLoad1000 show how loading scales with the
// size of a monorepo: ns/op should grow tenfold, MB/s stay flat.
func BenchmarkLoad100(b *testing.B)  { benchmarkLoad(b, 100) }
func BenchmarkLoad1000(b *testing.B) { benchmarkLoad(b, 1000) }
