package rules

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Options select and tune the rules of one run.
type Options struct {
	// Enabled overrides a rule's default on/off state, by ID.
	Enabled map[string]bool
	// Severity overrides a rule's default severity, by ID.
	Severity map[string]Severity
	// Settings holds decoded rule settings by ID (see Meta.Settings); a
	// rule with settings but no entry gets its defaults.
	Settings map[string]any
	// Diff is the change under review, or nil.
	Diff *repo.Diff
	// Workers bounds concurrency; 0 means GOMAXPROCS.
	Workers int
}

// IsEnabled reports whether the rule runs under opts.
func (o *Options) IsEnabled(m *Meta) bool {
	if on, ok := o.Enabled[m.ID]; ok {
		return on
	}
	return !m.Disabled || m.DiffOnly && o.Diff != nil
}

// Run applies the enabled rules to the model concurrently and returns
// their findings sorted, with severities and fingerprints set. A rule that
// panics is reported as an error of the run, not as a crash.
func Run(ctx context.Context, r *repo.Repo, all []Rule, opts Options) ([]Finding, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		mu       sync.Mutex
		findings []Finding
		errs     []string
		wg       sync.WaitGroup
		sem      = make(chan struct{}, workers)
	)
	for _, rule := range all {
		m := rule.Meta()
		if !opts.IsEnabled(m) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		settings := opts.Settings[m.ID]
		if settings == nil {
			settings = m.Settings
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			pass := NewPass(r, m, settings, opts.Diff)
			if err := runRule(rule, pass); err != nil {
				mu.Lock()
				errs = append(errs, err.Error())
				mu.Unlock()
				return
			}
			mu.Lock()
			findings = append(findings, pass.findings...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	Finish(r, findings, opts.Severity)
	return findings, nil
}

func runRule(rule Rule, pass *Pass) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("rule %s failed: %v\n%s", rule.Meta().ID, v, debug.Stack())
		}
	}()
	rule.Check(pass)
	return nil
}

// Finish applies severity overrides, sorts the findings and assigns their
// fingerprints. Run calls it; callers that add findings afterwards (such as
// suppression problems) call it again.
func Finish(r *repo.Repo, findings []Finding, severity map[string]Severity) {
	for i := range findings {
		f := &findings[i]
		if s, ok := severity[f.Rule.ID]; ok && s != SeverityDefault {
			f.Severity = s
		} else if f.Severity == SeverityDefault {
			f.Severity = f.Rule.Severity
		}
	}
	sort.SliceStable(findings, func(i, j int) bool { return less(&findings[i], &findings[j]) })
	fingerprint(r, findings)
}

// fingerprint identifies each finding by its rule, file, the text of the
// line it points at and its message with numbers removed, plus an
// occurrence counter; it survives edits that only shift lines.
func fingerprint(r *repo.Repo, findings []Finding) {
	seen := map[string]int{}
	for i := range findings {
		f := &findings[i]
		var line string
		if f.Path != "" && r != nil {
			line = strings.TrimSpace(source.LineText(r.Data(f.Path), f.Line))
		}
		h := sha256.New()
		for _, part := range []string{f.Rule.ID, f.Path, f.Logical, line, stripDigits(f.Message)} {
			h.Write([]byte(part))
			h.Write([]byte{0})
		}
		key := hex.EncodeToString(h.Sum(nil))[:32]
		n := seen[key]
		seen[key] = n + 1
		f.Fingerprint = key + ":" + strconv.Itoa(n+1)
	}
}

func stripDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return -1
		}
		return r
	}, s)
}
