package bigbang

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// namedEach is named's definition: each name searched for in s.
func namedEach(names []string, s string, sep func(rune) bool) []string {
	var out []string
	for _, name := range names {
		for i := 0; ; {
			j := strings.Index(s[i:], name)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(name)
			if (start == 0 || sep(rune(s[start-1]))) && (end == len(s) || sep(rune(s[end]))) {
				out = append(out, name)
				break
			}
			i = start + 1
		}
	}
	return out
}

func TestNamedFindsNamesBetweenSeparators(t *testing.T) {
	names := []string{"cart", "order-service", "order", "payments", "a"}
	slices.Sort(names)
	f := &fleet{names: names, set: map[string]bool{}}
	for _, n := range names {
		f.set[n] = true
		f.long = max(f.long, len(n))
	}
	for _, tc := range []struct {
		s    string
		sep  func(rune) bool
		want []string
	}{
		{"build-order-service", isNameSep, []string{"order", "order-service"}},
		{"cartography", isNameSep, nil},
		{"cart / test", isNameSep, []string{"cart"}},
		{"docker build services/cart/ -t ghcr.io/acme/payments:1.2 a", isPathSep, []string{"a", "cart", "payments"}},
		{"kubectl apply -f deploy/cart/cart.yaml", isPathSep, []string{"cart"}},
		{"", isPathSep, nil},
		{"payments", isPathSep, []string{"payments"}},
	} {
		got := f.named(tc.s, tc.sep)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("named(%q) = %v, want %v", tc.s, got, tc.want)
		}
		if each := namedEach(names, tc.s, tc.sep); !reflect.DeepEqual(got, each) {
			t.Errorf("named(%q) = %v, searching each name gives %v", tc.s, got, each)
		}
	}
}
