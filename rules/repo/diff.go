package repo

// Diff is the change under review in diff mode: which files changed
// against the merge base, which lines the change adds, and how to read
// the base version of a file.
type Diff struct {
	Base  string // the merge-base commit
	Files map[string]*FileChange
	// ReadBase returns a file as it was at Base; os.ErrNotExist when the
	// change adds it.
	ReadBase func(path string) ([]byte, error)
}

// FileChange is one changed file.
type FileChange struct {
	Path    string
	OldPath string // for renames
	Status  byte   // 'A', 'M', 'D', 'R'
	// Added holds the 1-based line numbers the change adds to the file.
	Added map[int]bool
}

// Adds reports whether the change adds line to path.
func (d *Diff) Adds(path string, line int) bool {
	if d == nil {
		return false
	}
	c := d.Files[path]
	return c != nil && (c.Status == 'A' || c.Added[line])
}
