package ci

import (
	"fmt"
	"regexp"
	"testing"
)

func TestClassifyCommand(t *testing.T) {
	var none Activities
	tests := []struct {
		line string
		want Activities
	}{
		// Deploys.
		{"kubectl apply -f deploy/k8s/", Of(Deploy)},
		{"kubectl -n shop apply -k deploy/k8s", Of(Deploy)},
		{"kubectl --context prod create -f job.yaml", Of(Deploy)},
		{"kubectl replace --force -f deploy.yaml", Of(Deploy)},
		{"kubectl set image deployment/cart cart=ghcr.io/acme/cart:${{ github.sha }}", Of(Deploy)},
		{"kubectl rollout restart deployment/cart", Of(Deploy)},
		{"helm upgrade --install shop deploy/charts/shop --wait", Of(Deploy)},
		{"helm -n shop install cart ./chart", Of(Deploy)},
		{"kustomize build deploy/overlays/prod | kubectl apply -f -", Of(Deploy)},
		{"kubectl create secret generic x --from-literal=a=b --dry-run=client -o yaml | kubectl apply -f -", Of(Deploy)},
		{"skaffold run -p prod", Of(Deploy)},
		{"skaffold deploy --build-artifacts=build.json", Of(Deploy)},
		{"argocd app sync cart", Of(Deploy)},
		{"argocd app set cart --kustomize-image ghcr.io/acme/cart:abc", Of(Deploy)},
		{"flux reconcile kustomization apps --with-source", Of(Deploy)},
		{"gcloud run deploy cart --image gcr.io/acme/cart:1", Of(Deploy)},
		{"gcloud beta run deploy cart --image x", Of(Deploy)},
		{"gcloud app deploy app.yaml", Of(Deploy)},
		{"aws ecs update-service --cluster prod --service cart --force-new-deployment", Of(Deploy)},
		{"aws ecs deploy --service cart", Of(Deploy)},
		{"ecs-deploy -c prod -n cart -i img", Of(Deploy)},
		{"az containerapp update -n cart -g rg --image img", Of(Deploy)},
		{"az webapp deploy --name cart --src-path app.zip", Of(Deploy)},
		{"terraform apply -auto-approve", Of(Deploy)},
		{"pulumi up --yes", Of(Deploy)},
		{"cf push cart", Of(Deploy)},
		{"fly deploy --remote-only", Of(Deploy)},
		{"flyctl deploy", Of(Deploy)},
		{"heroku container:release web -a cart", Of(Deploy)},
		{"make deploy ENV=prod", Of(Deploy)},
		{"./scripts/deploy.sh production", Of(Deploy)},
		{"docker compose -f compose.prod.yml up -d", Of(Compose)},
		{"docker-compose up -d --build", Of(Compose)},
		{"helm upgrade --install x ./chart --set image.tag=1 && kubectl rollout status deploy/x", Of(Deploy)},

		// Dry runs, which are not deploys.
		{"kubectl apply --dry-run=server -f deploy/", Of(DryRun)},
		{"kubectl apply -f deploy/ --dry-run=client", Of(DryRun)},
		{"kubectl diff -k deploy/k8s", Of(DryRun)},
		{"kubectl kustomize deploy/cart/overlays/production | kubeconform -strict -summary -", Of(DryRun)},
		{"helm template shop deploy/charts/shop", Of(DryRun)},
		{"helm upgrade --install shop ./chart --dry-run", Of(DryRun)},
		{"helm diff upgrade shop ./chart", Of(DryRun)},
		{"kubeconform -strict deploy/", Of(DryRun)},
		{"kubeval deploy/*.yaml", Of(DryRun)},
		{"kustomize build deploy/overlays/prod", Of(DryRun)},
		{"kustomize build deploy/overlays/prod > out.yaml", Of(DryRun)},
		{"terraform plan -out plan.tfplan", Of(DryRun)},
		{"argocd app diff cart", Of(DryRun)},

		// Builds and pushes.
		{"docker build -t ghcr.io/acme/cart:1 services/cart", Of(Build)},
		{"docker buildx build --platform linux/amd64 -t x .", Of(Build)},
		{"docker buildx build --push -t x .", Of(Build, Push)},
		{"docker push ghcr.io/acme/cart:1", Of(Push)},
		{"ko build ./cmd/cart", Of(Build, Push)},
		{"ko build --local ./cmd/cart", Of(Build)},
		{"go build ./...", Of(Build)},
		{"docker compose build", Of(Build)},

		// Tests, lint, security.
		{"go test -race ./...", Of(Test)},
		{"npm test", Of(Test)},
		{"pytest -q", Of(Test)},
		{"make test", Of(Test)},
		{"gotestsum --format testname", Of(Test)},
		{"go vet ./... && go test ./...", Of(Lint, Test)},
		{"(cd \"$mod\" && go vet ./... && go test ./...)", Of(Lint, Test)},
		{"golangci-lint run ./...", Of(Lint)},
		{"eslint .", Of(Lint)},
		{"staticcheck ./...", Of(Lint)},
		{"actionlint", Of(Lint)},
		{"hadolint Dockerfile", Of(Lint)},
		{"helm lint deploy/charts/shop", Of(Lint)},
		{"govulncheck ./...", Of(SecurityScan)},
		{"gosec ./...", Of(SecurityScan)},
		{"trivy image ghcr.io/acme/cart:1", Of(SecurityScan)},
		{"grype dir:.", Of(SecurityScan)},
		{"snyk test", Of(SecurityScan)},
		{"zizmor .github/workflows", Of(SecurityScan)},
		{"semgrep ci", Of(SecurityScan)},

		// Negatives: mentions that do nothing of the kind.
		{"kubectl rollout status deployment/cart --timeout=5m", none},
		{"kubectl -n shop get pods", none},
		{"helm dependency update deploy/charts/shop", none},
		{"helm plugin install https://github.com/databus23/helm-diff", none},
		{"helm repo add bitnami https://charts.bitnami.com/bitnami", none},
		{"echo \"run kubectl apply -f deploy/ to deploy\"", none},
		{"# helm upgrade --install shop ./chart", none},
		{"go install golang.org/x/vuln/cmd/govulncheck@v1.1.3", none},
		{"curl -sSfL -o /usr/local/bin/argocd https://github.com/argoproj/argo-cd/releases/download/v2.13.1/argocd-linux-amd64", none},
		{"docker compose down", none},
		{"docker login ghcr.io -u x --password-stdin", none},
		{"mkdir -p \"$HOME/.kube\"", none},
		{"argocd app wait cart", none},
		{"terraform init", none},
	}
	for _, tt := range tests {
		if got := ClassifyCommand(tt.line); got != tt.want {
			t.Errorf("ClassifyCommand(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestClassifyUses(t *testing.T) {
	tests := []struct {
		uses string
		with map[string]string
		want Activities
	}{
		{"azure/k8s-deploy@v5", nil, Of(Deploy)},
		{"google-github-actions/deploy-cloudrun@v2", nil, Of(Deploy)},
		{"aws-actions/amazon-ecs-deploy-task-definition@v2", nil, Of(Deploy)},
		{"docker/build-push-action@v6", nil, Of(Build)},
		{"docker/build-push-action@v6", map[string]string{"push": "true"}, Of(Build, Push)},
		{"docker/build-push-action@v6", map[string]string{"push": "${{ github.event_name == 'push' }}"}, Of(Build, Push)},
		{"docker/build-push-action@v6", map[string]string{"push": "false"}, Of(Build)},
		{"golangci/golangci-lint-action@v6", nil, Of(Lint)},
		{"github/codeql-action/analyze@v3", nil, Of(SecurityScan)},
		{"GitHub/CodeQL-Action/init@v3", nil, Of(SecurityScan)},
		{"aquasecurity/trivy-action@0.28.0", nil, Of(SecurityScan)},
		{"anchore/scan-action@v4", nil, Of(SecurityScan)},
		{"actions/checkout@v4", nil, 0},
		{"azure/setup-kubectl@v4", nil, 0},
		{"azure/setup-helm@v4", nil, 0},
		{"docker/login-action@v3", nil, 0},
		{"./.github/actions/deploy", nil, 0},
	}
	for _, tt := range tests {
		if got := ClassifyUses(tt.uses, tt.with); got != tt.want {
			t.Errorf("ClassifyUses(%q, %v) = %v, want %v", tt.uses, tt.with, got, tt.want)
		}
	}
}

func TestNewClassifier(t *testing.T) {
	c, err := NewClassifier(map[Activity][]string{
		Deploy: {`^\./ops/ship\b`, `^acme/release-action$`},
		Test:   {`\bbats\b`},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Command("./ops/ship cart"); got != Of(Deploy) {
		t.Errorf("project deploy script: got %v", got)
	}
	if got := c.Command("bats test/"); got != Of(Test) {
		t.Errorf("project test runner: got %v", got)
	}
	if got := c.Uses("acme/release-action@v1", nil); got != Of(Deploy) {
		t.Errorf("project action: got %v", got)
	}
	if got := c.Command("kubectl apply -f x"); got != Of(Deploy) {
		t.Errorf("built-in table lost: got %v", got)
	}
	if _, err := NewClassifier(map[Activity][]string{Deploy: {`(`}}); err == nil {
		t.Error("an invalid pattern was accepted")
	}
}

func TestParseActivity(t *testing.T) {
	for a := Activity(0); a < numActivities; a++ {
		got, err := ParseActivity(a.String())
		if err != nil || got != a {
			t.Errorf("ParseActivity(%q) = %v, %v", a.String(), got, err)
		}
	}
	if _, err := ParseActivity("ship"); err == nil {
		t.Error("ParseActivity accepted an unknown name")
	}
}

func TestChangeDir(t *testing.T) {
	tests := []struct{ dir, line, want string }{
		{"", "cd deploy", "deploy"},
		{"deploy", "cd k8s/prod", "deploy/k8s/prod"},
		{"deploy/k8s", "cd ..", "deploy"},
		{"deploy", "cd ..", ""},
		{"", "cd ..", ""},
		{"", `cd "services/cart"`, "services/cart"},
		{"deploy", "cd $DIR", ""},
		{"deploy", "cd /tmp", ""},
		{"deploy", "cd x && make", "deploy"}, // not a line of its own
		{"deploy", "kubectl apply -f .", "deploy"},
	}
	for _, tt := range tests {
		if got := changeDir(tt.dir, tt.line); got != tt.want {
			t.Errorf("changeDir(%q, %q) = %q, want %q", tt.dir, tt.line, got, tt.want)
		}
	}
}

func TestNeedles(t *testing.T) {
	tests := map[string]string{
		verb("kubectl", `apply|create`):        "[[kubectl] [apply create]]",
		verb("argocd", `app\s+(?:sync|set)`):   "[[argocd] [app] [ync et]]",
		`\bgcloud\b.*\b(?:run|app)\s+deploy\b`: "[[gcloud] [run app] [deploy]]",
		`^azure/k8s-deploy$`:                   "[[azure/k8s-deploy]]",
		`\bgo\s+test\b`:                        "[[go] [test]]",
		`\b(?:jest|vitest|rspec)\b`:            "[[jest vitest rspec]]",
		`(?i)\bKUBECTL\b`:                      "[]",
		`\b(?:a|bb)\b`:                         "[]",
		`(`:                                    "[]",
	}
	for expr, want := range tests {
		if got := fmt.Sprint([][]string(needles(expr))); got != want {
			t.Errorf("needles(%q) = %s, want %s", expr, got, want)
		}
	}
}

// TestTableCompiles: the table's expressions are compiled on first use, so
// a broken one would only show on a line that gets past its literals.
func TestTableCompiles(t *testing.T) {
	for _, table := range [][]pattern{commandTable, usesTable} {
		for _, p := range table {
			for _, l := range []*lazyRE{p.re, p.also, p.unless} {
				if l == nil {
					continue
				}
				if _, err := regexp.Compile(l.expr); err != nil {
					t.Errorf("%s: %v", l.expr, err)
				}
			}
		}
	}
}
