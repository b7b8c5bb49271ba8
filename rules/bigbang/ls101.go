package bigbang

import (
	_ "embed"
	"fmt"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
)

//go:embed ls101.md
var ls101Doc string

// MultiServiceDeploy reports a pipeline job or command that deploys
// several services at once.
type MultiServiceDeploy struct{}

var ls101 = &rules.Meta{
	ID:       "LS101",
	Name:     "multi-service-deploy",
	Category: rules.CategoryBigBang,
	// A warning: the deploy works, but no service can ship without the
	// others, and one failure rolls back all of them.
	Severity: rules.Warning,
	Title:    "one pipeline job deploys several services at once",
	Since:    "v0.1.0",
	Remediation: "Deploy each service from its own pipeline or job, triggered on merge by changes to that " +
		"service (a path filter), with its own manifests, chart or Argo CD application; " +
		"ship breaking changes between services with expand and contract instead of together.",
	Settings: &minServicesSettings{MinServices: defaultMinServices},
	Doc:      ls101Doc,
}

// Meta describes LS101.
func (MultiServiceDeploy) Meta() *rules.Meta { return ls101 }

// Check reports each deploy command that covers min-services services,
// each deploy job whose commands cover them together, and each deploy
// job whose matrix enumerates them.
func (MultiServiceDeploy) Check(p *rules.Pass) {
	min := minServices(p.Settings)
	f := fleetOf(p.Repo)
	for _, j := range deployJobs(ci.FromRepo(p.Repo)) {
		var union []member
		reported := false
		loops := shellLoops(j)
		for _, c := range j.DeployCommands() {
			ms := f.commandMembers(p, c, loops)
			union = append(union, ms...)
			if len(ms) >= min {
				reported = true
				p.Report(rules.Finding{
					Location: rules.At(c.Text.Pos),
					Message:  fmt.Sprintf("%s deploys %s at once: %s", jobRef(j), plural(len(ms), "service"), nameList(memberNames(ms))),
					Related:  memberRelated(ms),
				})
			}
		}
		union = uniqueMembers(union)
		if cmds := j.DeployCommands(); !reported && len(union) >= min {
			p.Report(rules.Finding{
				Location: rules.At(cmds[0].Text.Pos),
				Message:  fmt.Sprintf("%s deploys %s in one run: %s", jobRef(j), plural(len(union), "service"), nameList(memberNames(union))),
				Related:  memberRelated(union),
			})
			reported = true
		}
		if !reported {
			reportMatrix(p, f, j, min)
		}
	}
}

// commandMembers are the services one deploy command deploys: those its
// targets resolve to in the model, else those it names.
func (f *fleet) commandMembers(p *rules.Pass, c ci.Command, loops []shellLoop) []member {
	var ms []member
	for _, t := range deployTargets(c.Text.Value, c.Dir) {
		ms = append(ms, f.resolve(p.Repo, t)...)
	}
	if len(ms) == 0 {
		for _, n := range f.named(c.Text.Value, isPathSep) {
			ms = append(ms, member{service: n, pos: f.home[n], what: "named in the command"})
		}
	}
	if len(ms) == 0 {
		for _, l := range loops {
			if l.covers(c) {
				for _, v := range l.values {
					if f.has(v.Value) {
						ms = append(ms, member{service: v.Value, pos: v.Pos, what: "loop value"})
					}
				}
			}
		}
	}
	return uniqueMembers(ms)
}

// reportMatrix reports a deploy job whose matrix runs it once per service:
// one trigger deploys them all.
func reportMatrix(p *rules.Pass, f *fleet, j *ci.Job, min int) {
	for _, d := range j.Matrix {
		var ms []member
		for _, v := range d.Values {
			if f.has(v.Value) {
				ms = append(ms, member{service: v.Value, pos: v.Pos, what: "matrix entry"})
			}
		}
		ms = uniqueMembers(ms)
		if len(ms) >= min {
			p.Report(rules.Finding{
				Location: rules.At(d.Name.Pos),
				Message: fmt.Sprintf("%s deploys %s at once through its matrix over %s: %s",
					jobRef(j), plural(len(ms), "service"), strconv.Quote(d.Name.Value), nameList(memberNames(ms))),
				Related: memberRelated(ms),
			})
			return
		}
	}
}
