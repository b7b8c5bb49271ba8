//go:build !linux

package beneath

func openFast(string) (FS, bool) { return nil, false }
