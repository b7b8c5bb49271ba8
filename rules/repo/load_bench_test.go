package repo_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/corpus"
)

func corpusFS(services int) (fstest.MapFS, int64) {
	fsys := fstest.MapFS{}
	var size int64
	for p, data := range corpus.Generate(corpus.Options{Services: services, Seed: 1}) {
		fsys[p] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
		size += int64(len(data))
	}
	return fsys, size
}

func benchmarkLoad(b *testing.B, services int) {
	fsys, size := corpusFS(services)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := repo.Load(context.Background(), fsys, ".", repo.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad100 and BenchmarkLoad1000 show how loading scales with the
// size of a monorepo (compare ns/op; MB/s should stay flat).
func BenchmarkLoad100(b *testing.B)  { benchmarkLoad(b, 100) }
func BenchmarkLoad1000(b *testing.B) { benchmarkLoad(b, 1000) }
