package github

const classicSource = "classic branch protection"

// classicBypass lists who may skip classic protection: administrators
// unless enforce_admins is on, and the pull-request bypass allowances.
func classicBypass(enforceAdmins Flag, allowances []Actor) Actors {
	var list []Actor
	var unknownReason string
	switch enforceAdmins.State {
	case Off:
		list = append(list, Actor{
			Type:   "RepositoryRole",
			ID:     RoleAdmin,
			Name:   "admin",
			Mode:   "always",
			Scope:  classicSource,
			Origin: enforceAdmins.Origin,
		})
	case Unknown:
		unknownReason = enforceAdmins.Reason
	}
	list = append(list, allowances...)
	state, reason := listState(len(list) > 0, unknownReason)
	return Actors{State: state, List: list, Origin: enforceAdmins.Origin, Reason: reason}
}

// dedupeChecks drops repeated (context, app) pairs, keeping the first.
func dedupeChecks(checks []Check) []Check {
	seen := make(map[Check]bool, len(checks))
	out := checks[:0:0]
	for _, c := range checks {
		key := Check{Context: c.Context, AppID: c.AppID}
		if !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	return out
}

// anyApp normalises the app id of a required check: GitHub writes "any
// source" as -1 in requests and as null in responses.
func anyApp(id int64) int64 {
	if id < 0 {
		return 0
	}
	return id
}
