//go:build race

package tarfs

// raceEnabled: the detector is on, and makes single-goroutine volume tests
// ten times slower without anything to find in them.
const raceEnabled = true
