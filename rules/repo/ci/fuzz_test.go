package ci

import (
	"regexp"
	"strings"
	"testing"
)

// FuzzClassifyCommand: the literal prefilter may only skip regexps that
// cannot match, so the classification of any line is the one the table's
// regexps alone give.
func FuzzClassifyCommand(f *testing.F) {
	for _, seed := range []string{
		"kubectl apply -f k8s/ && helm upgrade --install x ./chart",
		"docker build -t x . | tee log; docker push x",
		"echo \"kubectl apply\" || make deploy",
		"npx jest --ci ${{ a || b }}",
		"KUBECTL APPLY -f x",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		got := ClassifyCommand(line)
		var want Activities
		for _, pipe := range splitShell(line, true) {
			var s Activities
			for _, seg := range splitShell(pipe, false) {
				seg = strings.TrimSpace(seg)
				if seg == "" || inertCommand.MatchString(seg) {
					continue
				}
				for _, p := range commandTable {
					if p.re.MatchString(seg) && (p.also == nil || p.also.MatchString(seg)) &&
						(p.unless == nil || !p.unless.MatchString(seg)) {
						s = s.With(p.activity)
					}
				}
			}
			if s.Has(Deploy) {
				s = s.Without(DryRun)
			}
			want |= s
		}
		if got != want {
			t.Fatalf("ClassifyCommand(%q) = %v, the regexps alone say %v", line, got, want)
		}
	})
}

// FuzzNeedles: for a project's own pattern (.lockstep.yml ci:), the
// literals computed from it are in every string it matches, and the
// byte-pair prefilter never changes whether they are found.
func FuzzNeedles(f *testing.F) {
	f.Add(`^\./ops/ship\b`, "./ops/ship prod")
	f.Add(`(?i)deploy|ship(it)+`, "shipitit")
	f.Add(`a{2,}b|[xy]z`, "yz")
	f.Add(`(?:kubectl|oc)\s+apply`, "oc  apply")
	f.Fuzz(func(t *testing.T, expr, s string) {
		re, err := regexp.Compile(expr)
		if err != nil {
			return
		}
		n := needles(expr)
		if re.MatchString(s) && !n.admit(s) {
			t.Fatalf("%q matches %q, but its needles %q reject it", expr, s, n)
		}
		var g grams
		g.add(s)
		if n.admitWith(s, &g, n.pairs()) != n.admit(s) {
			t.Fatalf("needles %q: the byte-pair test changes the answer for %q", n, s)
		}
	})
}

// FuzzCadence: any cron text is described or rejected, never a panic, and
// a description is never empty.
func FuzzCadence(f *testing.F) {
	for _, seed := range []string{"0 6 * * 2", "@daily", "*/15 9-17 * * MON-FRI", "0 0 1,15 JAN *", "5 4 * * 7", "0 0 31 2 *"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, cron string) {
		d, err := Cadence(cron)
		if err == nil && strings.TrimSpace(d) == "" {
			t.Fatalf("Cadence(%q) is empty", cron)
		}
	})
}

// admit is the plain definition admitWith must agree with: s contains
// a literal of every clause.
func (c clauses) admit(s string) bool {
	for _, alts := range c {
		found := false
		for _, a := range alts {
			if strings.Contains(s, a) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
