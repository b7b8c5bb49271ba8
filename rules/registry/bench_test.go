package registry_test

import (
	"context"
	"testing"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/registry"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/corpus"
)

// benchmarkCheck loads a generated monorepo and runs every rule, as
// `lockstep check` does.
func benchmarkCheck(b *testing.B, services int) {
	dir := b.TempDir()
	size, err := corpus.Write(dir, corpus.Options{Services: services, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := repo.LoadDir(context.Background(), dir, repo.Options{})
		if err != nil {
			b.Fatal(err)
		}
		findings, err := rules.Run(context.Background(), r, registry.All(), rules.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(findings) == 0 {
			b.Fatal("the corpus's release train should be reported")
		}
	}
}

func BenchmarkCheck100(b *testing.B)  { benchmarkCheck(b, 100) }
func BenchmarkCheck1000(b *testing.B) { benchmarkCheck(b, 1000) }
