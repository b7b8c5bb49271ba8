package audit

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
)

func TestBarLine(t *testing.T) {
	var out bytes.Buffer
	b := NewBar(&out, "acme")
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	now := t0
	b.now = func() time.Time { return now }
	b.Planned(10, 2)
	now = t0.Add(4 * time.Second)
	b.Finished(&record.Record{Status: record.OK, Findings: make([]record.Finding, 3)}, time.Second)
	b.Finished(&record.Record{Status: record.Failed}, time.Second)
	if got, want := b.Line(now), "acme █████████░░░░░░░░░░░░░░░ 4/10 repositories · 3 findings · 1 failed · ETA 12s"; got != want {
		t.Errorf("line\n got %q\nwant %q", got, want)
	}
	b.Waiting("primary rate limit", 90*time.Second)
	now = now.Add(30 * time.Second)
	if got := b.Line(now); !strings.Contains(got, "waiting 1m0s for primary rate limit") {
		t.Errorf("line during a wait: %q", got)
	}
	now = now.Add(59500 * time.Millisecond)
	if got := b.Line(now); !strings.Contains(got, "waiting 1s for primary rate limit") {
		t.Errorf("line half a second before the wait ends: %q", got)
	}
	now = now.Add(2 * time.Minute)
	if got := b.Line(now); !strings.Contains(got, "· 1 wait ·") {
		t.Errorf("line after a wait: %q", got)
	}
	b.Close()
	if s := out.String(); !strings.HasPrefix(s, "\r\x1b[Kacme ") || !strings.HasSuffix(s, "\n") {
		t.Errorf("drawing: %q", s)
	}
}

// TestBarWrite: a log line goes above the bar, which is drawn again
// below it; before the bar starts and after it ends, lines pass through.
func TestBarWrite(t *testing.T) {
	var out strings.Builder
	b := NewBar(&out, "acme")
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	b.now = func() time.Time { return t0 }
	_, _ = b.Write([]byte("before\n"))
	b.Planned(2, 0)
	_, _ = b.Write([]byte("WRN slow\n"))
	b.Close()
	_, _ = b.Write([]byte("after\n"))
	bar := "acme ░░░░░░░░░░░░░░░░░░░░░░░░ 0/2 repositories · 0 findings"
	want := "before\n" + "\r\x1b[K" + bar + "\r\x1b[KWRN slow\n" + "\r\x1b[K" + bar + "\r\x1b[K" + bar + "\n" + "after\n"
	if got := out.String(); got != want {
		t.Errorf("drawn\n%q\nwant\n%q", got, want)
	}
}
