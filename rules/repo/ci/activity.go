package ci

import (
	"fmt"
	"strings"
)

// Activity is one thing a CI command or action does.
type Activity uint8

// The activities the classifier knows. Compose is not a deploy on its own:
// "docker compose up" in CI is usually a test harness, and becomes a
// deploy only in a job that deploys otherwise (see Job.Deploys).
const (
	Deploy       Activity = iota // changes what runs in an environment
	DryRun                       // renders or validates a deploy without changing anything
	Build                        // compiles code or builds an image
	Push                         // publishes an image or artifact
	Test                         // runs tests
	Lint                         // runs linters and static checks
	SecurityScan                 // scans code, dependencies or images for vulnerabilities
	Compose                      // starts containers with docker compose
	numActivities
)

var activityNames = [numActivities]string{
	Deploy: "deploy", DryRun: "dry-run", Build: "build", Push: "push",
	Test: "test", Lint: "lint", SecurityScan: "security-scan", Compose: "compose",
}

func (a Activity) String() string {
	if a < numActivities {
		return activityNames[a]
	}
	return fmt.Sprintf("Activity(%d)", a)
}

// ParseActivity reads an activity by the name String gives it, as
// configuration spells it; "security" is accepted for "security-scan".
func ParseActivity(name string) (Activity, error) {
	if name == "security" {
		return SecurityScan, nil
	}
	for a, n := range activityNames {
		if n == name {
			return Activity(a), nil
		}
	}
	return 0, fmt.Errorf("unknown CI activity %q (want one of %s)", name, strings.Join(activityNames[:], ", "))
}

// Activities is a set of activities.
type Activities uint16

// Of is the set of the given activities.
func Of(as ...Activity) Activities {
	var s Activities
	for _, a := range as {
		s = s.With(a)
	}
	return s
}

// Has reports whether a is in the set.
func (s Activities) Has(a Activity) bool { return s&(1<<a) != 0 }

// With returns the set plus a.
func (s Activities) With(a Activity) Activities { return s | 1<<a }

// Without returns the set minus a.
func (s Activities) Without(a Activity) Activities { return s &^ (1 << a) }

// Only reports whether the set is not empty and holds nothing outside allowed.
func (s Activities) Only(allowed Activities) bool { return s != 0 && s&^allowed == 0 }

func (s Activities) String() string {
	var names []string
	for a := Activity(0); a < numActivities; a++ {
		if s.Has(a) {
			names = append(names, a.String())
		}
	}
	return strings.Join(names, "|")
}
