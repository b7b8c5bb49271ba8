package protection

import (
	"strings"
	"testing"
)

// TestDefaultSettingsValid keeps the default patterns compiling, and
// checks that Validate catches a broken one.
func TestDefaultSettingsValid(t *testing.T) {
	for _, s := range []interface{ Validate() error }{
		ls205.Settings.(*gateSettings), ls208.Settings.(*phantomSettings), ls209.Settings.(*environmentSettings),
	} {
		if err := s.Validate(); err != nil {
			t.Error(err)
		}
	}
	bad := &gateSettings{Gates: gates{Lint: []string{`(`}}}
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "lint") {
		t.Errorf("Validate = %v, want an error about the lint pattern", err)
	}
}

// TestCheckNames pins the check-run names GitHub gives jobs.
func TestCheckNames(t *testing.T) {
	for _, tc := range []struct {
		name, context string
		want          bool
	}{
		{"test", "test", true},
		{"test", "Test", true},
		{"test", "test (ubuntu-latest, 1.22)", true},
		{"test", "tests", false},
		{"lint ${{ matrix.go }}", "lint 1.22", true},
		{"lint ${{ matrix.go }}", "vet 1.22", false},
		{"a.b (c)", "a.b (c)", true},
		{"a.b (c)", "aXb (c)", false},
	} {
		got := compile(namePattern(tc.name) + `(?: \(.*\))?`).MatchString(tc.context)
		if got != tc.want {
			t.Errorf("job %q reports %q: %v, want %v", tc.name, tc.context, got, tc.want)
		}
	}
}
