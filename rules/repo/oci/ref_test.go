package oci

import (
	"strings"
	"testing"
)

func TestParseRef(t *testing.T) {
	tests := []struct {
		in   string
		want Ref
		name string
	}{
		{"nginx", Ref{Registry: "docker.io", Repository: "library/nginx"}, "nginx"},
		{"nginx:1.25", Ref{Registry: "docker.io", Repository: "library/nginx", Tag: "1.25"}, "nginx"},
		{"acme/orders:2.0", Ref{Registry: "docker.io", Repository: "acme/orders", Tag: "2.0"}, "orders"},
		{"docker.io/nginx", Ref{Registry: "docker.io", Repository: "library/nginx"}, "nginx"},
		{"index.docker.io/acme/orders", Ref{Registry: "docker.io", Repository: "acme/orders"}, "orders"},
		{"ghcr.io/acme/orders:1.2", Ref{Registry: "ghcr.io", Repository: "acme/orders", Tag: "1.2"}, "orders"},
		{"ghcr.io/acme/shop/orders", Ref{Registry: "ghcr.io", Repository: "acme/shop/orders"}, "orders"},
		{"localhost/orders", Ref{Registry: "localhost", Repository: "orders"}, "orders"},
		{"localhost:5000/orders:dev", Ref{Registry: "localhost:5000", Repository: "orders", Tag: "dev"}, "orders"},
		{"registry:5000/team/api", Ref{Registry: "registry:5000", Repository: "team/api"}, "api"},
		{"Registry/api", Ref{Registry: "Registry", Repository: "api"}, "api"},
		{"orders:5000", Ref{Registry: "docker.io", Repository: "library/orders", Tag: "5000"}, "orders"},
		{
			"ghcr.io/acme/orders@sha256:0123abcd",
			Ref{Registry: "ghcr.io", Repository: "acme/orders", Digest: "sha256:0123abcd"}, "orders",
		},
		{
			"ghcr.io/acme/orders:1.2@sha256:0123abcd",
			Ref{Registry: "ghcr.io", Repository: "acme/orders", Tag: "1.2", Digest: "sha256:0123abcd"}, "orders",
		},
		{
			"123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:v3",
			Ref{Registry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com", Repository: "orders", Tag: "v3"}, "orders",
		},
		{"  busybox  ", Ref{Registry: "docker.io", Repository: "library/busybox"}, "busybox"},
		{"", Ref{}, ""},
		{":latest", Ref{Tag: "latest"}, ""},
		{"@sha256:ff", Ref{Digest: "sha256:ff"}, ""},
		{
			"${REGISTRY}/orders:${TAG}",
			Ref{Registry: "${REGISTRY}", Repository: "orders", Tag: "${TAG}", Templated: true}, "orders",
		},
		{
			"${{ env.REGISTRY }}/acme/orders:${{ github.sha }}",
			Ref{Registry: "${{ env.REGISTRY }}", Repository: "acme/orders", Tag: "${{ github.sha }}", Templated: true}, "orders",
		},
		{
			`{{ .Values.image.repository }}:{{ .Values.image.tag | default "a:b" }}`,
			Ref{Repository: "{{ .Values.image.repository }}", Tag: `{{ .Values.image.tag | default "a:b" }}`, Templated: true},
			"{{ .Values.image.repository }}",
		},
		{
			"ghcr.io/acme/orders:$(git rev-parse --short HEAD)",
			Ref{Registry: "ghcr.io", Repository: "acme/orders", Tag: "$(git rev-parse --short HEAD)", Templated: true}, "orders",
		},
		{"orders:${TAG}", Ref{Repository: "orders", Tag: "${TAG}", Templated: true}, "orders"},
		{
			"${IMAGE_PREFIX}-cart:${VERSION}",
			Ref{Repository: "${IMAGE_PREFIX}-cart", Tag: "${VERSION}", Templated: true}, "${IMAGE_PREFIX}-cart",
		},
		{
			"acme/{{ .a/b }}:1",
			Ref{Repository: "acme/{{ .a/b }}", Tag: "1", Templated: true}, "{{ .a/b }}",
		},
		{"ghcr.io/acme/${NAME", Ref{Registry: "ghcr.io", Repository: "acme/${NAME", Templated: true}, "${NAME"},
		{"$((1+(2)))/x", Ref{Registry: "$((1+(2)))", Repository: "x", Templated: true}, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := ParseRef(tt.in)
			if got != tt.want {
				t.Errorf("ParseRef(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
			if n := got.Name(); n != tt.name {
				t.Errorf("ParseRef(%q).Name() = %q, want %q", tt.in, n, tt.name)
			}
		})
	}
}

func TestRefString(t *testing.T) {
	tests := map[string]string{
		"nginx":                      "docker.io/library/nginx",
		"ghcr.io/a/b:1@sha256:ff":    "ghcr.io/a/b:1@sha256:ff",
		"${REGISTRY}/orders:${TAG}":  "${REGISTRY}/orders:${TAG}",
		"index.docker.io/acme/x:1.0": "docker.io/acme/x:1.0",
	}
	for in, want := range tests {
		if got := ParseRef(in).String(); got != want {
			t.Errorf("ParseRef(%q).String() = %q, want %q", in, got, want)
		}
	}
	if !(Ref{}).IsZero() || ParseRef("x").IsZero() {
		t.Error("IsZero is wrong")
	}
}

func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"nginx", "ghcr.io/a/b:1@sha256:ff", "${R}/x:${{ t }}", "{{ .a }}:$(b)", "localhost:5000/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ParseRef(s)
		_ = r.Name()
		_ = r.String()
		// Every part is text of s, apart from the defaults ParseRef adds.
		trimmed := strings.TrimSpace(s)
		for _, part := range []string{r.Tag, r.Digest, strings.TrimPrefix(r.Repository, officialPrefix)} {
			if !strings.Contains(trimmed, part) {
				t.Fatalf("ParseRef(%q) = %#v: part %q is not in the input", s, r, part)
			}
		}
		if r.Registry != DefaultRegistry && !strings.Contains(trimmed, r.Registry) {
			t.Fatalf("ParseRef(%q) = %#v: registry is not in the input", s, r)
		}
	})
}
