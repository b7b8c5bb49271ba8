package ci

import (
	"regexp"
	"sync"
)

// pattern is one row of the classification table: a command segment (or
// an action reference, for usesTable) that matches re, and also also when
// set, but not unless, does activity.
type pattern struct {
	activity Activity
	needles  clauses      // literals every match contains (see needles)
	pairs    [][][]uint16 // needles.pairs()
	re       *lazyRE
	also     *lazyRE
	unless   *lazyRE
}

// lazyRE compiles its expression on first use. Most rows of the table
// never get past their literals in a given repository, and compiling all
// of them at start-up was a third of the CPU time lockstep spends before
// reading a file. TestTableCompiles compiles every row.
type lazyRE struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

func lazy(expr string) *lazyRE { return &lazyRE{expr: expr} }

func (l *lazyRE) get() *regexp.Regexp {
	l.once.Do(func() {
		if l.re == nil {
			l.re = regexp.MustCompile(l.expr)
		}
	})
	return l.re
}

func (l *lazyRE) MatchString(s string) bool { return l.get().MatchString(s) }

// cmd builds a row for the command table.
func cmd(a Activity, re string) pattern {
	return newPattern(a, re, lazy(re))
}

func newPattern(a Activity, expr string, re *lazyRE) pattern {
	n := needles(expr)
	return pattern{activity: a, needles: n, pairs: n.pairs(), re: re}
}

func (p pattern) and(re string) pattern    { p.also = lazy(re); return p }
func (p pattern) except(re string) pattern { p.unless = lazy(re); return p }

// verb matches tool followed by one of verbs (a regexp alternation),
// allowing global flags in between: "kubectl -n shop apply",
// "helm --kube-context prod upgrade".
func verb(tool, verbs string) string {
	return `\b` + tool + `(?:\s+-{1,2}[^\s=]+(?:=\S+|\s+[^-\s]\S*)?)*\s+(?:` + verbs + `)\b`
}

// dryRunFlag is kubectl's and helm's --dry-run in every form that changes
// nothing ("--dry-run=none" is a real apply, so it is not matched).
const dryRunFlag = `--dry-run(?:=(?:client|server|true)|\s|$)`

