package bigbang

import (
	"path"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/compose"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// defaultComposeFiles are the names docker compose reads without -f, in
// its order of preference.
var defaultComposeFiles = []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"}

// composeDeploy is a Compose file that a deploy job starts, and where.
type composeDeploy struct {
	file *compose.File
	at   source.Pos // the docker compose up command
	job  *ci.Job
}

// deployedComposeFiles are the Compose files that deploy jobs start
// with docker compose up: Compose as a deploy path, not a dev tool.
func deployedComposeFiles(r *repo.Repo, pipelines []*ci.Pipeline) []composeDeploy {
	files := composeFilesOf(r)
	byPath := map[string]*compose.File{}
	for _, f := range files {
		byPath[f.Path] = f
	}
	var out []composeDeploy
	seen := map[string]bool{}
	for _, j := range deployJobs(pipelines) {
		for _, c := range j.Commands {
			if !c.Activities.Has(ci.Compose) || !c.Activities.Has(ci.Deploy) {
				continue
			}
			for _, t := range deployTargets(c.Text.Value, c.Dir) {
				if t.kind != composeUp {
					continue
				}
				for _, f := range t.composeFiles(byPath) {
					if !seen[f.Path] {
						seen[f.Path] = true
						out = append(out, composeDeploy{file: f, at: c.Text.Pos, job: j})
					}
				}
			}
		}
	}
	return out
}

// composeFiles are the Compose files a docker compose up target starts:
// its -f files, or the default file of its directory.
func (t target) composeFiles(byPath map[string]*compose.File) []*compose.File {
	var out []*compose.File
	for _, p := range t.paths {
		if f := byPath[p]; f != nil {
			out = append(out, f)
		}
	}
	if len(t.paths) == 0 {
		for _, name := range defaultComposeFiles {
			if f := byPath[path.Join(t.dir, name)]; f != nil {
				return []*compose.File{f}
			}
		}
	}
	return out
}

// composeService reports whether a Compose service is one of the repository's
// services: by its name, its image's name, or its build context.
func (f *fleet) composeService(s *compose.Service) (string, bool) {
	if f.has(s.Name.Value) {
		return s.Name.Value, true
	}
	if img := parseImage(s.Image.Value); img.name != "" && f.has(img.name) {
		return img.name, true
	}
	if s.Build != nil {
		if n := path.Base(s.Build.Context.Value); f.has(n) {
			return n, true
		}
	}
	return "", false
}
