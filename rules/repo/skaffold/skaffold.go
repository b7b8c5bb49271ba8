// Package skaffold reads skaffold.yaml files into the repository model:
// which images a config builds, how it tags them, and what it deploys.
package skaffold

import (
	"path"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// Config is one document of a skaffold file (a file may hold several,
// separated by ---). Pos is the position of the document's root node.
type Config struct {
	Path string
	Doc  int // 0-based index of the document in its file
	Name source.String
	// Requires names the configs this one pulls in (requires[].configs);
	// RequirePaths the files it pulls in (requires[].path), every config
	// of which applies when no configs are named.
	Requires     []source.String
	RequirePaths []source.String
	Artifacts    []*Artifact
	// TagPolicy is the key chosen under build.tagPolicy (gitCommit,
	// sha256, envTemplate, inputDigest, dateTime, customTemplate);
	// TagTemplate is its template: for envTemplate and customTemplate.
	TagPolicy   source.String
	TagTemplate source.String
	// Deployers are the keys of deploy: that name a deployer (kubectl,
	// helm, kustomize, kpt, docker, cloudrun). Skaffold v2 deploys
	// manifests: with kubectl when deploy: is absent; that default is not
	// added here.
	Deployers []source.String
	// RawManifests are manifests.rawYaml and deploy.kubectl.manifests.
	RawManifests []source.String
	// KustomizePaths are manifests.kustomize.paths and deploy.kustomize.paths.
	KustomizePaths []source.String
	// HelmReleases are manifests.helm.releases and deploy.helm.releases.
	HelmReleases []*HelmRelease
	Profiles     []*Profile
	Pos          source.Pos
}

// Artifact is one entry of build.artifacts; Dockerfile is docker.dockerfile.
type Artifact struct {
	Image, Context, Dockerfile source.String
	Pos                        source.Pos
}

// HelmRelease is one Helm release a config deploys.
type HelmRelease struct {
	Name, ChartPath, RemoteChart source.String
	SetValueTemplates            []KV
	Pos                          source.Pos
}

// KV is one key/value pair, such as a setValueTemplates entry.
type KV struct {
	Key, Value source.String
}

// Profile is one entry of profiles:.
type Profile struct {
	Name source.String
	Pos  source.Pos
}

// isDeployer reports the keys of deploy: that select a deployer; the
// others (statusCheck, logs, kubeContext, ...) tune deployment.
func isDeployer(key string) bool {
	switch key {
	case "kubectl", "helm", "kustomize", "kpt", "docker", "cloudrun":
		return true
	}
	return false
}

func isTagPolicy(key string) bool {
	switch key {
	case "gitCommit", "sha256", "envTemplate", "inputDigest", "dateTime", "customTemplate":
		return true
	}
	return false
}

// IsSkaffoldFile reports whether path is named like a skaffold config:
// skaffold.yaml, skaffold.yml or a variant such as skaffold-dev.yaml.
func IsSkaffoldFile(p string) bool {
	base := strings.ToLower(path.Base(p))
	stem, ok := strings.CutSuffix(base, ".yaml")
	if !ok {
		stem, ok = strings.CutSuffix(base, ".yml")
	}
	if !ok {
		return false
	}
	rest, ok := strings.CutPrefix(stem, "skaffold")
	return ok && (rest == "" || strings.ContainsRune(".-_", rune(rest[0])))
}

// Parse reads every document whose apiVersion is skaffold/v*; other
// documents are not skaffold configs and are skipped without a problem.
func Parse(path string, docs []*source.Doc) ([]*Config, []source.Problem) {
	p := &parser{Reader: source.Reader{File: path}}
	var out []*Config
	for _, d := range docs {
		if d == nil {
			continue
		}
		root := source.Resolve(d.Root)
		api := source.Get(root, "apiVersion")
		if !source.IsScalar(api) || !strings.HasPrefix(api.Value, "skaffold/v") {
			continue
		}
		out = append(out, p.config(d.Index, root))
	}
	return out, p.Problems
}

type parser struct{ source.Reader }
