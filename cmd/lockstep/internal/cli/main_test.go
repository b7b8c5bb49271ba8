package cli

import (
	"os"
	"testing"
)

// The tests check without the Go-source findings cache, which would
// otherwise be written in the user's cache directory.
func TestMain(m *testing.M) {
	if err := os.Setenv("LOCKSTEP_CACHE", "off"); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}
