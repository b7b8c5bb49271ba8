package rules

import (
	"fmt"
	"strings"
)

// Severity orders findings; the zero value means "use the rule's default".
type Severity int

// Severities, lowest first, so that comparisons read naturally.
const (
	SeverityDefault Severity = iota
	Note
	Warning
	Error
)

var severityNames = [...]string{"default", "note", "warning", "error"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads "note", "warning" or "error" (case-insensitive; "info"
// is accepted for "note" because SARIF and other linters use it).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "note", "info":
		return Note, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return SeverityDefault, fmt.Errorf("unknown severity %q (want note, warning or error)", s)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err == nil {
		*s = v
	}
	return err
}
