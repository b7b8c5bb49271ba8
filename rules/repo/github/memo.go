package github

import (
	"context"
	"maps"
	"net/http"
	"sync"
)

// memo shares answers that are the same for every repository of an
// organization — the details of its rulesets — so that an audit asks
// each once, however many repositories and goroutines need it.
type memo struct {
	mu    sync.Mutex
	calls map[string]*memoCall
}

type memoCall struct {
	done   chan struct{}
	ex     *Exchange
	failed bool // the fetch ended with its context: waiters ask again
}

// do returns the answer for key: the one remembered, the one another
// goroutine is fetching, or fetch's. Answers that may change in a minute
// (rate limits, server errors) are handed to the goroutines waiting for
// them but not remembered.
func (m *memo) do(ctx context.Context, key string, fetch func() (*Exchange, error)) (*Exchange, error) {
	for {
		m.mu.Lock()
		if m.calls == nil {
			m.calls = map[string]*memoCall{}
		}
		call, found := m.calls[key]
		if !found {
			call = &memoCall{done: make(chan struct{})}
			m.calls[key] = call
			m.mu.Unlock()
			ex, err := fetch()
			call.ex, call.failed = ex, err != nil
			if err != nil || !lasting(ex) {
				m.mu.Lock()
				delete(m.calls, key)
				m.mu.Unlock()
			}
			close(call.done)
			return ex, err
		}
		m.mu.Unlock()
		select {
		case <-call.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if !call.failed {
			return copyExchange(call.ex), nil
		}
	}
}

// lasting reports an answer that stays true for the rest of an audit.
func lasting(ex *Exchange) bool {
	switch {
	case ex.OK(), ex.Status == http.StatusNotFound:
		return true
	case ex.Status == http.StatusForbidden:
		return !isRateLimit(ex, message(ex))
	}
	return false
}

// copyExchange keeps one snapshot's exchanges apart from another's.
func copyExchange(ex *Exchange) *Exchange {
	if ex == nil {
		return nil
	}
	c := *ex
	c.Header = maps.Clone(ex.Header)
	return &c
}
