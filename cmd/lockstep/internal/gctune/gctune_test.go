package gctune

import "testing"

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		live, headroom uint64
		want           int
	}{
		{0, 64 << 20, 100},
		{4 << 20, 64 << 20, 1600},
		{1 << 20, 64 << 20, 1600},
		{16 << 20, 64 << 20, 400},
		{32 << 20, 64 << 20, 200},
		{48 << 20, 64 << 20, 133},
		{64 << 20, 64 << 20, 100},
		{500 << 20, 64 << 20, 100},
	} {
		if got := Percent(tc.live, tc.headroom); got != tc.want {
			t.Errorf("Percent(%d MB, %d MB) = %d, want %d", tc.live>>20, tc.headroom>>20, got, tc.want)
		}
	}
}
