package coupling

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/graph"
	"github.com/lockstep-lint/lockstep/rules/repo/oci"
)

//go:embed ls401.md
var ls401Doc string

// PinnedToProviderVersion reports a consumer pinned to an exact release
// of another service of the repository.
type PinnedToProviderVersion struct{}

var ls401 = &rules.Meta{
	ID:       "LS401",
	Name:     "pinned-to-provider-version",
	Category: rules.CategoryCoupling,
	// A warning: each release of the provider needs a change, and a
	// deploy, of the consumer.
	Severity: rules.Warning,
	Title:    "a service is pinned to another service's exact release",
	Since:    "v0.1.0",
	Remediation: "Depend on the provider's contract, not on its release: negotiate features at run time " +
		"(a versioned API path or media type, capability discovery), keep the provider backward " +
		"compatible, and require a released version of a client module instead of replacing it with " +
		"the provider's directory or a pseudo-version.",
	Doc: ls401Doc,
}

// Meta describes LS401.
func (PinnedToProviderVersion) Meta() *rules.Meta { return ls401 }

var (
	// versionVar is PROVIDER[_API|_SERVICE|…]_(VERSION|RELEASE|TAG|IMAGE_TAG).
	versionVar = regexp.MustCompile(`(?i)^([A-Z0-9_]+?)(?:_(?:API|SERVICE|SVC|CLIENT|APP|SERVER|IMAGE))?_(VERSION|RELEASE|TAG)$`)
	// exactVersion is a release number with at least a minor part: "v1"
	// alone selects an API generation, not a release.
	exactVersion = regexp.MustCompile(`^v?[0-9]+(?:\.[0-9]+){1,3}(?:[-+][0-9A-Za-z.+-]+)?$`)
	// pseudoVersion is a Go pseudo-version: a commit, not a release.
	pseudoVersion = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+-(?:[0-9A-Za-z.]+\.)?(?:0\.)?[0-9]{14}-[0-9a-f]{12}$`)
)

// floatingTags follow a branch rather than a release.
var floatingTags = map[string]bool{"latest": true, "stable": true, "main": true, "master": true, "edge": true, "dev": true}

// Check reports version variables and image references in a service's
// configuration that name another service's release, and in-repository
// client modules of another service that a service builds in from the
// provider's directory or at a pseudo-version.
func (PinnedToProviderVersion) Check(p *rules.Pass) {
	g := graph.Of(p.Repo)
	deployed := deployedCompose(p.Repo)
	images := map[string]string{}
	for _, s := range p.Repo.Services {
		for _, img := range s.Images {
			images[img] = s.Name
		}
	}
	for _, st := range g.Env {
		// A local Compose stack pins nothing in production; telemetry
		// attributes only describe.
		if (st.Compose != "" && !deployed[st.Compose]) || strings.HasPrefix(strings.ToUpper(st.Name.Value), "OTEL_") || !st.Value.Pos.IsValid() {
			continue
		}
		if to, ok := versionPin(g, st); ok {
			reportPin(p, g, st, to, fmt.Sprintf("%s pins %s to %s (%s in %s): every release of %s needs a change and a deploy of %s",
				st.Service, to, st.Value.Value, st.Name.Value, st.Where, to, st.Service))
			continue
		}
		if to, ref, ok := imagePin(images, st); ok {
			reportPin(p, g, st, to, fmt.Sprintf("%s pins the image of %s, %s (%s in %s): every release of %s needs a change and a deploy of %s",
				st.Service, to, ref, st.Name.Value, st.Where, to, st.Service))
		}
	}
	for _, u := range g.ModuleUses {
		if u.Owner == "" || u.Owner == u.Service {
			continue
		}
		mod := u.TargetDir
		if u.Target != nil {
			mod = u.Target.Module.Value
		}
		var msg string
		switch {
		case u.Replace != nil:
			msg = fmt.Sprintf("%s builds %s, a module of %s, from its directory (replace => %s): %s gets every change to it at once, untested and unversioned",
				u.Service, mod, u.Owner, u.Replace.New.Value, u.Service)
		case pseudoVersion.MatchString(u.Require.Version.Value):
			msg = fmt.Sprintf("%s requires %s, a module of %s, at the pseudo-version %s: a commit of %s rather than a release",
				u.Service, mod, u.Owner, u.Require.Version.Value, u.Owner)
		default:
			continue
		}
		var related []rules.Related
		if u.Target != nil && u.Target.Module.Pos.IsValid() {
			related = append(related, rules.RelatedAt(u.Target.Module.Pos, "the module of "+u.Owner))
		}
		p.Report(rules.Finding{Location: rules.At(u.Pos()), Message: msg, Related: related})
	}
}

// versionPin reads PROVIDER_VERSION=1.2.3 and PROVIDER_IMAGE_TAG=x.
func versionPin(g *graph.Graph, st graph.Setting) (string, bool) {
	m := versionVar.FindStringSubmatch(st.Name.Value)
	if m == nil {
		return "", false
	}
	v := strings.TrimSpace(st.Value.Value)
	if strings.EqualFold(m[2], "TAG") {
		if v == "" || strings.ContainsAny(v, "${} ") || floatingTags[strings.ToLower(v)] {
			return "", false
		}
	} else if !exactVersion.MatchString(v) {
		return "", false
	}
	to := g.ServiceFor(strings.ReplaceAll(strings.ToLower(m[1]), "_", "-"))
	return to, to != "" && to != st.Service
}

// imagePin reads a variable holding another service's image at a tag or
// digest.
func imagePin(images map[string]string, st graph.Setting) (string, string, bool) {
	v := strings.TrimSpace(st.Value.Value)
	if !strings.Contains(v, "/") || strings.Contains(v, "://") || strings.ContainsAny(v, " ,") {
		return "", "", false
	}
	ref := oci.ParseRef(v)
	if ref.Templated || (ref.Tag == "" && ref.Digest == "") || floatingTags[ref.Tag] {
		return "", "", false
	}
	to := images[ref.Registry+"/"+ref.Repository]
	return to, v, to != "" && to != st.Service
}

// reportPin reports a pin at the value, with what the provider publishes
// as related locations: its contract's version when one matches, else
// where it is built.
func reportPin(p *rules.Pass, g *graph.Graph, st graph.Setting, to, msg string) {
	var related []rules.Related
	for _, s := range p.Repo.APISpecs {
		if s.APIVersion.Value == st.Value.Value && graph.SpecOwner(p.Repo, s.Path) == to {
			related = append(related, rules.RelatedAt(s.APIVersion.Pos, fmt.Sprintf("%s publishes %s at version %s", to, s.Path, s.APIVersion.Value)))
		}
	}
	if len(related) == 0 {
		if n := g.Node(to); n != nil && n.Pos.IsValid() {
			related = append(related, rules.RelatedAt(n.Pos, to+" is built here"))
		}
	}
	p.Report(rules.Finding{Location: rules.At(st.Value.Pos), Message: msg, Related: related})
}
