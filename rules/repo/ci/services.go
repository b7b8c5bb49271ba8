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
	// Indexed by directory, so that each path a job names is looked up
	// (itself and its parents) instead of compared with every service's
	// directories: scanning all services per job made a check quadratic
	// in the number of services.
	byDir := map[string][]string{}
	for name, ds := range dirs {
		for _, d := range ds {
			byDir[d] = append(byDir[d], name)
		}
	}
	out := map[string][]*Job{}
	if len(byDir) == 0 {
		return out
	}
	touched := map[string]bool{}
	for _, p := range FromRepo(r) {
		for _, j := range p.Jobs {
			clear(touched)
			for _, c := range jobPaths(j) {
				markWithin(c, byDir, touched)
			}
			// Each service's jobs stay in job order whatever order the
			// touched services come in (service names are unique).
			for name := range touched {
				out[name] = append(out[name], j)
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

// jobPaths are the paths a job names: its push path filters, and the
// words of its commands and action inputs that hold a slash. A service
// whose directory is one of them or a parent of one is touched by the job,
// so a command on a parent directory (kubectl apply -k deploy/k8s) touches
// the services whose manifests live in that very directory.
func jobPaths(j *Job) []string {
	var out []string
	if t := j.Triggers; t != nil {
		for _, f := range t.PushPaths {
			out = append(out, strings.TrimPrefix(strings.TrimSuffix(f.Value, "/**"), "./"))
		}
	}
	words := func(text string) {
		for _, word := range strings.Fields(text) {
			word = strings.Trim(strings.TrimPrefix(word, "./"), `"',;`)
			if strings.Contains(word, "/") {
				out = append(out, strings.TrimSuffix(word, "/"))
			}
		}
	}
	for _, c := range j.Commands {
		words(c.Text.Value)
	}
	for _, a := range j.Actions {
		for _, v := range a.With {
			words(v)
		}
	}
	return out
}

// markWithin marks the services owning p or one of its parent
// directories: p itself, or a prefix of p that ends before a slash.
func markWithin(p string, byDir map[string][]string, touched map[string]bool) {
	mark := func(d string) {
		for _, name := range byDir[d] {
			touched[name] = true
		}
	}
	mark(p)
	for i := 0; i < len(p); i++ {
		if p[i] == '/' {
			mark(p[:i])
		}
	}
}
