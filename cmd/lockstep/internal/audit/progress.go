package audit

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
)

// Waiter hears of the waits the GitHub client makes, so the person at the
// terminal knows why nothing moves.
type Waiter interface {
	Waiting(reason string, d time.Duration)
}

// Bar is a one-line progress bar for a terminal: repositories done of
// total, findings so far, rate-limit waits and an estimate of the time
// left. It redraws at most every tick.
type Bar struct {
	w     io.Writer
	label string
	now   func() time.Time
	tick  time.Duration

	mu                      sync.Mutex
	total, done, resumed    int
	findings, failed, waits int
	start, drawn, waitUntil time.Time
	waitReason              string
	closed                  bool
}

// NewBar draws on w, a terminal.
func NewBar(w io.Writer, label string) *Bar {
	return &Bar{w: w, label: label, now: time.Now, tick: 200 * time.Millisecond}
}

// Planned starts the count.
func (b *Bar) Planned(total, done int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.total, b.done, b.resumed, b.start = total, done, done, b.now()
	b.draw(true)
}

// Finished counts one recorded repository.
func (b *Bar) Finished(r *record.Record, _ time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done++
	b.findings += len(r.Findings)
	if r.Status == record.Failed {
		b.failed++
	}
	b.draw(false)
}

// Unfinished hears of a repository left for a resumed run.
func (b *Bar) Unfinished(string, error) {}

// Waiting shows a wait for GitHub.
func (b *Bar) Waiting(reason string, d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.waits++
	b.waitReason, b.waitUntil = reason, b.now().Add(d)
	b.draw(true)
}

// Write prints a log line above the bar: the bar's line is cleared, the
// text written, and the bar drawn again below it.
func (b *Bar) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed || b.start.IsZero() {
		return b.w.Write(p)
	}
	if _, err := io.WriteString(b.w, "\r\x1b[K"); err != nil {
		return 0, err
	}
	n, err := b.w.Write(p)
	b.draw(true)
	return n, err
}

// Close ends the bar's line.
func (b *Bar) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		b.draw(true)
		fmt.Fprintln(b.w)
		b.closed = true
	}
}

func (b *Bar) draw(force bool) {
	now := b.now()
	if b.closed || !force && now.Sub(b.drawn) < b.tick && b.done < b.total {
		return
	}
	b.drawn = now
	fmt.Fprintf(b.w, "\r\x1b[K%s", b.Line(now))
}

// Line is the bar's text at now, without control characters.
func (b *Bar) Line(now time.Time) string {
	const width = 24
	var sb strings.Builder
	filled := 0
	if b.total > 0 {
		filled = b.done * width / b.total
	}
	fmt.Fprintf(&sb, "%s %s%s %d/%d repositories · %d findings",
		b.label, strings.Repeat("█", filled), strings.Repeat("░", width-filled), b.done, b.total, b.findings)
	if b.failed > 0 {
		fmt.Fprintf(&sb, " · %d failed", b.failed)
	}
	if left := b.waitUntil.Sub(now); left > 0 {
		// Rounded up: a wait in progress never reads "0s".
		fmt.Fprintf(&sb, " · waiting %s for %s", (left + time.Second - 1).Truncate(time.Second), b.waitReason)
	} else if b.waits > 0 {
		noun := "waits"
		if b.waits == 1 {
			noun = "wait"
		}
		fmt.Fprintf(&sb, " · %d %s", b.waits, noun)
	}
	if n := b.done - b.resumed; n > 0 && b.done < b.total {
		per := now.Sub(b.start) / time.Duration(n)
		fmt.Fprintf(&sb, " · ETA %s", (per * time.Duration(b.total-b.done)).Round(time.Second))
	}
	return sb.String()
}

// Log reports progress as structured log events, for CI logs and files.
type Log struct {
	L zerolog.Logger
}

// Planned starts the count.
func (l Log) Planned(total, done int) {
	l.L.Info().Int("repositories", total).Int("already_recorded", done).Msg("audit planned")
}

// Finished counts one recorded repository.
func (l Log) Finished(r *record.Record, took time.Duration) {
	ev := l.L.Info()
	if r.Status == record.Failed {
		ev = l.L.Warn().Str("reason", r.Reason)
	}
	ev.Str("repository", r.Repository).Str("status", string(r.Status)).
		Int("findings", len(r.Findings)).Dur("took", took).Msg("repository audited")
}

// Unfinished hears of a repository left for a resumed run.
func (l Log) Unfinished(repository string, err error) {
	l.L.Warn().Str("repository", repository).Err(err).Msg("repository left for a resumed run")
}

// Waiting shows a wait for GitHub.
func (l Log) Waiting(reason string, d time.Duration) {
	l.L.Warn().Str("reason", reason).Dur("wait", d).Msg("waiting before the next request to GitHub")
}
