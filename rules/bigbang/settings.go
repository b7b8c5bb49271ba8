package bigbang

// minServicesSettings is the setting the rules share: how many services a
// mechanism must couple before it is reported. Two services deployed
// together are often one service in two processes (an API and its
// worker); three are a fleet.
type minServicesSettings struct {
	MinServices int `yaml:"min-services"`
}

// defaultMinServices is min-services unless configured.
const defaultMinServices = 3

// minServices reads the setting from a pass's settings, falling back to
// the default when unset or nonsensical.
func minServices(settings any) int {
	if s, ok := settings.(*minServicesSettings); ok && s != nil && s.MinServices >= 2 {
		return s.MinServices
	}
	return defaultMinServices
}