// commandTable classifies one simple command: a line of a run step or
// script, split at &&, ||, ; and |. The rows of one activity are grouped;
// a segment may match rows of several activities. Within a pipe, a deploy
// wins over a dry-run ("kustomize build | kubectl apply -f -" deploys).
var commandTable = []pattern{
	// Deploy: commands that change what runs in an environment.
	cmd(Deploy, verb("kubectl", `apply|create|replace|patch|set\s+image|rollout\s+(?:restart|undo)`)).except(dryRunFlag), // not --dry-run, not "rollout status"
	cmd(Deploy, verb("helm", `upgrade|install|rollback`)).except(dryRunFlag + `|\bhelm\s+(?:plugin|diff)\b`),             // not "helm plugin install", not helm-diff
	cmd(Deploy, verb("helmfile", `apply|sync|deploy`)),
	cmd(Deploy, verb("skaffold", `run|deploy|apply`)),
	cmd(Deploy, verb("argocd", `app\s+(?:sync|set|rollback)`)),
	cmd(Deploy, verb("flux", `reconcile`)),
	cmd(Deploy, verb("ko", `apply|create`)),
	cmd(Deploy, verb("kapp", `deploy`)),
	cmd(Deploy, `\bgcloud\b.*\b(?:run|app|functions)\s+deploy\b`), // also "gcloud beta run deploy"
	cmd(Deploy, `\bgcloud\b.*\brun\s+services\s+(?:update|replace)\b`),
	cmd(Deploy, `\baws\s+ecs\s+(?:update-service|deploy)\b`),
	cmd(Deploy, `\baws\s+lambda\s+update-function-code\b`),
	cmd(Deploy, `\baws\s+deploy\s+create-deployment\b`),
	cmd(Deploy, `\becs-deploy\b`),
	cmd(Deploy, `\baz\s+containerapp\s+(?:update|up)\b`),
	cmd(Deploy, `\baz\s+webapp\s+(?:deploy|up)\b`),
	cmd(Deploy, verb("(?:terraform|tofu|terragrunt)", `apply|run-all\s+apply`)),
	cmd(Deploy, verb("pulumi", `up|update`)),
	cmd(Deploy, `\bdocker\s+stack\s+deploy\b`),
	cmd(Deploy, `\bnomad\s+job\s+run\b`),
	cmd(Deploy, `\bcf\s+push\b`),
	cmd(Deploy, `\bfly(?:ctl)?\s+deploy\b`),
	cmd(Deploy, `\bheroku\s+container:release\b`),
	cmd(Deploy, `\b(?:serverless|sls)\s+deploy\b`),
	// Wrapper scripts named for what they do, by convention.
	cmd(Deploy, `\bmake\b(?:\s+\S+)*\s+deploy[-\w]*(?:\s|$)`),
	cmd(Deploy, `\b(?:npm|yarn|pnpm)\s+(?:run\s+)?deploy\b`),
	cmd(Deploy, `(?:^|[\s/])deploy[-\w]*\.sh\b`),

	// Compose: a deploy only in a job that deploys otherwise (Job.Deploys).
	cmd(Compose, verb(`(?:docker\s+compose|docker-compose)`, `up`)),

	// DryRun: renders or validates a deploy and changes nothing.
	cmd(DryRun, verb("kubectl", `apply|create|replace|patch`)).and(dryRunFlag),
	cmd(DryRun, verb("kubectl", `diff|kustomize`)),
	cmd(DryRun, verb("helm", `upgrade|install`)).and(dryRunFlag),
	cmd(DryRun, verb("helm", `template|diff`)),
	cmd(DryRun, verb("helmfile", `diff|template`)),
	cmd(DryRun, `\bkustomize\s+build\b`), // alone; piped into kubectl apply it is a deploy
	cmd(DryRun, `\bkubeconform\b`),
	cmd(DryRun, `\bkubeval\b`),
	cmd(DryRun, verb("skaffold", `render|diagnose`)),
	cmd(DryRun, verb("argocd", `app\s+diff`)),
	cmd(DryRun, verb("flux", `diff`)),
	cmd(DryRun, verb("(?:terraform|tofu|terragrunt)", `plan`)),
	cmd(DryRun, verb("pulumi", `preview`)),

	// Build: compiles code or builds an image.
	cmd(Build, verb("docker", `build|image\s+build|buildx\s+(?:build|bake)`)),
	cmd(Build, `\b(?:podman|buildah)\s+(?:build|bud)\b`),
	cmd(Build, verb("ko", `build|publish|resolve`)),
	cmd(Build, verb(`(?:docker\s+compose|docker-compose)`, `build`)),
	cmd(Build, `\bpack\s+build\b`),
	cmd(Build, verb("skaffold", `build`)),
	cmd(Build, `\bgo\s+build\b`),
	cmd(Build, `\bcargo\s+build\b`),
	cmd(Build, `\bbazel\s+build\b`),
	cmd(Build, `\bmvn\b.*\s(?:package|install)\b`),
	cmd(Build, `\bgradlew?\b.*\s(?:build|assemble|jib)\b`),
	cmd(Build, `\b(?:npm|yarn|pnpm)\s+(?:run\s+)?build\b`),
	cmd(Build, `\bmake\b(?:\s+\S+)*\s+(?:build|image|docker-build)[-\w]*(?:\s|$)`),
	cmd(Build, `\bgoreleaser\b`),

	// Push: publishes an image or artifact.
	cmd(Push, verb("docker", `push|image\s+push`)),
	cmd(Push, verb("docker", `buildx\s+(?:build|bake)`)).and(`--push\b`),
	cmd(Push, verb(`(?:docker\s+compose|docker-compose)`, `push`)),
	cmd(Push, `\b(?:podman|buildah)\s+push\b`),
	cmd(Push, verb("ko", `build|publish`)).except(`--push=false|--local\b|\s-L\b`), // ko pushes unless told not to
	cmd(Push, `\bcrane\s+(?:push|copy|cp)\b`),
	cmd(Push, `\bskopeo\s+copy\b`),
	cmd(Push, verb("helm", `push`)),
	cmd(Push, `\bgoreleaser\s+release\b`).except(`--snapshot\b`),

	// Test: runs tests.
	cmd(Test, `\bgo\s+test\b`),
	cmd(Test, `\bgotestsum\b`),
	cmd(Test, `\bginkgo\b`),
	cmd(Test, `\b(?:npm|yarn|pnpm)\s+(?:run\s+)?test\b`),
	cmd(Test, `\bpytest\b|\bpython3?\s+-m\s+(?:pytest|unittest)\b`),
	cmd(Test, `\btox\b`),
	cmd(Test, `\bcargo\s+test\b`),
	cmd(Test, `\bbazel\s+test\b`),
	cmd(Test, `\bmvn\b.*\s(?:test|verify)\b`),
	cmd(Test, `\bgradlew?\b.*\stest\b`),
	cmd(Test, `\b(?:jest|vitest|rspec)\b`),
	cmd(Test, `\bmake\b(?:\s+\S+)*\s+(?:test|check)[-\w]*(?:\s|$)`),
	cmd(Test, verb("helm", `test`)),

	// Lint: linters and static checks.
	cmd(Lint, `\bgolangci-lint\b`),
	cmd(Lint, `\bgo\s+vet\b`),
	cmd(Lint, `\bstaticcheck\b`),
	cmd(Lint, `\brevive\b`),
	cmd(Lint, `\bgofmt\b`),
	cmd(Lint, `\bactionlint\b`),
	cmd(Lint, `\bhadolint\b`),
	cmd(Lint, `\bshellcheck\b`),
	cmd(Lint, `\byamllint\b`),
	cmd(Lint, `\bmarkdownlint`),
	cmd(Lint, `\beslint\b`),
	cmd(Lint, `\b(?:ruff|flake8|pylint)\b`),
	cmd(Lint, verb("helm", `lint`)),
	cmd(Lint, `\bbuf\s+(?:lint|breaking)\b`),
	cmd(Lint, `\b(?:kube-linter|kube-score|conftest)\b`),
	cmd(Lint, verb("(?:terraform|tofu)", `validate|fmt`)),
	cmd(Lint, `\b(?:npm|yarn|pnpm)\s+(?:run\s+)?lint\b`),
	cmd(Lint, `\bmake\b(?:\s+\S+)*\s+lint[-\w]*(?:\s|$)`),

	// SecurityScan: code, dependency, image and secret scanners.
	cmd(SecurityScan, `\bgovulncheck\b`),
	cmd(SecurityScan, `\bgosec\b`),
	cmd(SecurityScan, `\btrivy\b`),
	cmd(SecurityScan, `\bgrype\b`),
	cmd(SecurityScan, `\bsnyk\b`),
	cmd(SecurityScan, `\bzizmor\b`),
	cmd(SecurityScan, `\bsemgrep\b`),
	cmd(SecurityScan, `\bosv-scanner\b`),
	cmd(SecurityScan, `\b(?:gitleaks|trufflehog)\b`),
	cmd(SecurityScan, `\b(?:checkov|kubesec)\b`),
	cmd(SecurityScan, `\bcodeql\b`),
	cmd(SecurityScan, `\b(?:npm|yarn|pnpm)\s+audit\b`),
}

