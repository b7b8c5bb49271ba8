package audit_test

import "sync"

var countMu sync.Mutex

func countUp(n *int) int {
	countMu.Lock()
	defer countMu.Unlock()
	*n++
	return *n
}
