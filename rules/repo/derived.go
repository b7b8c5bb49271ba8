package repo

import "sync"

// derived holds values computed from the model on demand.
type derived struct {
	mu      sync.Mutex
	entries map[any]*derivedEntry
}

type derivedEntry struct {
	once  sync.Once
	value any
}

// Derived returns the value computed from the model under key, computing
// it once per model. Rules run concurrently over one model and several
// need the same views of it (normalized pipelines, manifest indexes), as
// go/analysis analyzers share results through Requires; the value must be
// treated as read-only. Keys should be unexported types of the caller's
// package so that packages cannot collide.
func (r *Repo) Derived(key any, compute func() any) any {
	r.derived.mu.Lock()
	if r.derived.entries == nil {
		r.derived.entries = map[any]*derivedEntry{}
	}
	e := r.derived.entries[key]
	if e == nil {
		e = &derivedEntry{}
		r.derived.entries[key] = e
	}
	r.derived.mu.Unlock()
	e.once.Do(func() { e.value = compute() })
	return e.value
}
