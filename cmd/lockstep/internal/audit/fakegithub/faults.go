package fakegithub

import (
	"hash/fnv"
	"slices"
	"strconv"
	"time"
)

// Faults are the failures the server injects. The zero value injects
// none. Rates are the share, from 0 to 1, of request paths (or
// repositories) affected; which ones is decided by a hash of Seed and
// the path, so it does not depend on the order requests arrive in. Every
// fault but Deleted is transient: the request that meets it succeeds
// when repeated, so an audit that retries gets the results of a
// fault-free run.
type Faults struct {
	Seed int64

	// ServerErrors: the first ServerErrorBurst requests of an affected
	// path (API or codeload) answer 502 and 503 in turn.
	ServerErrors     float64
	ServerErrorBurst int // 0 means 2

	// SecondaryLimits: the first request of an affected API path meets a
	// secondary rate limit: SecondaryStatus with Retry-After.
	SecondaryLimits float64
	// RetryAfter is the Retry-After in seconds; 0 means 1, the least
	// GitHub sends.
	RetryAfter      int
	SecondaryStatus int // 403 (0) or 429

	// Stalls: the first request of an affected path (API or codeload)
	// waits Stall before it is answered, or until the client hangs up;
	// tests set a client timeout below Stall.
	Stalls float64
	Stall  time.Duration // 0 means 10s

	// Truncations: the first download of an affected repository sends
	// the Content-Length of the whole archive, half of it, and closes the
	// connection.
	Truncations float64

	// PrimaryLimit, when positive, is the primary rate limit: after that
	// many metered requests the next are refused with PrimaryStatus,
	// X-RateLimit-Remaining: 0 and an X-RateLimit-Reset PrimaryReset
	// ahead (rounded up to a whole second, as the header is in seconds),
	// after which a fresh window starts.
	PrimaryLimit  int
	PrimaryReset  time.Duration // 0 means 1s
	PrimaryStatus int           // 403 (0) or 429

	// Deleted is how many repositories are deleted right after a listing
	// page first shows them: from then on every request about them is a
	// 404 (they stay in later listings, so that pagination stays put).
	// This one is permanent; Server.Deleted names them.
	Deleted int
}

func (f Faults) withDefaults() Faults {
	if f.ServerErrorBurst <= 0 {
		f.ServerErrorBurst = 2
	}
	if f.RetryAfter <= 0 {
		f.RetryAfter = 1
	}
	if f.SecondaryStatus == 0 {
		f.SecondaryStatus = 403
	}
	if f.Stall <= 0 {
		f.Stall = 10 * time.Second
	}
	if f.PrimaryReset <= 0 {
		f.PrimaryReset = time.Second
	}
	if f.PrimaryStatus == 0 {
		f.PrimaryStatus = 403
	}
	return f
}

// step is what one attempt at a path meets.
type step int

const (
	stepOK step = iota
	stepStall
	stepServerError
	stepSecondary
)

// plan is the sequence of faults the attempts at one path meet, in
// order; attempts beyond it succeed.
func (f Faults) plan(key string, api bool) []step {
	var p []step
	if f.hit("stall", key, f.Stalls) {
		p = append(p, stepStall)
	}
	if f.hit("5xx", key, f.ServerErrors) {
		for range f.ServerErrorBurst {
			p = append(p, stepServerError)
		}
	}
	if api && f.hit("secondary", key, f.SecondaryLimits) {
		p = append(p, stepSecondary)
	}
	return p
}

// hit decides, from the seed alone, whether what is affected.
func (f Faults) hit(kind, what string, rate float64) bool {
	if rate <= 0 {
		return false
	}
	return unit(f.Seed, kind, what) < rate
}

// unit maps (seed, kind, what) to [0, 1).
func unit(seed int64, kind, what string) float64 {
	h := fnv.New64a()
	_, _ = h.Write(strconv.AppendInt(nil, seed, 10))
	_, _ = h.Write([]byte{0})
	_, _ = h.Write([]byte(kind))
	_, _ = h.Write([]byte{0})
	_, _ = h.Write([]byte(what))
	// Top 53 bits: exactly representable.
	return float64(h.Sum64()>>11) / float64(1<<53)
}

// deletedRepos picks n repositories of the ordinary kinds to delete.
func (f Faults) deletedRepos(org *Org) map[string]bool {
	out := map[string]bool{}
	if f.Deleted <= 0 {
		return out
	}
	var names []string
	for _, r := range org.Repos() {
		switch r.Kind {
		case Independent, Library, Coupled, BigBang:
			names = append(names, r.Name)
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		ua, ub := unit(f.Seed, "deleted", a), unit(f.Seed, "deleted", b)
		switch {
		case ua < ub:
			return -1
		case ua > ub:
			return 1
		}
		return 0
	})
	for _, n := range names[:min(f.Deleted, len(names))] {
		out[n] = true
	}
	return out
}

// ceilSecond rounds t up to a whole second, as X-RateLimit-Reset says.
func ceilSecond(t time.Time) time.Time {
	s := t.Truncate(time.Second)
	if s.Before(t) {
		s = s.Add(time.Second)
	}
	return s
}
