package tarfs

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/corpus"
)

// benchArchive is a GitHub-style tarball of a 300-service monorepo
// (corpus) with 48 MB of incompressible assets beside it (images,
// binaries), which the reader skips: about 50 MB uncompressed.
func benchArchive(b *testing.B) (archive []byte, uncompressed int64) {
	files := corpus.Generate(corpus.Options{Services: 300, Seed: 1})
	rng := rand.New(rand.NewSource(1))
	for i := range 480 {
		blob := make([]byte, 100_000)
		rng.Read(blob)
		files[fmt.Sprintf("web/assets/img-%03d.png", i)] = string(blob)
	}
	for _, data := range files {
		uncompressed += int64(len(data))
	}
	return tarGz(b, githubLayout(files)), uncompressed
}

func BenchmarkReadTarGz(b *testing.B) {
	archive, size := benchArchive(b)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ReadTarGz(bytes.NewReader(archive), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadTarGzAndLoad is what an audit spends on one repository
// before its rules run.
func BenchmarkReadTarGzAndLoad(b *testing.B) {
	archive, size := benchArchive(b)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		fsys, err := ReadTarGz(bytes.NewReader(archive), Options{})
		if err != nil {
			b.Fatal(err)
		}
		r, err := repo.Load(context.Background(), fsys, "acme/shop", repo.Options{})
		if err != nil || len(r.Services) != 300 {
			b.Fatalf("%v, %d services", err, len(r.Services))
		}
	}
}
