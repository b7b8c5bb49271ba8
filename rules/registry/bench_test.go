package registry_test

import (
	"context"
	"os"
	"path/filepath"
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
	loop(b, dir)
}

func BenchmarkCheck100(b *testing.B)  { benchmarkCheck(b, 100) }
func BenchmarkCheck1000(b *testing.B) { benchmarkCheck(b, 1000) }

// benchmarkCheckWorkflows checks only a generated monorepo's workflows, the
// input testdata/bench/run.sh gives both lockstep and actionlint.
func benchmarkCheckWorkflows(b *testing.B, services int) {
	gen := b.TempDir()
	if _, err := corpus.Write(gen, corpus.Options{Services: services, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := os.Rename(filepath.Join(gen, ".github"), filepath.Join(dir, ".github")); err != nil {
		b.Fatal(err)
	}
	loop(b, dir)
}

// loop loads dir and runs every rule b.N times.
func loop(b *testing.B, dir string) {
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

func BenchmarkCheckWorkflows100(b *testing.B)  { benchmarkCheckWorkflows(b, 100) }
func BenchmarkCheckWorkflows1000(b *testing.B) { benchmarkCheckWorkflows(b, 1000) }
