package bigbang

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// reportSyncWindows reports Argo CD AppProject sync windows over every
// application: a deny window is a freeze, an allow window a release
// window, for the whole fleet at once. Windows over named applications
// (a maintenance window for one database) are left alone.
func reportSyncWindows(p *rules.Pass, f *fleet) {
	for _, proj := range f.m.objects {
		if !proj.isArgo("AppProject") {
			continue
		}
		for _, w := range source.Items(source.Path(proj.root, "spec", "syncWindows")) {
			apps := source.Strings(proj.file, source.Get(w, "applications"))
			if !slices.ContainsFunc(apps, func(s source.String) bool { return s.Value == "*" }) {
				continue
			}
			kind := source.Str(proj.file, source.Get(w, "kind"))
			when := "on schedule " + strconv.Quote(scalar(source.Get(w, "schedule")))
			if c, err := ci.Cadence(scalar(source.Get(w, "schedule"))); err == nil {
				when = c
			}
			if d := scalar(source.Get(w, "duration")); d != "" {
				when += " for " + d
			}
			var msg string
			switch kind.Value {
			case "deny":
				msg = fmt.Sprintf("AppProject %q blocks syncs of every application %s: a deploy freeze for every service", proj.name.Value, when)
			case "allow":
				msg = fmt.Sprintf("AppProject %q lets every application sync only %s: a release window for every service", proj.name.Value, when)
			default:
				continue
			}
			p.Reportf(kind.Pos, "%s", msg)
		}
	}
}
