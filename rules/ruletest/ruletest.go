// Package ruletest runs rules the way `lockstep check` does, over small
// repositories held in txtar fixtures or rule documentation, and compares
// the findings with the expected text output.
//
// A fixture testdata/rules/<ID>/<case>.txtar holds the repository's files
// and a "want" section with the exact lines `lockstep check` prints for
// that rule (findings of other rules are ignored). An empty or missing
// want section means the case must stay clean. Run the tests with
// -update to rewrite want sections from the current output.
//
// A fixture (or a doc example) describes a change for the diff-mode rules
// when it holds files under "base/": those files, without the prefix, are
// the complete tree of the base version, and the other files the complete
// tree of the changed version (a file only in base/ is deleted by the
// change, one only outside it is added). The harness commits both to a
// temporary git repository (base tagged "base", the change on top) and
// runs the rules as `lockstep check --base base` would, with the repo.Diff
// that package gitdiff reads from git. A fixture without base/ files runs
// in full-repository mode, with no Diff.
package ruletest

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing/fstest"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/config"
	"github.com/lockstep-lint/lockstep/rules/registry"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
)

// Output runs every rule over files, as `lockstep check` would (with the
// repository's .lockstep.yml, inline suppressions and LS002), and returns
// the text output of the findings of the rule ruleID, one finding per line
// followed by its related locations.
func Output(files map[string]string, ruleID string) (string, error) {
	fsys := fstest.MapFS{}
	head, base := map[string]string{}, map[string]string{}
	for name, data := range files {
		if rest, ok := strings.CutPrefix(name, BasePrefix); ok {
			base[rest] = data
			continue
		}
		head[name] = data
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	if len(base) == 0 {
		return outputFS(fsys, ruleID, nil)
	}
	dir, err := os.MkdirTemp("", "lockstep-ruletest-")
	if err != nil {
		return "", err
	}
	defer func() { _ = os.RemoveAll(dir) }() // a leftover temp dir is harmless
	if err := gittest.Build(dir, base, head); err != nil {
		return "", err
	}
	diff, err := gitdiff.Load(context.Background(), dir, "base")
	if err != nil {
		return "", err
	}
	// From disk: diff rules that run the go command (LS412) need the
	// files where the repository's root says they are.
	return outputRoot(os.DirFS(dir), dir, ruleID, diff)
}

// BasePrefix marks the files of a fixture's base version.
const BasePrefix = "base/"

// OutputFS is Output over a file system, in full-repository mode.
func OutputFS(fsys fs.FS, ruleID string) (string, error) {
	return outputFS(fsys, ruleID, nil)
}

func outputFS(fsys fs.FS, ruleID string, diff *repo.Diff) (string, error) {
	return outputRoot(fsys, ".", ruleID, diff)
}

func outputRoot(fsys fs.FS, root, ruleID string, diff *repo.Diff) (string, error) {
	cfg := &config.Config{}
	for _, name := range []string{".lockstep.yml", ".lockstep.yaml"} {
		if data, err := fs.ReadFile(fsys, name); err == nil {
			c, err := config.Parse(name, data)
			if err != nil {
				return "", err
			}
			cfg = c
		}
	}
	metas := registry.Metas()
	ropts, lopts, err := cfg.Resolve(metas)
	if err != nil {
		return "", err
	}
	if m := registry.Lookup(ruleID); m != nil && m.Disabled {
		if ropts.Enabled == nil {
			ropts.Enabled = map[string]bool{}
		}
		if _, set := ropts.Enabled[m.ID]; !set {
			ropts.Enabled[m.ID] = true // a fixture of an opt-in rule tests it on
		}
	}
	ropts.Diff = diff
	ctx := context.Background()
	r, err := repo.Load(ctx, fsys, root, lopts)
	if err != nil {
		return "", err
	}
	findings, err := rules.Run(ctx, r, registry.All(), ropts)
	if err != nil {
		return "", err
	}
	enabled := map[string]bool{}
	for _, m := range metas {
		if ropts.IsEnabled(m) {
			enabled[m.ID] = true
		}
	}
	findings, _, problems := config.Suppress(r, findings, registry.Lookup, enabled)
	findings = append(findings, problems...)
	rules.Finish(r, findings, ropts.Severity)
	var b strings.Builder
	for i := range findings {
		f := &findings[i]
		if f.Rule.ID != ruleID {
			continue
		}
		fmt.Fprintln(&b, f.String())
		for _, l := range f.RelatedLines() {
			fmt.Fprintln(&b, l)
		}
	}
	return b.String(), nil
}
