package skaffold

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func (p *parser) config(doc int, root *yaml.Node) *Config {
	c := &Config{Path: p.File, Doc: doc, Pos: source.PosOf(p.File, root)}
	if md := p.Mapping("metadata", source.Get(root, "metadata")); md != nil {
		c.Name = p.Scalar("metadata.name", source.Get(md, "name"))
	}
	for i, r := range p.Mappings("requires", source.Get(root, "requires")) {
		at := "requires[" + strconv.Itoa(i) + "]"
		c.Requires = append(c.Requires, p.Scalars(at+".configs", source.Get(r, "configs"))...)
		if s := p.Scalar(at+".path", source.Get(r, "path")); s.Pos.IsValid() {
			c.RequirePaths = append(c.RequirePaths, s)
		}
	}
	if build := p.Mapping("build", source.Get(root, "build")); build != nil {
		p.build(c, build)
	}
	if m := p.Mapping("manifests", source.Get(root, "manifests")); m != nil {
		c.RawManifests = append(c.RawManifests, p.Scalars("manifests.rawYaml", source.Get(m, "rawYaml"))...)
		if k := p.Mapping("manifests.kustomize", source.Get(m, "kustomize")); k != nil {
			c.KustomizePaths = append(c.KustomizePaths, p.Scalars("manifests.kustomize.paths", source.Get(k, "paths"))...)
		}
		if h := p.Mapping("manifests.helm", source.Get(m, "helm")); h != nil {
			c.HelmReleases = append(c.HelmReleases, p.releases("manifests.helm.releases", source.Get(h, "releases"))...)
		}
	}
	if d := p.Mapping("deploy", source.Get(root, "deploy")); d != nil {
		p.deploy(c, d)
	}
	for i, pr := range p.Mappings("profiles", source.Get(root, "profiles")) {
		k, v := source.Lookup(pr, "name")
		if k == nil {
			p.Invalid(pr, "profiles[%d]: a profile needs a name", i)
			continue
		}
		c.Profiles = append(c.Profiles, &Profile{Name: p.Scalar("profiles["+strconv.Itoa(i)+"].name", v), Pos: source.PosOf(p.File, pr)})
	}
	return c
}

func (p *parser) build(c *Config, build *yaml.Node) {
	for i, a := range p.Mappings("build.artifacts", source.Get(build, "artifacts")) {
		at := "build.artifacts[" + strconv.Itoa(i) + "]"
		art := &Artifact{
			Image:   p.Scalar(at+".image", source.Get(a, "image")),
			Context: p.Scalar(at+".context", source.Get(a, "context")),
			Pos:     source.PosOf(p.File, a),
		}
		if d := p.Mapping(at+".docker", source.Get(a, "docker")); d != nil {
			art.Dockerfile = p.Scalar(at+".docker.dockerfile", source.Get(d, "dockerfile"))
		}
		c.Artifacts = append(c.Artifacts, art)
	}
	tp := p.Mapping("build.tagPolicy", source.Get(build, "tagPolicy"))
	for _, kv := range source.Pairs(tp) {
		if !isTagPolicy(kv.Key.Value) {
			continue
		}
		c.TagPolicy = source.Str(p.File, kv.Key)
		if v := source.Resolve(kv.Value); source.IsMap(v) {
			c.TagTemplate = p.Scalar("build.tagPolicy."+kv.Key.Value+".template", source.Get(v, "template"))
		}
		break
	}
}

func (p *parser) deploy(c *Config, d *yaml.Node) {
	for _, kv := range source.Pairs(d) {
		if !isDeployer(kv.Key.Value) {
			continue
		}
		c.Deployers = append(c.Deployers, source.Str(p.File, kv.Key))
		at := "deploy." + kv.Key.Value
		v := p.Mapping(at, source.Resolve(kv.Value))
		switch kv.Key.Value {
		case "kubectl":
			c.RawManifests = append(c.RawManifests, p.Scalars(at+".manifests", source.Get(v, "manifests"))...)
		case "kustomize":
			c.KustomizePaths = append(c.KustomizePaths, p.Scalars(at+".paths", source.Get(v, "paths"))...)
		case "helm":
			c.HelmReleases = append(c.HelmReleases, p.releases(at+".releases", source.Get(v, "releases"))...)
		}
	}
}

func (p *parser) releases(at string, n *yaml.Node) []*HelmRelease {
	var out []*HelmRelease
	for i, r := range p.Mappings(at, n) {
		rat := at + "[" + strconv.Itoa(i) + "]"
		rel := &HelmRelease{
			Name:        p.Scalar(rat+".name", source.Get(r, "name")),
			ChartPath:   p.Scalar(rat+".chartPath", source.Get(r, "chartPath")),
			RemoteChart: p.Scalar(rat+".remoteChart", source.Get(r, "remoteChart")),
			Pos:         source.PosOf(p.File, r),
		}
		svt := p.Mapping(rat+".setValueTemplates", source.Get(r, "setValueTemplates"))
		rel.SetValueTemplates = p.flatten(rat+".setValueTemplates", "", svt, 0)
		out = append(out, rel)
	}
	return out
}

// flatten reads a map of Helm values the way skaffold's FlatMap does:
// nested mappings become dotted keys ("image: {tag: x}" is "image.tag"),
// each positioned at its innermost key.
func (p *parser) flatten(at, prefix string, n *yaml.Node, depth int) []KV {
	var out []KV
	for _, kv := range source.Pairs(n) {
		key := source.Str(p.File, kv.Key)
		key.Value = prefix + key.Value
		v := source.Resolve(kv.Value)
		if source.IsMap(v) && depth < 32 {
			out = append(out, p.flatten(at, key.Value+".", v, depth+1)...)
			continue
		}
		out = append(out, KV{Key: key, Value: p.Scalar(at+"."+key.Value, v)})
	}
	return out
}
