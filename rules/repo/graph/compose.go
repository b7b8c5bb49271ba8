package graph

import (
	"fmt"

	"github.com/lockstep-lint/lockstep/rules/repo/compose"
)

// compose reads every Compose file: the addresses in each service's
// environment and its depends_on entries. A Compose service that is not
// one of the repository's services (a database, a broker) is no node.
func (b *builder) compose() {
	owner := map[*compose.Service]string{}
	for _, s := range b.r.Services {
		for _, cs := range s.Compose {
			owner[cs] = s.Name
		}
	}
	for _, f := range b.r.Compose {
		// depends_on names services of the same file.
		byName := map[string]string{}
		for _, cs := range f.Services {
			if svc, ok := owner[cs]; ok {
				byName[cs.Name.Value] = svc
			}
		}
		for _, cs := range f.Services {
			svc, ok := owner[cs]
			if !ok {
				continue
			}
			where := fmt.Sprintf("%s service %s", f.Path, cs.Name.Value)
			for _, e := range cs.Environment {
				b.env(Setting{Service: svc, Name: e.Name, Value: e.Value, Where: where, Compose: f.Path})
			}
			for _, d := range cs.DependsOn {
				to := byName[d.Service.Value]
				if to == "" {
					continue
				}
				cond := d.Condition.Value
				detail := fmt.Sprintf("%s depends_on %s", where, d.Service.Value)
				if cond != "" {
					detail += " (condition: " + cond + ")"
				}
				b.add(svc, to, WaitsFor, Evidence{Pos: d.Pos, Via: ViaDependsOn, Detail: detail, Condition: cond})
			}
		}
	}
}
