package bigbang

import (
	"strings"
	"testing"
)

// FuzzFreezePrefilter: the literal tests in front of the freeze regexps
// never turn away text the regexps match.
func FuzzFreezePrefilter(f *testing.F) {
	for _, seed := range []string{
		"$CI_DEPLOY_FREEZE == null", `[ "$(date +%u)" -lt 6 ]`, "DAY-OF-WEEK", "if [ $WEEKDAY ]", "check-Freeze", "FROZEN=1",
		"date -u +'%A'", "kubectl apply -f k8s/",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lower := strings.ToLower(s)
		if isGitLabFreeze(s) != gitlabFreeze.MatchString(s) ||
			isFreezeWord(s, lower) != freezeWord.MatchString(s) ||
			isDayOfWeek(s, lower) != dayOfWeek.MatchString(s) {
			t.Fatalf("%q: a prefilter disagrees with its regexp", s)
		}
	})
}
