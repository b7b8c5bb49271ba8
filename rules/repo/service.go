package repo

import (
	"path"
	"sort"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/argocd"
	"github.com/lockstep-lint/lockstep/rules/repo/compose"
	"github.com/lockstep-lint/lockstep/rules/repo/dockerfile"
	"github.com/lockstep-lint/lockstep/rules/repo/gomod"
	"github.com/lockstep-lint/lockstep/rules/repo/gosrc"
	"github.com/lockstep-lint/lockstep/rules/repo/helm"
	"github.com/lockstep-lint/lockstep/rules/repo/kube"
	"github.com/lockstep-lint/lockstep/rules/repo/oci"
	"github.com/lockstep-lint/lockstep/rules/repo/skaffold"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Service is a deployable unit: where it is built, how it is packaged and
// where it is deployed.
type Service struct {
	Name string
	// Pos is where the service was first recognised: its main package, its
	// Dockerfile, its workload or its entry in .lockstep.yml.
	Pos source.Pos
	// Dir is the service's source directory; "" for a service that is only
	// deployed from this repository.
	Dir string
	// Origin says how the service was found: "config", "go-main",
	// "dockerfile", "compose-build", "skaffold" or "workload" (in a
	// repository that builds nothing, such as a GitOps repository).
	Origin string

	Module      *gomod.Module // the go.mod closest above Dir, within Dir
	Mains       []*gosrc.Package
	Dockerfiles []*dockerfile.File
	Compose     []*compose.Service
	Artifacts   []*skaffold.Artifact
	Workloads   []*kube.Object        // Kubernetes workloads running the service
	Charts      []*helm.Chart         // the service's own (non-umbrella) charts
	Apps        []*argocd.Application // Argo CD applications deploying it
	// Images are the image repositories the service ships as (registry
	// included, no tag), e.g. "ghcr.io/acme/orders".
	Images []string
}

// serviceRoots are directory names under which each child directory is
// one service, the common monorepo layouts.
var serviceRoots = map[string]bool{"services": true, "apps": true, "cmd": true, "svc": true, "microservices": true}

// toolDirs hold commands that are not deployed (generators, scripts).
var toolDirs = map[string]bool{"tools": true, "hack": true, "scripts": true, "examples": true, "example": true}

// serviceName derives a service's name and source directory from a
// directory of its source: services/orders/... and cmd/orders are
// "orders"; otherwise the directory's own name; the root takes the
// repository's name.
func serviceName(dir, rootName string) (name, serviceDir string) {
	segs := strings.Split(dir, "/")
	for i := 0; i+1 < len(segs); i++ {
		if serviceRoots[segs[i]] {
			return segs[i+1], strings.Join(segs[:i+2], "/")
		}
	}
	if dir == "." || dir == "" {
		return rootName, "."
	}
	return path.Base(dir), dir
}

func isToolDir(dir string) bool {
	for _, seg := range strings.Split(dir, "/") {
		if toolDirs[seg] {
			return true
		}
	}
	return false
}

// serviceSet collects services by name while they are derived.
type serviceSet struct {
	byName map[string]*Service
}

func (s *serviceSet) add(name, dir, origin string, pos source.Pos) *Service {
	if name == "" || name == "." {
		return nil
	}
	svc := s.byName[name]
	if svc == nil {
		svc = &Service{Name: name, Dir: dir, Origin: origin, Pos: pos}
		s.byName[name] = svc
	}
	if svc.Dir == "" {
		svc.Dir = dir
	}
	return svc
}

// deriveServices fills r.Services: from the explicit service map when
// there is one, otherwise from what builds a deployable (a Go main
// package, a Dockerfile, a compose service with build:, a skaffold
// artifact). Deploy artifacts are then linked to services by name and
// image.
func (b *builder) deriveServices(opts Options) {
	r := b.r
	set := &serviceSet{byName: map[string]*Service{}}
	root := b.rootName()
	if len(opts.Services) > 0 {
		for _, spec := range opts.Services {
			if s := set.add(spec.Name, globDir(spec.Paths), "config", spec.Pos); s != nil {
				s.Images = append(s.Images, spec.Images...)
			}
		}
	} else {
		for _, pkg := range r.GoPackages {
			if !pkg.IsMain || isToolDir(pkg.Dir) {
				continue
			}
			name, dir := serviceName(pkg.Dir, root)
			if s := set.add(name, dir, "go-main", pkg.Files[0].Package.Pos); s != nil {
				s.Mains = append(s.Mains, pkg)
			}
		}
		for _, df := range r.Dockerfiles {
			dir := path.Dir(df.Path)
			if isToolDir(dir) {
				continue
			}
			name, sdir := serviceName(dir, root)
			if s := set.add(name, sdir, "dockerfile", source.Pos{File: df.Path, Line: 1, Col: 1}); s != nil {
				s.Dockerfiles = append(s.Dockerfiles, df)
			}
		}
		for _, cf := range r.Compose {
			for _, cs := range cf.Services {
				if cs.Build == nil {
					continue
				}
				dir := path.Clean(path.Join(path.Dir(cf.Path), cs.Build.Context.Value))
				if s := set.add(cs.Name.Value, dir, "compose-build", cs.Name.Pos); s != nil {
					s.Compose = append(s.Compose, cs)
				}
			}
		}
		for _, sc := range r.Skaffold {
			for _, a := range sc.Artifacts {
				ref := oci.ParseRef(a.Image.Value)
				if s := set.add(ref.Name(), a.Context.Value, "skaffold", a.Pos); s != nil {
					s.Artifacts = append(s.Artifacts, a)
					s.Images = append(s.Images, ref.Registry+"/"+ref.Repository)
				}
			}
		}
	}
	if len(set.byName) == 0 && len(opts.Services) == 0 {
		for _, o := range r.Objects {
			if isServiceWorkload(o) {
				set.add(o.Name.Value, "", "workload", o.Name.Pos)
			}
		}
	}
	b.linkBuilds(set)
	b.linkDeploys(set, opts)
	for _, s := range set.byName {
		s.Images = dedupe(s.Images)
		r.Services = append(r.Services, s)
	}
	sort.Slice(r.Services, func(i, j int) bool { return r.Services[i].Name < r.Services[j].Name })
	r.servicesByName = set.byName
}

// linkBuilds attaches go.mod files and compose services to the services
// they build or run.
func (b *builder) linkBuilds(set *serviceSet) {
	for _, s := range set.byName {
		s.Module = b.r.ModuleOf(s.Dir)
	}
	for _, cf := range b.r.Compose {
		for _, cs := range cf.Services {
			s := set.byName[cs.Name.Value]
			if s == nil && cs.Image.Value != "" {
				s = set.byName[oci.ParseRef(cs.Image.Value).Name()]
			}
			if s != nil && !containsService(s.Compose, cs) {
				s.Compose = append(s.Compose, cs)
			}
		}
	}
}

func containsService(list []*compose.Service, cs *compose.Service) bool {
	for _, c := range list {
		if c == cs {
			return true
		}
	}
	return false
}

// globDir is the directory part of the first glob, before any wildcard.
func globDir(globs []string) string {
	if len(globs) == 0 {
		return ""
	}
	var segs []string
	for _, seg := range strings.Split(strings.Trim(globs[0], "/"), "/") {
		if strings.ContainsAny(seg, "*?[") {
			break
		}
		segs = append(segs, seg)
	}
	return strings.Join(segs, "/")
}

func dedupe(list []string) []string {
	sort.Strings(list)
	out := list[:0]
	for i, s := range list {
		if s != "" && (i == 0 || s != list[i-1]) {
			out = append(out, s)
		}
	}
	return out
}

// rootName names a single-service repository after its root module, or
// "app" when nothing names it.
func (b *builder) rootName() string {
	for _, m := range b.r.GoModules {
		if m.Dir == "." && m.Module.Value != "" {
			return path.Base(m.Module.Value)
		}
	}
	if b.r.Root != "" {
		if base := path.Base(strings.TrimRight(strings.ReplaceAll(b.r.Root, "\\", "/"), "/")); base != "." && base != "/" {
			return base
		}
	}
	return "app"
}

// Service returns the service with the given name, or nil.
func (r *Repo) Service(name string) *Service { return r.servicesByName[name] }

// ServiceOfImage returns the service that ships an image reference, by
// its repository or, failing that, its last path segment.
func (r *Repo) ServiceOfImage(image string) *Service {
	ref := oci.ParseRef(image)
	full := ref.Registry + "/" + ref.Repository
	for _, s := range r.Services {
		for _, img := range s.Images {
			if img == full {
				return s
			}
		}
	}
	return r.servicesByName[ref.Name()]
}

// ServiceOfPath returns the service whose source directory holds p.
func (r *Repo) ServiceOfPath(p string) *Service {
	var best *Service
	for _, s := range r.Services {
		if s.Dir == "" || s.Dir == "." {
			continue
		}
		if (p == s.Dir || strings.HasPrefix(p, s.Dir+"/")) && (best == nil || len(s.Dir) > len(best.Dir)) {
			best = s
		}
	}
	return best
}

// serviceKinds are the workloads that run a service (not batch jobs).
var serviceKinds = map[string]bool{"Deployment": true, "StatefulSet": true, "DaemonSet": true, "Rollout": true}

func isServiceWorkload(o *kube.Object) bool {
	return o.Workload != nil && serviceKinds[o.Kind.Value] && o.Name.Value != ""
}

// linkDeploys attaches workloads, charts and Argo CD applications to the
// services they deploy: by the service map's workload names and images,
// by name, by the image's last path segment, or by a path segment of the
// application's source.
func (b *builder) linkDeploys(set *serviceSet, opts Options) {
	r := b.r
	byWorkload := map[string]*Service{}
	byImage := map[string]*Service{}
	for _, spec := range opts.Services {
		s := set.byName[spec.Name]
		for _, w := range spec.Workloads {
			byWorkload[w] = s
		}
		for _, img := range spec.Images {
			ref := oci.ParseRef(img)
			byImage[ref.Registry+"/"+ref.Repository] = s
		}
	}
	for _, o := range r.Objects {
		if o.Workload == nil {
			continue
		}
		s := byWorkload[o.Name.Value]
		if s == nil {
			s = set.byName[o.Name.Value]
		}
		for _, c := range o.Workload.Containers {
			if s != nil {
				break
			}
			if c.Ref.Templated {
				continue
			}
			if s = byImage[c.Ref.Registry+"/"+c.Ref.Repository]; s == nil {
				s = set.byName[c.Ref.Name()]
			}
		}
		if s == nil {
			continue
		}
		s.Workloads = append(s.Workloads, o)
		for _, c := range o.Workload.Containers {
			if !c.Ref.Templated && c.Ref.Repository != "" && (c.Ref.Name() == s.Name || byImage[c.Ref.Registry+"/"+c.Ref.Repository] == s) {
				s.Images = append(s.Images, c.Ref.Registry+"/"+c.Ref.Repository)
			}
		}
	}
	for _, c := range r.Charts {
		if s := set.byName[c.Name.Value]; s != nil && !c.IsUmbrella() {
			s.Charts = append(s.Charts, c)
		}
	}
	for _, a := range r.ArgoApps {
		if a.Kind != "Application" {
			continue
		}
		if s := appService(set, a); s != nil {
			s.Apps = append(s.Apps, a)
		}
	}
}

// appService finds the service an Argo CD application deploys: by its
// name, else by a segment of its source path (deploy/orders/overlays/prod).
func appService(set *serviceSet, a *argocd.Application) *Service {
	if s := set.byName[a.Name.Value]; s != nil {
		return s
	}
	for _, src := range a.Sources {
		for _, seg := range strings.Split(src.Path.Value, "/") {
			if s := set.byName[seg]; s != nil {
				return s
			}
		}
	}
	return nil
}
