package config

import (
	"testing"
	"time"
)

func TestFallbacks(t *testing.T) {
	t.Setenv("SHOP_TEST_TIMEOUT", "")
	if got := String("SHOP_TEST_TIMEOUT", "x"); got != "x" {
		t.Errorf("String = %q, want x", got)
	}
	if got := Duration("SHOP_TEST_TIMEOUT", time.Second); got != time.Second {
		t.Errorf("Duration = %v, want 1s", got)
	}
	t.Setenv("SHOP_TEST_TIMEOUT", "250ms")
	if got := Duration("SHOP_TEST_TIMEOUT", time.Second); got != 250*time.Millisecond {
		t.Errorf("Duration = %v, want 250ms", got)
	}
}
