package github

import "github.com/lockstep-lint/lockstep/rules/repo/source"

// State is what lockstep knows about one setting. The zero value is
// Unknown, so a setting nobody filled in can never read as a pass.
type State uint8

// The three states of a setting.
const (
	Unknown State = iota // could not be read; Reason says why
	On                   // the setting is enabled (or the list is non-empty)
	Off                  // the setting is disabled (or the list is empty)
)

func (s State) String() string {
	switch s {
	case On:
		return "on"
	case Off:
		return "off"
	default:
		return "unknown"
	}
}

// Origin says where a setting was decided.
type Origin struct {
	// Pos is the position in a settings file: the key that decides the
	// setting or, for an absent key, its nearest enclosing key. It is the
	// zero Pos for settings read from GitHub.
	Pos source.Pos
	// Source names the deciding source in words, for messages:
	// "classic branch protection", `ruleset "main" (organization acme)`.
	Source string
}

func (o Origin) String() string {
	if o.Pos.IsValid() {
		return o.Source + " at " + o.Pos.String()
	}
	return o.Source
}

// Flag is a boolean setting. Its State follows GitHub's name for the
// setting: AllowForcePushes On means force pushes are allowed.
type Flag struct {
	State  State
	Origin Origin // where the state was decided; for Unknown, what could not be read
	Reason string // why the state is Unknown
}

// IsOn reports a setting known to be enabled.
func (f Flag) IsOn() bool { return f.State == On }

// IsOff reports a setting known to be disabled.
func (f Flag) IsOff() bool { return f.State == Off }

// Count is a numeric setting, such as the number of required approvals.
// N is always a lower bound of the real value: exact when State is On
// (N > 0) or Off (N == 0), and the largest value known when State is
// Unknown, so "at least N" questions can be answered even then.
type Count struct {
	State  State
	N      int
	Origin Origin
	Reason string
}

// Check is a required status check.
type Check struct {
	Context string
	AppID   int64 // the GitHub App that must report it; 0 means any source
	Origin  Origin
}

// Checks is a list of required status checks. State is On when at least
// one check is required, Off when the list is known to be empty, and
// Unknown when no check is known and some source could not be read.
// Reason is set when State is Unknown, and also when State is On but a
// source could not be read, so the list may be incomplete.
type Checks struct {
	State  State
	List   []Check
	Origin Origin
	Reason string
}

// Complete reports whether List holds every required check.
func (c Checks) Complete() bool { return c.State != Unknown && c.Reason == "" }

// Actor is someone who may bypass branch protection.
type Actor struct {
	// Type is GitHub's actor type: RepositoryRole, Team, Integration,
	// OrganizationAdmin, DeployKey, User, EnterpriseOwner.
	Type string
	ID   int64  // 0 when only the name is known
	Name string // login, slug or role name, when known
	// Mode is "always", or "pull_request" for an actor that may bypass
	// only by merging a pull request (GitHub's bypass_mode).
	Mode string
	// Scope is what the actor may skip: "classic branch protection",
	// "required pull request reviews", `ruleset "main"`.
	Scope  string
	Origin Origin
}

// IsAdmin reports an actor that stands for repository or organization
// administrators.
func (a Actor) IsAdmin() bool {
	return a.Type == "OrganizationAdmin" || (a.Type == "RepositoryRole" && a.ID == RoleAdmin)
}

// Well-known ids of the base repository roles, as bypass actors name them.
const (
	RoleMaintain int64 = 2
	RoleWrite    int64 = 4
	RoleAdmin    int64 = 5
)

// Actors is a list of bypass actors. State is On when someone may bypass,
// Off when nobody may, Unknown when no actor is known and some source
// could not be read. Like Checks, Reason on an On list says it may be
// incomplete.
type Actors struct {
	State  State
	List   []Actor
	Origin Origin
	Reason string
}

// Complete reports whether List names everyone who may bypass.
func (a Actors) Complete() bool { return a.State != Unknown && a.Reason == "" }

func known(state State, origin Origin) Flag { return Flag{State: state, Origin: origin} }

func unknown(origin Origin, reason string) Flag {
	return Flag{State: Unknown, Origin: origin, Reason: reason}
}

func flagOf(b bool, origin Origin) Flag {
	if b {
		return known(On, origin)
	}
	return known(Off, origin)
}

func countOf(n int, origin Origin) Count {
	if n > 0 {
		return Count{State: On, N: n, Origin: origin}
	}
	return Count{State: Off, Origin: origin}
}
