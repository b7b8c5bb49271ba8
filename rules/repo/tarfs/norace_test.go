//go:build !race

package tarfs

const raceEnabled = false
