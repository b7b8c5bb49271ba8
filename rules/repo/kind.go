package repo

// Kind is what lockstep understood a file to be.
type Kind string

// File kinds.
const (
	KindWorkflow       Kind = "github-workflow"
	KindGitLabCI       Kind = "gitlab-ci"
	KindManifest       Kind = "kubernetes"
	KindKustomization  Kind = "kustomization"
	KindHelmChart      Kind = "helm-chart"
	KindHelmValues     Kind = "helm-values"
	KindHelmTemplate   Kind = "helm-template"
	KindCompose        Kind = "compose"
	KindEnvFile        Kind = "env-file"
	KindSkaffold       Kind = "skaffold"
	KindGoMod          Kind = "go.mod"
	KindGoWork         Kind = "go.work"
	KindGo             Kind = "go"
	KindOpenAPI        Kind = "openapi"
	KindProto          Kind = "proto"
	KindDockerfile     Kind = "dockerfile"
	KindGitHubSettings Kind = "github-settings"
	KindCodeowners     Kind = "codeowners"
	KindReleaseConfig  Kind = "release-config"
	KindYAML           Kind = "yaml" // YAML that matched no known format
	KindJSON           Kind = "json"
	KindTOML           Kind = "toml" // sniffed for GO Feature Flag definitions
	KindLockstepConfig Kind = "lockstep-config"
	KindFlagDefinition Kind = "flag-definition"
)
