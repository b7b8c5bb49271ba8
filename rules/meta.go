// Package rules is lockstep's rule engine: rule metadata, findings, and
// the runner that applies rules to one repository model. It knows nothing
// of go/analysis or of logging; callers adapt and log.
package rules

import (
	"fmt"
	"regexp"
	"strings"
)

// Category groups rules; it is the first digit of a rule ID.
type Category string

// The rule families.
const (
	CategoryInput      Category = "input"      // LS0xx
	CategoryBigBang    Category = "big-bang"   // LS1xx
	CategoryProtection Category = "protection" // LS2xx
	CategoryFlags      Category = "flags"      // LS3xx
	CategoryCoupling   Category = "coupling"   // LS4xx
)

// categoryDigits maps the ID digit to its category.
var categoryDigits = map[byte]Category{
	'0': CategoryInput, '1': CategoryBigBang, '2': CategoryProtection,
	'3': CategoryFlags, '4': CategoryCoupling,
}

// DocsURL is where docs/rules.md is published; rule anchors are appended.
const DocsURL = "https://github.com/lockstep-lint/lockstep/blob/main/docs/rules.md"

// Meta is everything users see about a rule besides its findings. It is the
// single source for `lockstep explain`, docs/rules.md, SARIF rule
// descriptors and the go/analysis Analyzer.Doc.
type Meta struct {
	ID          string   // "LS101"; never reused
	Name        string   // kebab-case, "multi-service-deploy"
	Category    Category // must match the ID's first digit
	Severity    Severity // default severity
	Title       string   // lowercase one-liner without a period
	Since       string   // version that introduced the rule
	Remediation string   // how to fix, sentences ending in a period
	Doc         string   // Markdown: why it matters, an example, the fix
	// Settings is nil or a pointer to a struct holding the defaults of the
	// rule's settings; .lockstep.yml overrides are decoded strictly into a
	// copy of it (yaml tags name the keys).
	Settings any
	// Disabled rules run only when enabled by configuration.
	Disabled bool
	// DiffOnly rules (Disabled too) run by default in diff mode (--base),
	// where they report only what the change adds.
	DiffOnly bool
	// Analyzer is set for rules about Go expressions, which need type
	// information: the path, below the module, of the go/analysis
	// analyzer that implements the rule ("analyzers/dynamicflagkey").
	// Their Rule is a GoSource, whose Check does nothing.
	Analyzer string
}

// DocURL links to the rule's section of docs/rules.md.
func (m *Meta) DocURL() string { return DocsURL + "#" + strings.ToLower(m.ID) }

var (
	idRE   = regexp.MustCompile(`^LS[0-4][0-9][0-9]$`)
	nameRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// Validate checks the conventions every rule's metadata follows.
func (m *Meta) Validate() error {
	switch {
	case !idRE.MatchString(m.ID):
		return fmt.Errorf("rule ID %q is not LS followed by three digits", m.ID)
	case !nameRE.MatchString(m.Name):
		return fmt.Errorf("%s: name %q is not kebab-case", m.ID, m.Name)
	case categoryDigits[m.ID[2]] != m.Category:
		return fmt.Errorf("%s: category %q does not match the ID's digit", m.ID, m.Category)
	case m.Severity < Note || m.Severity > Error:
		return fmt.Errorf("%s: no default severity", m.ID)
	case m.Title == "" || strings.HasSuffix(m.Title, ".") || strings.ToLower(m.Title[:1]) != m.Title[:1]:
		return fmt.Errorf("%s: title %q must be a lowercase phrase without a final period", m.ID, m.Title)
	case m.Since == "":
		return fmt.Errorf("%s: since is not set", m.ID)
	case !strings.HasSuffix(strings.TrimSpace(m.Remediation), "."):
		return fmt.Errorf("%s: remediation must be sentences ending with a period", m.ID)
	case strings.TrimSpace(m.Doc) == "":
		return fmt.Errorf("%s: doc is empty", m.ID)
	}
	return nil
}
