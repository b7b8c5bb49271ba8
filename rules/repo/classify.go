package repo

import (
	"path"
	"strings"
)

// skippedDirs are never walked: VCS metadata, vendored and installed
// dependencies, and Go's testdata convention (fixtures are not deployed).
var skippedDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "vendor": true,
	"node_modules": true, "testdata": true, ".terraform": true,
}

// dependencyDirs are the skipped directories whose Go files the go
// command may still load (it skips those starting with "." or "_", and
// testdata, itself).
var dependencyDirs = map[string]bool{"vendor": true, "node_modules": true}

// releaseConfigs are release tooling files that can pin every service to
// one version.
var releaseConfigs = map[string]bool{
	"release-please-config.json": true, ".release-please-manifest.json": true,
	"lerna.json": true, "nx.json": true,
}

// classify decides a file's kind from its path alone; "" means lockstep
// does not read the file. chartDirs holds the directories of every
// Chart.yaml, because values and templates are only known by their chart.
func classify(p string, chartDirs map[string]bool) Kind {
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	ext := path.Ext(base)
	isYAML := ext == ".yaml" || ext == ".yml"
	switch {
	case p == ".lockstep.yml" || p == ".lockstep.yaml":
		return KindLockstepConfig
	case dir == ".github/workflows" && isYAML:
		return KindWorkflow
	case p == ".github/settings.yml" || p == ".github/settings.yaml":
		return KindGitHubSettings
	case base == "CODEOWNERS" && (dir == "" || dir == ".github" || dir == "docs"):
		return KindCodeowners
	case p == ".gitlab-ci.yml" || p == ".gitlab-ci.yaml":
		return KindGitLabCI
	case base == "Chart.yaml":
		return KindHelmChart
	}
	if chart, rel, ok := inChart(p, chartDirs); ok {
		switch {
		case strings.HasPrefix(rel, "templates/") || ext == ".tpl":
			return KindHelmTemplate
		case path.Dir(p) == chart && isYAML && strings.HasPrefix(base, "values"):
			return KindHelmValues
		}
	}
	switch {
	case base == "kustomization.yaml" || base == "kustomization.yml" || base == "Kustomization":
		return KindKustomization
	case isYAML && isCompose(base):
		return KindCompose
	case base == ".env":
		return KindEnvFile
	case base == "skaffold.yaml" || base == "skaffold.yml":
		return KindSkaffold
	case base == "go.mod":
		return KindGoMod
	case base == "go.work":
		return KindGoWork
	case ext == ".go":
		return KindGo
	case ext == ".proto":
		return KindProto
	case isDockerfile(base):
		return KindDockerfile
	case releaseConfigs[base]:
		return KindReleaseConfig
	case isYAML:
		return KindYAML
	case ext == ".json" && sniffableJSON(base):
		return KindJSON
	case ext == ".toml" && sniffableJSON(base):
		return KindTOML
	}
	return ""
}

// inChart finds the nearest chart directory above p.
func inChart(p string, chartDirs map[string]bool) (chart, rel string, ok bool) {
	if len(chartDirs) == 0 {
		return "", "", false
	}
	for d := path.Dir(p); ; d = path.Dir(d) {
		if chartDirs[d] {
			if d == "." {
				return d, p, true
			}
			return d, strings.TrimPrefix(p, d+"/"), true
		}
		if d == "." || d == "/" {
			return "", "", false
		}
	}
}

func isCompose(base string) bool {
	name := strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	return strings.HasPrefix(name, "docker-compose") || name == "compose" ||
		strings.HasPrefix(name, "compose.") || strings.HasSuffix(name, ".compose")
}

func isDockerfile(base string) bool {
	return base == "Dockerfile" || base == "Containerfile" || strings.HasPrefix(base, "Dockerfile.") ||
		strings.HasSuffix(base, ".Dockerfile") || strings.HasSuffix(base, ".dockerfile")
}

// sniffableJSON limits JSON sniffing to names that can hold an API spec or
// flag definitions: most JSON in a repository (lock files, fixtures) is
// neither, and some of it is huge.
func sniffableJSON(base string) bool {
	b := strings.ToLower(base)
	return strings.Contains(b, "openapi") || strings.Contains(b, "swagger") || strings.Contains(b, "flag") ||
		strings.Contains(b, "feature") || strings.Contains(b, "unleash")
}

// Wanted reports whether lockstep may read the file at the slash-separated
// path p (relative to the repository root), whatever else the tree holds:
// Load reads it, or it is lockstep's own configuration. A reader that
// streams a repository (an audit's tarball) keeps the content of these
// files only. Files named solely by Options.Flags.Definitions globs are not
// covered: the globs come from a configuration the stream may not have
// reached yet.
func Wanted(p string) bool {
	dir := path.Dir(p)
	for d := dir; d != "." && d != "/"; d = path.Dir(d) {
		if skippedDirs[path.Base(d)] {
			return false
		}
	}
	if classify(p, nil) != "" {
		return true
	}
	// Helm values and templates are known only by their chart, and any
	// directory above p may turn out to hold a Chart.yaml.
	chart := map[string]bool{}
	for d := dir; ; d = path.Dir(d) {
		clear(chart)
		chart[d] = true
		if classify(p, chart) != "" {
			return true
		}
		if d == "." || d == "/" {
			return false
		}
	}
}
