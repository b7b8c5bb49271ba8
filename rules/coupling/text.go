package coupling

import (
	"github.com/lockstep-lint/lockstep/rules/internal/wording"
)

// The shared phrasing of rule messages.
var (
	nameList = wording.NameList
	plural   = wording.Plural
)
