package flags

import (
	_ "embed"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

//go:embed ls301.md
var ls301Doc string

// NoFlagMechanism reports Go services that are deployed automatically but
// have no way to ship code switched off.
type NoFlagMechanism struct{}

var ls301 = &rules.Meta{
	ID:       "LS301",
	Name:     "no-flag-mechanism",
	Category: rules.CategoryFlags,
	// A note: small services live well without flags; the finding says
	// what is missing for the day unfinished work must ship.
	Severity: rules.Note,
	Title:    "an automatically deployed service has no feature-flag mechanism",
	Since:    "v0.1.0",
	Remediation: "Add a feature-flag SDK (OpenFeature with a flagd or vendor provider, or your own flag package " +
		"declared under flags.packages in .lockstep.yml) to the service and hide unfinished work behind flags, " +
		"so that every merge can be deployed.",
	Doc: ls301Doc,
}

// Meta describes LS301.
func (NoFlagMechanism) Meta() *rules.Meta { return ls301 }

// Check looks, for each Go service that automation deploys, for any flag
// mechanism: an SDK or in-house flag package required by its module or
// imported by its packages, a definition file that it can read, or a
// feature toggle read from the environment.
func (NoFlagMechanism) Check(p *rules.Pass) {
	r := p.Repo
	inHouse := InHouse(r.FlagPackages)
	jobs := ci.ServiceJobs(r)
	for _, s := range r.Services {
		at := serviceAnchor(s)
		if !at.IsValid() {
			continue // not a Go service: its flags, if any, are in another language's SDK
		}
		how, where := automaticDeploy(s, jobs[s.Name])
		if how == "" || hasSDK(r, s, inHouse) || hasDefinitions(r, s) || hasToggle(r, s) {
			continue
		}
		mod := "its imports"
		if s.Module != nil {
			mod = s.Module.Path + " or its imports"
		}
		p.Report(rules.Finding{
			Location: rules.At(at),
			Message: "service " + strconv.Quote(s.Name) + " is deployed automatically but has no feature-flag mechanism: " +
				"no flag SDK in " + mod + ", no flag definition file and no feature toggle in its environment, " +
				"so unfinished work can only be held back by not merging it",
			Related: []rules.Related{rules.RelatedAt(where, how)},
		})
	}
}

// serviceAnchor is where a Go service's finding sits: its own go.mod
// (where an SDK would be required, and a place golangci-lint reports),
// else, in a module shared by several services, its main package.
func serviceAnchor(s *repo.Service) source.Pos {
	if s.Module != nil && s.Module.Pos.IsValid() && len(s.Mains) > 0 && s.Module.Dir == s.Dir {
		return s.Module.Pos
	}
	if len(s.Mains) > 0 {
		return s.Mains[0].Files[0].Package.Pos
	}
	return source.Pos{}
}

// automaticDeploy says how the service reaches production without a
// person starting it: a CI job that deploys it on an event (a merge, a
// tag, a schedule), or an Argo CD application that syncs automatically.
// A release train counts: it too ships whatever was merged, finished or
// not (LS102 reports the train itself).
func automaticDeploy(s *repo.Service, jobs []*ci.Job) (how string, where source.Pos) {
	for _, j := range jobs {
		if j.Deploys() && !j.Manual && runsWithoutPerson(j.Triggers) {
			return "job " + strconv.Quote(j.DisplayName()) + " deploys it", j.Pos
		}
	}
	for _, a := range s.Apps {
		if a.Automated {
			return "Argo CD application " + strconv.Quote(a.Name.Value) + " syncs it automatically", a.AutomatedPos
		}
	}
	return "", source.Pos{}
}

func runsWithoutPerson(t *ci.Triggers) bool {
	return t != nil && (t.OnMerge() || len(t.PushTags) > 0 || t.Scheduled() || t.Release)
}

// hasSDK: the service's module requires, or its packages import, a flag
// SDK or an in-house flag package.
func hasSDK(r *repo.Repo, s *repo.Service, inHouse []SDK) bool {
	if s.Module != nil {
		for _, req := range s.Module.Requires {
			if Match(req.Path.Value, inHouse) != nil {
				return true
			}
		}
	}
	for _, pkg := range r.GoPackages {
		if !within(pkg.Dir, s.Dir) {
			continue
		}
		for _, imp := range pkg.Imports {
			if Match(imp, inHouse) != nil {
				return true
			}
		}
	}
	return false
}

// hasDefinitions: a definition file in the service's directory, or one
// outside every service's directory (a repository-wide flags file that
// any service may serve through flagd or a file provider).
func hasDefinitions(r *repo.Repo, s *repo.Service) bool {
	for _, d := range r.FlagDefinitions {
		if s.Dir != "" && within(d.Path, s.Dir) {
			return true
		}
		if svc := r.ServiceOfPath(d.Path); svc == nil {
			return true
		}
	}
	return false
}

// hasToggle: a feature toggle read by the service's Go code, or set in its
// Kubernetes workloads or compose services.
func hasToggle(r *repo.Repo, s *repo.Service) bool {
	for _, u := range scanGo(r).toggles {
		if s.Dir != "" && within(u.pos.File, s.Dir) {
			return true
		}
	}
	for _, w := range s.Workloads {
		for _, c := range w.Workload.Containers {
			for _, e := range c.Env {
				if IsToggle(e.Name.Value) {
					return true
				}
			}
		}
	}
	for _, cs := range s.Compose {
		for _, e := range cs.Environment {
			if IsToggle(e.Name.Value) {
				return true
			}
		}
	}
	return false
}
