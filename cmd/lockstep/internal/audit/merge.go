package audit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
)

// Merged is the shards of one audit put together.
type Merged struct {
	Run     record.Run // the first shard's header, as the whole audit
	Records []record.Record
	// Missing are the shard indexes no directory holds; Unfinished the
	// shards with fewer records than repositories assigned. Both make the
	// merged audit incomplete.
	Missing    []int
	Unfinished []record.Shard
	Shards     int // how many shards the audit was split into
}

// Complete reports whether every shard is there and finished.
func (m *Merged) Complete() bool { return len(m.Missing) == 0 && len(m.Unfinished) == 0 }

// Merge reads the output directories of the shards of one audit. It
// refuses directories of different audits and two directories of the same
// shard; a repository recorded by two shards (possible only if they were
// run with different shard counts, which is refused) would be an error.
func Merge(dirs []string) (*Merged, error) {
	if len(dirs) == 0 {
		return nil, fmt.Errorf("merge: no output directory given")
	}
	m := &Merged{}
	byIndex := map[int]string{}
	owner := map[string]string{}
	for i, dir := range dirs {
		run, recs, err := ReadDir(dir)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			m.Run, m.Shards = *run, run.Shard.Count
			m.Run.Repositories = 0
		} else if why := otherAudit(&m.Run, m.Shards, run); why != "" {
			return nil, fmt.Errorf("merge: %s and %s are not shards of one audit: %s", dirs[0], dir, why)
		}
		m.Run.Repositories += run.Repositories
		if prev, dup := byIndex[run.Shard.Index]; dup {
			return nil, fmt.Errorf("merge: %s and %s both hold shard %s", prev, dir, run.Shard)
		}
		byIndex[run.Shard.Index] = dir
		if len(recs) < run.Repositories {
			m.Unfinished = append(m.Unfinished, run.Shard)
		}
		if run.Started.Before(m.Run.Started) {
			m.Run.Started = run.Started
		}
		for _, r := range recs {
			if prev, dup := owner[r.Repository]; dup {
				return nil, fmt.Errorf("merge: %s is recorded in both %s and %s", r.Repository, prev, dir)
			}
			owner[r.Repository] = dir
			m.Records = append(m.Records, r)
		}
	}
	for i := 0; i < m.Shards; i++ {
		if _, ok := byIndex[i]; !ok {
			m.Missing = append(m.Missing, i)
		}
	}
	m.Run.Shard = record.Shard{Index: 0, Count: 1}
	sort.Slice(m.Records, func(i, j int) bool { return m.Records[i].Repository < m.Records[j].Repository })
	return m, nil
}

// Problem describes what makes a merge incomplete, or "".
func (m *Merged) Problem() string {
	var parts []string
	if len(m.Missing) > 0 {
		parts = append(parts, fmt.Sprintf("shards %v of %d are missing", m.Missing, m.Shards))
	}
	for _, s := range m.Unfinished {
		parts = append(parts, fmt.Sprintf("shard %s is unfinished (resume it with --resume)", s))
	}
	return strings.Join(parts, "; ")
}

// otherAudit says why run is not a shard of the audit first describes, or "".
func otherAudit(first *record.Run, shards int, run *record.Run) string {
	if run.Shard.Count != shards {
		return fmt.Sprintf("split into %d shards, not %d", run.Shard.Count, shards)
	}
	same := *run
	same.Shard = first.Shard
	return sameAudit(first, &same)
}
