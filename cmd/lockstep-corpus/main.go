// Command lockstep-corpus writes the synthetic monorepos that lockstep's
// benchmarks run on (testdata/bench/run.sh), and measures the floor of a
// check: reading and YAML-parsing the same files, nothing else.
//
//	lockstep-corpus -services 1000 -seed 1 -out /tmp/corpus
//	lockstep-corpus -parse /tmp/corpus
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/corpus"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func main() {
	services := flag.Int("services", 100, "number of services")
	seed := flag.Int64("seed", 1, "random seed; the same seed writes the same files")
	out := flag.String("out", "", "write a corpus into this `DIR`")
	parse := flag.String("parse", "", "read and YAML-parse every .yml/.yaml file under `DIR`, and nothing else")
	flag.Parse()
	switch {
	case *out != "":
		size, err := corpus.Write(*out, corpus.Options{Services: *services, Seed: *seed})
		if err != nil {
			fmt.Fprintln(os.Stderr, "lockstep-corpus:", err)
			os.Exit(1)
		}
		fmt.Printf("%d services, %d bytes in %s\n", *services, size, *out)
	case *parse != "":
		files, docs, err := parseAll(*parse)
		if err != nil {
			fmt.Fprintln(os.Stderr, "lockstep-corpus:", err)
			os.Exit(1)
		}
		fmt.Printf("%d files, %d documents\n", files, docs)
	default:
		flag.Usage()
		os.Exit(2)
	}
}

// parseAll is the floor a check cannot go below: the same reads and the
// same YAML decoding, with no model, services or rules.
func parseAll(root string) (files, docs int, err error) {
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		isYAML := strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")
		if err != nil || d.IsDir() || !isYAML {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		ds, _ := source.ParseYAML(p, data, source.DefaultLimits)
		files++
		docs += len(ds)
		return nil
	})
	return files, docs, err
}
