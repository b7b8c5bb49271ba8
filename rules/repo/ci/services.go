package ci

import (
	"path"
	"sort"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo"
)

// ServiceJobs links each service to the CI jobs that work on it, by
// service name: completing the model's picture of where a service is
// built, packaged and deployed. A job works on a service when its
// pipeline runs only for changes to the service's files (push path
// filters), or when a command or action input names a path inside the
// service's source directory or one of its deploy artifacts (the files of
// its workloads, its charts, its Argo CD applications' paths). A job that
// deploys a directory holding many services' manifests is linked to each.
// Computed once per model.
func ServiceJobs(r *repo.Repo) map[string][]*Job {
	return r.Derived(serviceJobsKey{}, func() any { return serviceJobs(r) }).(map[string][]*Job)
}

type serviceJobsKey struct{}

func serviceJobs(r *repo.Repo) map[string][]*Job {
	dirs := serviceDirs(r)
	out := map[string][]*Job{}
	for _, p := range FromRepo(r) {
		for _, j := range p.Jobs {
			for _, s := range r.Services {
				if jobTouches(j, dirs[s.Name]) {
					out[s.Name] = append(out[s.Name], j)
				}
			}
		}
	}
	return out
}

// serviceDirs are the directories that belong to each service.
func serviceDirs(r *repo.Repo) map[string][]string {
	out := map[string][]string{}
	for _, s := range r.Services {
		var dirs []string
		if s.Dir != "" && s.Dir != "." {
			dirs = append(dirs, s.Dir)
		}
		for _, w := range s.Workloads {
			dirs = append(dirs, path.Dir(w.Path))
		}
		for _, c := range s.Charts {
			dirs = append(dirs, c.Dir)
		}
		for _, a := range s.Apps {
			for _, src := range a.Sources {
				if p := strings.Trim(path.Clean(src.Path.Value), "/"); p != "" && p != "." {
					dirs = append(dirs, p)
				}
			}
		}
		sort.Strings(dirs)
		out[s.Name] = dirs
	}
	return out
}

// jobTouches reports whether the job's path filters, commands or action
// inputs name one of dirs or a path inside one. A command on a parent
// directory (kubectl apply -k deploy/k8s) touches the services whose
// manifests live in that very directory.
func jobTouches(j *Job, dirs []string) bool {
	if len(dirs) == 0 {
		return false
	}
	if t := j.Triggers; t != nil && len(t.PushPaths) > 0 {
		for _, f := range t.PushPaths {
			for _, d := range dirs {
				if within(strings.TrimPrefix(strings.TrimSuffix(f.Value, "/**"), "./"), d) {
					return true
				}
			}
		}
	}
	var texts []string
	for _, c := range j.Commands {
		texts = append(texts, c.Text.Value)
	}
	for _, a := range j.Actions {
		for _, v := range a.With {
			texts = append(texts, v)
		}
	}
	for _, text := range texts {
		for _, word := range strings.Fields(text) {
			word = strings.Trim(strings.TrimPrefix(word, "./"), `"',;`)
			if !strings.Contains(word, "/") {
				continue
			}
			for _, d := range dirs {
				if within(strings.TrimSuffix(word, "/"), d) {
					return true
				}
			}
		}
	}
	return false
}

// within reports whether p is dir or inside it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+"/")
}