// inertCommand matches segments that mention a tool without running it:
// printing, comments, and installing or downloading it ("go install
// golang.org/x/vuln/cmd/govulncheck@latest" scans nothing).
var inertCommand = regexp.MustCompile(`^(?:#|echo\b|printf\b|` +
	`(?:sudo\s+)?(?:go\s+(?:install|get)|pip3?\s+install|npm\s+(?:i|install|ci)\b|brew\s+install|apt(?:-get)?\s+install|apk\s+add|` +
	`curl|wget|chmod|mv|cp|tar|unzip|which|command\s+-v)\b)`)

// act builds a row for the action table; re matches the action reference
// without its @ref, lowercased.
func act(a Activity, re string) pattern {
	return newPattern(a, re, lazy(re))
}

// usesTable classifies a step's "uses" reference. Publishing through
// build-push and bake actions depends on their "push" input (see
// pushInput).
var usesTable = []pattern{
	act(Deploy, `^azure/k8s-deploy$`),
	act(Deploy, `^azure/(?:webapps-deploy|container-apps-deploy-action|functions-action)$`),
	act(Deploy, `^google-github-actions/deploy-(?:cloudrun|appengine|cloud-functions)$`),
	act(Deploy, `^aws-actions/amazon-ecs-deploy-task-definition$`),
	act(Deploy, `^akhileshns/heroku-deploy$`),
	act(Deploy, `^deliverybot/helm$`),

	act(DryRun, `^azure/k8s-bake$`),
	act(DryRun, `^instrumenta/kubeval-action$`),

	act(Build, `^docker/(?:build-push-action|bake-action)$`),
	act(Build, `^redhat-actions/buildah-build$`),
	act(Push, `^redhat-actions/push-to-registry$`),
	act(Push, `^goreleaser/goreleaser-action$`),

	act(Lint, `^golangci/golangci-lint-action$`),
	act(Lint, `^hadolint/hadolint-action$`),
	act(Lint, `^(?:rhysd|raven-actions)/actionlint$`),
	act(Lint, `^dominikh/staticcheck-action$`),
	act(Lint, `^(?:github|super-linter)/super-linter(?:/|$)`),
	act(Lint, `^reviewdog/action-`),
	act(Lint, `^azure/k8s-lint$`),
	act(Lint, `^stackrox/kube-linter-action$`),

	act(SecurityScan, `^github/codeql-action/`),
	act(SecurityScan, `^github/dependency-review-action$`),
	act(SecurityScan, `^aquasecurity/trivy-action$`),
	act(SecurityScan, `^anchore/scan-action$`),
	act(SecurityScan, `^snyk/actions(?:/|$)`),
	act(SecurityScan, `^golang/govulncheck-action$`),
	act(SecurityScan, `^securego/gosec$`),
	act(SecurityScan, `^(?:returntocorp|semgrep)/semgrep-action$`),
	act(SecurityScan, `^zizmorcore/zizmor-action$`),
	act(SecurityScan, `^google/osv-scanner-action(?:/|$)`),
	act(SecurityScan, `^(?:gitleaks/gitleaks-action|trufflesecurity/trufflehog)$`),
	act(SecurityScan, `^ossf/scorecard-action$`),
	act(SecurityScan, `^bridgecrewio/checkov-action$`),
}

// pushInput names the actions that build and also push when their "push"
// input is set to anything but false.
var pushInput = regexp.MustCompile(`^docker/(?:build-push-action|bake-action)$`)
