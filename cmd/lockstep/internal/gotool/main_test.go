package gotool

import (
	"os"
	"testing"
)

// The tests check without the findings cache, which would otherwise be
// written in the user's cache directory; cache_test.go turns it on in a
// directory of its own.
func TestMain(m *testing.M) {
	if err := os.Setenv(cacheEnv, "off"); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}
