package protection

import (
	"strconv"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/github"
)

// describeActor names a bypass actor as a person reads it: "repository
// admins", `team "sre"`, "app #29110".
func describeActor(a github.Actor) string {
	named := func(kind string) string {
		switch {
		case a.Name != "":
			return kind + " " + strconv.Quote(a.Name)
		case a.ID != 0:
			return kind + " #" + strconv.FormatInt(a.ID, 10)
		}
		return kind
	}
	switch a.Type {
	case "RepositoryRole":
		switch a.ID {
		case github.RoleAdmin:
			return "repository admins"
		case github.RoleMaintain:
			return "everyone with the maintain role"
		case github.RoleWrite:
			return "everyone with write access"
		}
		return named("repository role")
	case "OrganizationAdmin":
		return "organization admins"
	case "EnterpriseOwner":
		return "enterprise owners"
	case "DeployKey":
		return "deploy keys"
	case "Team":
		return named("team")
	case "User":
		return named("user")
	case "Integration":
		return named("app")
	}
	return named(strings.ToLower(a.Type))
}

// bypassMode says how an actor may bypass, in words.
func bypassMode(a github.Actor) string {
	switch a.Mode {
	case "", "always":
		return "always"
	case "pull_request":
		return "through pull requests only"
	}
	return a.Mode
}

// isBroad reports an actor that stands for everyone who can push: with
// "always" it turns the branch's protection into a suggestion.
func isBroad(a github.Actor) bool {
	broadRole := a.Type == "RepositoryRole" && (a.ID == github.RoleWrite || a.ID == github.RoleMaintain)
	return broadRole && bypassMode(a) == "always"
}

// actorMatches reports whether entry, from the allow setting, names a:
// "Type:Name" or "Type:ID", case-insensitively.
func actorMatches(entry string, a github.Actor) bool {
	typ, who, ok := strings.Cut(strings.TrimSpace(entry), ":")
	if !ok || !strings.EqualFold(typ, a.Type) {
		return false
	}
	return (a.Name != "" && strings.EqualFold(who, a.Name)) ||
		(a.ID != 0 && who == strconv.FormatInt(a.ID, 10))
}
