package protection_test

import (
	"context"
	"os"
	"testing"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/registry"
	"github.com/lockstep-lint/lockstep/rules/repo"
)

// exampleFindings loads an example repository once and runs every rule,
// returning the findings by rule ID (loading is the slow part, under
// -race especially).
func exampleFindings(t *testing.T, name string) map[string][]string {
	t.Helper()
	ctx := context.Background()
	r, err := repo.Load(ctx, os.DirFS("../../testdata/examples/"+name), ".", repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	findings, err := rules.Run(ctx, r, registry.All(), rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for i := range findings {
		out[findings[i].Rule.ID] = append(out[findings[i].Rule.ID], findings[i].String())
	}
	return out
}

// TestExampleRepositories runs the rules over the two example
// repositories: ivory-jenga's merge gates are wide open, independent's
// are all in place.
func TestExampleRepositories(t *testing.T) {
	jenga := exampleFindings(t, "ivory-jenga")
	for _, id := range []string{"LS202", "LS203", "LS204", "LS207", "LS209"} {
		if len(jenga[id]) == 0 {
			t.Errorf("ivory-jenga: %s does not fire", id)
		}
	}
	independent := exampleFindings(t, "independent")
	for _, id := range []string{"LS003", "LS201", "LS202", "LS203", "LS204", "LS205", "LS206", "LS207", "LS208", "LS209"} {
		for _, f := range independent[id] {
			t.Errorf("independent: %s", f)
		}
	}
}
