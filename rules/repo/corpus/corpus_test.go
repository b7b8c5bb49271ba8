package corpus

import (
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestDeterministic(t *testing.T) {
	a := Generate(Options{Services: 20, Seed: 7})
	b := Generate(Options{Services: 20, Seed: 7})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different corpus")
	}
	if len(a) != 20*13+10 {
		t.Fatalf("%d files", len(a))
	}
	var flagged []string
	for _, name := range Names(20) {
		if strings.Contains(a["services/"+name+"/main.go"], "flags.Bool(") &&
			strings.Contains(a["services/"+name+"/go.mod"], "example.com/mono/libs/flags => ../../libs/flags") {
			flagged = append(flagged, name)
		}
	}
	if want := []string{"orders", "search", "ledger", "mailer"}; !slices.Equal(flagged, want) {
		t.Errorf("services on the flag package: %v, want one in five, %v", flagged, want)
	}
	if n := len(Names(40)); n != 40 || Names(40)[16] != "orders1" {
		t.Fatalf("names: %v", Names(40))
	}
}

// TestSmallCorpora: with fewer than four services each depends on all
// the others, and generating ends (it looped for ever below four).
func TestSmallCorpora(t *testing.T) {
	for n := 1; n <= 4; n++ {
		if files := Generate(Options{Services: n, Seed: 1}); len(files) != n*13+10 {
			t.Errorf("%d services: %d files", n, len(files))
		}
	}
	names := Names(3)
	got := pick(rand.New(rand.NewSource(1)), names, names[0], 3)
	if len(got) != 2 || contains(got, names[0]) {
		t.Errorf("pick 3 of the 2 others: %v", got)
	}
}
