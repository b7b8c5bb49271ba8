package bigbang

import (
	"reflect"
	"testing"
)

func TestDeployTargets(t *testing.T) {
	tests := []struct {
		line, dir string
		want      []target
	}{
		{"kubectl apply -k deploy/k8s/", "", []target{{kind: kustomization, paths: []string{"deploy/k8s"}}}},
		{"kubectl -n shop apply -f deploy/ -R", "", []target{{kind: kubectlFiles, paths: []string{"deploy"}, recursive: true}}},
		{"kubectl apply -f a.yaml,b.yaml --server-side", "deploy", []target{{kind: kubectlFiles, paths: []string{"deploy/a.yaml", "deploy/b.yaml"}}}},
		{"kubectl apply --filename=deploy/prod", "", []target{{kind: kubectlFiles, paths: []string{"deploy/prod"}}}},
		{"kustomize build deploy/overlays/prod | kubectl apply -f -", "", []target{{kind: kustomization, paths: []string{"deploy/overlays/prod"}}}},
		{"helm template shop ./chart | kubectl apply -f -", "", []target{{kind: helmChart, paths: []string{"chart"}}}},
		{"helm upgrade --install shop deploy/charts/shop --namespace shop --create-namespace --set global.image.tag=${{ env.RELEASE_TAG }} --wait --timeout 20m", "",
			[]target{{kind: helmChart, paths: []string{"deploy/charts/shop"}}}},
		{"helm upgrade -i -n shop cart oci://ghcr.io/acme/charts/cart", "", []target{{kind: helmChart}}},
		{"skaffold run -p prod", "", []target{{kind: skaffoldConfig, paths: []string{"skaffold.yaml"}}}},
		{"skaffold deploy -f deploy/skaffold.yaml --tail", "", []target{{kind: skaffoldConfig, paths: []string{"deploy/skaffold.yaml"}}}},
		{"argocd app sync cart orders payments --prune", "", []target{{kind: argoApps, names: []string{"cart", "orders", "payments"}}}},
		{"argocd app sync -l app.kubernetes.io/part-of=shop", "", []target{{kind: argoApps, selector: "app.kubernetes.io/part-of=shop"}}},
		{"argocd app set cart --kustomize-image x:1", "", []target{{kind: argoApps, names: []string{"cart"}}}},
		{"docker compose -f compose.prod.yml up -d", "", []target{{kind: composeUp, paths: []string{"compose.prod.yml"}, dir: ""}}},
		{"docker-compose up -d cart orders", "", []target{{kind: composeUp, names: []string{"cart", "orders"}}}},
		{"sudo KUBECONFIG=x kubectl apply -f $DIR", "", nil},
		{"kubectl rollout status deploy/x && kubectl apply -k deploy/cart", "", []target{{kind: kustomization, paths: []string{"deploy/cart"}}}},
	}
	for _, tt := range tests {
		got := deployTargets(tt.line, tt.dir)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("deployTargets(%q) =\n %+v\nwant\n %+v", tt.line, got, tt.want)
		}
	}
}

func TestParseImage(t *testing.T) {
	tests := []struct {
		ref  string
		want imageRef
	}{
		{"ghcr.io/acme/cart:1.2.0", imageRef{"ghcr.io/acme/cart", "cart", "1.2.0"}},
		{"localhost:5000/cart", imageRef{"localhost:5000/cart", "cart", ""}},
		{"localhost:5000/cart:dev", imageRef{"localhost:5000/cart", "cart", "dev"}},
		{"ghcr.io/acme/payments:${SHOP_VERSION:-dev}", imageRef{"ghcr.io/acme/payments", "payments", "${SHOP_VERSION:-dev}"}},
		{"${REGISTRY:-ghcr.io/acme}/cart:${TAG}", imageRef{"${REGISTRY:-ghcr.io/acme}/cart", "cart", "${TAG}"}},
		{"${{env.REGISTRY}}/gateway:${{env.RELEASE_TAG}}", imageRef{"${{env.REGISTRY}}/gateway", "gateway", "${{env.RELEASE_TAG}}"}},
		{"ghcr.io/acme/cart@sha256:abc", imageRef{"ghcr.io/acme/cart", "cart", ""}},
		{"redis", imageRef{"redis", "redis", ""}},
	}
	for _, tt := range tests {
		if got := parseImage(tt.ref); got != tt.want {
			t.Errorf("parseImage(%q) = %+v, want %+v", tt.ref, got, tt.want)
		}
	}
}
