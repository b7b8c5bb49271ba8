package repo

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/actions"
	"github.com/lockstep-lint/lockstep/rules/repo/apispec"
	"github.com/lockstep-lint/lockstep/rules/repo/compose"
	"github.com/lockstep-lint/lockstep/rules/repo/dockerfile"
	"github.com/lockstep-lint/lockstep/rules/repo/flagdef"
	"github.com/lockstep-lint/lockstep/rules/repo/github"
	"github.com/lockstep-lint/lockstep/rules/repo/gitlab"
	"github.com/lockstep-lint/lockstep/rules/repo/gomod"
	"github.com/lockstep-lint/lockstep/rules/repo/gosrc"
	"github.com/lockstep-lint/lockstep/rules/repo/helm"
	"github.com/lockstep-lint/lockstep/rules/repo/kube"
	"github.com/lockstep-lint/lockstep/rules/repo/kustomize"
	"github.com/lockstep-lint/lockstep/rules/repo/skaffold"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// parseFile dispatches on the file's kind. It runs concurrently and only
// touches p.
func parseFile(p *parsed, fsys fs.FS, lim source.Limits) {
	f := p.file
	var problems []source.Problem
	yamlDocs := func() []*source.Doc {
		docs, pr := source.ParseYAML(f.Path, f.Data, lim)
		problems = append(problems, pr...)
		return docs
	}
	var more []source.Problem
	switch f.Kind {
	case KindWorkflow:
		p.workflow, more = actions.Parse(f.Path, f.Data, yamlDocs())
	case KindGitLabCI:
		p.gitlab, more = gitlab.Load(f.Path, includeReader(fsys, lim), lim)
	case KindGitHubSettings:
		p.settings, more = github.ParseSettingsFile(f.Path, f.Data)
	case KindCompose:
		p.compose, more = compose.Parse(f.Path, yamlDocs())
	case KindEnvFile:
		p.envFile, more = compose.ParseEnvFile(f.Path, f.Data)
	case KindSkaffold:
		p.skaffold, more = skaffold.Parse(f.Path, yamlDocs())
	case KindGoMod:
		p.goMod, more = gomod.Parse(f.Path, f.Data)
	case KindGoWork:
		p.goWork, more = gomod.ParseWork(f.Path, f.Data)
	case KindGo:
		p.goFile, more = gosrc.ParseFile(f.Path, f.Data)
	case KindProto:
		p.apiSpec, more = apispec.ParseProto(f.Path, f.Data)
	case KindDockerfile:
		p.dockerfile, more = dockerfile.Parse(f.Path, f.Data)
	case KindKustomization:
		// Flux keeps its own Kustomization objects in files of the same
		// name; kube.IsManifest leaves kustomize's own apiVersion out.
		if docs := yamlDocs(); kube.IsManifest(docs) {
			more = parseGeneric(p, docs)
		} else {
			p.kustomize, more = kustomize.Parse(f.Path, docs)
		}
	case KindHelmChart:
		p.chart, more = helm.ParseChart(f.Path, yamlDocs())
	case KindHelmValues:
		p.values, more = helm.ParseValues(f.Path, yamlDocs())
	case KindHelmTemplate:
		// Go templates: recognised, never parsed as YAML.
	case KindTOML:
		if def, ok := flagdef.ParseTOML(f.Path, f.Data); ok {
			p.flagDef = def
			f.Kind = KindFlagDefinition
		}
	case KindFlagDefinition:
		// Named in .lockstep.yml flags.definitions: it must be one of the
		// formats, or the user would believe its flags are checked.
		var ok bool
		if strings.HasSuffix(f.Path, ".toml") {
			if p.flagDef, ok = flagdef.ParseTOML(f.Path, f.Data); !ok {
				more = append(more, source.Problemf(source.Pos{File: f.Path, Line: 1, Col: 1}, source.ReasonInvalid,
					"listed in flags.definitions but not a GO Feature Flag TOML file (no table with variations and a defaultRule)"))
			}
			break
		}
		docs := yamlDocs()
		if p.flagDef, ok = flagdef.Parse(f.Path, docs); !ok && len(problems) == 0 {
			more = append(more, source.Problemf(source.Pos{File: f.Path, Line: 1, Col: 1}, source.ReasonInvalid,
				"listed in flags.definitions but not a flag definition format lockstep reads (flagd, GO Feature Flag, Unleash, Flipt, LaunchDarkly file data)"))
		}
	case KindYAML, KindJSON:
		docs := yamlDocs()
		if len(problems) > 0 && bytes.Contains(f.Data, []byte("{{")) {
			// A template of some tool (Helm outside a chart, Jinja): it is
			// not YAML until rendered, so its syntax is not reported.
			problems = nil
			f.Kind = KindHelmTemplate
			break
		}
		more = parseGeneric(p, docs)
	}
	p.problems = append(p.problems, problems...)
	p.problems = append(p.problems, more...)
}

// parseGeneric sniffs a YAML or JSON file that no name identified:
// Kubernetes objects (Argo CD and Flux included), an API spec or flag
// definitions.
func parseGeneric(p *parsed, docs []*source.Doc) []source.Problem {
	if kube.IsManifest(docs) {
		var problems []source.Problem
		p.objects, problems = kube.Parse(docs)
		p.file.Kind = KindManifest
		return problems
	}
	if spec, ok := apispec.Sniff(p.file.Path, docs); ok {
		p.apiSpec = spec
		p.file.Kind = KindOpenAPI
		return nil
	}
	if def, ok := flagdef.Parse(p.file.Path, docs); ok {
		p.flagDef = def
		p.file.Kind = KindFlagDefinition
	}
	return nil
}

// includeReader reads files a CI config includes, with the same limits as
// the walk and never outside the repository.
func includeReader(fsys fs.FS, lim source.Limits) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if !fs.ValidPath(name) {
			return nil, fmt.Errorf("%s is not a path inside the repository", name)
		}
		target, pr := resolveLink(fsys, name)
		if pr != nil {
			return nil, fmt.Errorf("%s", pr.Message)
		}
		return readLimited(fsys, target, lim.MaxBytes)
	}
}
