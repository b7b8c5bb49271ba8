// Package gctune sets the garbage collector's pace for one lockstep run.
//
// With the default GOGC=100 the collector runs whenever the heap doubles,
// and a lint run's heap starts small and mostly grows: checking the 1,001
// workflows of the benchmark corpus spent a fifth of its CPU time in the
// collector, cycling over a heap of a few tens of megabytes. A fixed
// higher GOGC buys that back but multiplies the peak of large
// repositories (GOGC=400 took the 1,000-service corpus from 150 to
// 190 MB). So the heap may grow by at least Headroom beyond what the last
// collection left live, and by the live heap itself once that is larger:
// GOGC=100 for large heaps, a higher one for small heaps.
package gctune

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Headroom is the least growth of the heap allowed between collections.
const Headroom = 64 << 20

// maxPercent bounds the pace when almost nothing is live, as at start.
const maxPercent = 1600

// Percent is the GOGC that lets a heap with live bytes grow by
// max(live, headroom) before the next collection.
func Percent(live, headroom uint64) int {
	if live == 0 || live >= headroom {
		return 100
	}
	return int(min(100*headroom/live, maxPercent))
}

// Start paces the collector for the rest of the process, unless the user
// chose a pace with GOGC or GOMEMLIMIT. It re-reads the live heap after
// each collection (a finalizer runs once per cycle) and sets GOGC from it.
func Start() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	// Before the first collection, the runtime's 4 MB minimum heap times
	// this percent is the first trigger.
	debug.SetGCPercent(Percent(4<<20, Headroom))
	arm()
}

type sentinel struct{ _ [64]byte } // large enough not to share a tiny block

func arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		if s[0].Value.Kind() == metrics.KindUint64 {
			debug.SetGCPercent(Percent(s[0].Value.Uint64(), Headroom))
		}
		arm()
	})
}
