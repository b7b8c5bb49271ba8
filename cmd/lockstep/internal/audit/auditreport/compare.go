package auditreport

import (
	"cmp"
	"slices"
	"time"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
)

// Comparison is what changed since an earlier audit (--compare). Findings
// are matched by repository and fingerprint, which survives edits that
// only move a finding. Only repositories audited successfully both times
// are compared; the others are listed, so a failure never reads as
// "everything fixed".
type Comparison struct {
	Previous  PreviousAudit `json:"previous"`
	Fixed     int           `json:"fixed"`
	New       int           `json:"new"`
	Unchanged int           `json:"unchanged"`
	// Added and Removed are repositories in only one of the two audits;
	// their findings are not counted as new or fixed.
	Added   []string `json:"repositories_added"`
	Removed []string `json:"repositories_removed"`
	// NotCompared failed in one of the two audits.
	NotCompared []string `json:"repositories_not_compared"`
	// Repositories holds every compared repository with a fixed or new
	// finding, by name.
	Repositories []RepositoryChange `json:"repositories"`
}

// PreviousAudit identifies the report compared with.
type PreviousAudit struct {
	Tool    Tool      `json:"tool"`
	Target  string    `json:"target"`
	Started time.Time `json:"started"`
}

// RepositoryChange is what changed in one repository.
type RepositoryChange struct {
	Repository string           `json:"repository"`
	Fixed      []record.Finding `json:"fixed"` // as the previous audit saw them
	New        []record.Finding `json:"new"`
	Unchanged  int              `json:"unchanged"`
}

func compare(prev, cur *Report) *Comparison {
	c := &Comparison{
		Previous: PreviousAudit{Tool: prev.Tool, Target: prev.Run.Target, Started: prev.Run.Started},
		Added:    []string{}, Removed: []string{}, NotCompared: []string{}, Repositories: []RepositoryChange{},
	}
	before := map[string]*Repository{}
	for i := range prev.Repositories {
		before[prev.Repositories[i].Repository] = &prev.Repositories[i]
	}
	for i := range cur.Repositories {
		now := &cur.Repositories[i]
		was, ok := before[now.Repository]
		delete(before, now.Repository)
		switch {
		case !ok:
			c.Added = append(c.Added, now.Repository)
			continue
		case was.Status == record.Failed || now.Status == record.Failed:
			c.NotCompared = append(c.NotCompared, now.Repository)
			continue
		}
		ch := diff(now.Repository, was.Findings, now.Findings)
		c.Fixed += len(ch.Fixed)
		c.New += len(ch.New)
		c.Unchanged += ch.Unchanged
		if len(ch.Fixed)+len(ch.New) > 0 {
			c.Repositories = append(c.Repositories, ch)
		}
	}
	for name := range before {
		c.Removed = append(c.Removed, name)
	}
	slices.Sort(c.Removed)
	return c
}

// diff matches findings by fingerprint, counting duplicates, so two equal
// findings of which one was fixed show one fixed.
func diff(repo string, was, now []record.Finding) RepositoryChange {
	ch := RepositoryChange{Repository: repo, Fixed: []record.Finding{}, New: []record.Finding{}}
	left := map[string]int{}
	for _, f := range was {
		left[f.Fingerprint]++
	}
	for _, f := range now {
		if left[f.Fingerprint] > 0 {
			left[f.Fingerprint]--
			ch.Unchanged++
			continue
		}
		ch.New = append(ch.New, f)
	}
	for _, f := range was {
		if left[f.Fingerprint] > 0 {
			left[f.Fingerprint]--
			ch.Fixed = append(ch.Fixed, f)
		}
	}
	return ch
}

// changeOrder puts the repositories with the most movement first, for
// the views that show only some.
func changeOrder(a, b RepositoryChange) int {
	return cmp.Or(cmp.Compare(len(b.Fixed)+len(b.New), len(a.Fixed)+len(a.New)), cmp.Compare(a.Repository, b.Repository))
}
