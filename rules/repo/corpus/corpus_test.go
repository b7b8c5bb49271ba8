package corpus

import (
	"reflect"
	"testing"
)

func TestDeterministic(t *testing.T) {
	a := Generate(Options{Services: 20, Seed: 7})
	b := Generate(Options{Services: 20, Seed: 7})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different corpus")
	}
	if len(a) != 20*13+7 {
		t.Fatalf("%d files", len(a))
	}
	if n := len(Names(40)); n != 40 || Names(40)[16] != "orders1" {
		t.Fatalf("names: %v", Names(40))
	}
}
