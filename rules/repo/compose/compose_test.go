package compose

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func parseString(t *testing.T, text string) (*File, []source.Problem) {
	t.Helper()
	docs, problems := source.ParseYAML("compose.yaml", []byte(text), source.DefaultLimits)
	if len(problems) > 0 {
		t.Fatalf("fixture does not parse: %v", problems)
	}
	return Parse("compose.yaml", docs)
}

// at renders a positioned value as "line:col value" for compact tables.
func at(s source.String) string {
	return fmt.Sprintf("%d:%d %s", s.Pos.Line, s.Pos.Col, s.Value)
}

// render lists every extracted field of a service, one per line.
func render(s *Service) []string {
	out := []string{"name " + at(s.Name), "image " + at(s.Image)}
	if b := s.Build; b != nil {
		out = append(out, fmt.Sprintf("build %d:%d", b.Pos.Line, b.Pos.Col),
			"context "+at(b.Context), "dockerfile "+at(b.Dockerfile), "target "+at(b.Target))
		for _, a := range b.Args {
			out = append(out, "arg "+at(a.Key)+" = "+at(a.Value))
		}
	}
	for _, d := range s.DependsOn {
		out = append(out, fmt.Sprintf("depends %d:%d ", d.Pos.Line, d.Pos.Col)+at(d.Service)+" / "+at(d.Condition))
	}
	for _, e := range s.Environment {
		out = append(out, "env "+at(e.Name)+" = "+at(e.Value))
	}
	for _, e := range s.EnvFiles {
		out = append(out, "env_file "+at(e))
	}
	for _, e := range s.Profiles {
		out = append(out, "profile "+at(e))
	}
	for _, e := range s.Ports {
		out = append(out, "port "+at(e))
	}
	return append(out, "replicas "+at(s.Replicas))
}

const fullFixture = `name: shop
x-common: &common
  environment:
    LOG_LEVEL: info
services:
  cart:
    <<: *common
    image: ${REGISTRY}/cart:${VERSION}
    build:
      context: ./cart
      dockerfile: Dockerfile.prod
      target: runtime
      args:
        - GO_VERSION=1.22
        - "PLAIN"
    depends_on:
      redis:
        condition: service_healthy
      db:
    env_file: .env
    profiles: [prod, "debug"]
    ports:
      - "8080:80"
      - target: 443
        published: 8443
        protocol: tcp
      - 9090
    deploy:
      replicas: 3
  redis:
    image: redis:7
    build: ./redis
    depends_on: [db]
    environment:
      - A=1
      - "B=two"
      - C
      - 'D='
    env_file:
      - path: ./a.env
        required: false
      - b.env
    scale: 2
  db:
`

func TestParse(t *testing.T) {
	f, problems := parseString(t, fullFixture)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	if got := at(f.Name); got != "1:7 shop" {
		t.Errorf("Name = %q", got)
	}
	if f.Pos != (source.Pos{File: "compose.yaml", Line: 1, Col: 1}) {
		t.Errorf("Pos = %v", f.Pos)
	}
	want := map[string][]string{
		"cart": {
			"name 6:3 cart",
			"image 8:12 ${REGISTRY}/cart:${VERSION}",
			"build 9:5", "context 10:16 ./cart", "dockerfile 11:19 Dockerfile.prod", "target 12:15 runtime",
			"arg 14:11 GO_VERSION = 14:22 1.22",
			"arg 15:12 PLAIN = 0:0 ",
			"depends 17:7 17:7 redis / 18:20 service_healthy",
			"depends 19:7 19:7 db / 0:0 ",
			"env 4:5 LOG_LEVEL = 4:16 info",
			"env_file 20:15 .env",
			"profile 21:16 prod", "profile 21:22 debug",
			"port 23:9 8080:80", "port 24:9 8443:443/tcp", "port 27:9 9090",
			"replicas 29:17 3",
		},
		"redis": {
			"name 30:3 redis",
			"image 31:12 redis:7",
			"build 32:5", "context 32:12 ./redis", "dockerfile 0:0 ", "target 0:0 ",
			"depends 33:18 33:18 db / 0:0 ",
			"env 35:9 A = 35:11 1",
			"env 36:10 B = 36:12 two",
			"env 37:9 C = 0:0 ",
			"env 38:10 D = 38:12 ",
			"env_file 40:15 ./a.env", "env_file 42:9 b.env",
			"replicas 43:12 2",
		},
		"db": {"name 44:3 db", "image 0:0 ", "replicas 0:0 "},
	}
	if len(f.Services) != len(want) {
		t.Fatalf("got %d services, want %d", len(f.Services), len(want))
	}
	for _, s := range f.Services {
		if got := render(s); !slices.Equal(got, want[s.Name.Value]) {
			t.Errorf("service %s:\ngot  %s\nwant %s", s.Name.Value,
				strings.Join(got, "\n     "), strings.Join(want[s.Name.Value], "\n     "))
		}
		if s.Pos != s.Name.Pos {
			t.Errorf("service %s: Pos %v differs from its name's %v", s.Name.Value, s.Pos, s.Name.Pos)
		}
	}
}

func TestParseForms(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{{
		name: "build args as a mapping",
		text: "services:\n  a:\n    build:\n      args:\n        X: 1\n        Y:\n",
		want: []string{"name 2:3 a", "image 0:0 ", "build 3:5", "context 0:0 ", "dockerfile 0:0 ", "target 0:0 ",
			"arg 5:9 X = 5:12 1", "arg 6:9 Y = 0:0 ", "replicas 0:0 "},
	}, {
		name: "environment as a mapping with a null value",
		text: "services:\n  a:\n    environment:\n      FEATURE_X: \"true\"\n      SHELL_VAR:\n",
		want: []string{"name 2:3 a", "image 0:0 ", "env 4:7 FEATURE_X = 4:18 true", "env 5:7 SHELL_VAR = 0:0 ", "replicas 0:0 "},
	}, {
		name: "environment as a flow sequence",
		text: "services:\n  a:\n    environment: [X=1, \"Y=2\"]\n",
		want: []string{"name 2:3 a", "image 0:0 ", "env 3:19 X = 3:21 1", "env 3:25 Y = 3:27 2", "replicas 0:0 "},
	}, {
		name: "depends_on as a single scalar",
		text: "services:\n  a:\n    depends_on: b\n",
		want: []string{"name 2:3 a", "image 0:0 ", "depends 3:17 3:17 b / 0:0 ", "replicas 0:0 "},
	}, {
		name: "null service",
		text: "services:\n  a:\n",
		want: []string{"name 2:3 a", "image 0:0 ", "replicas 0:0 "},
	}, {
		name: "long port syntax with a host IP and no published port",
		text: "services:\n  a:\n    ports:\n      - {host_ip: 127.0.0.1, target: 80}\n",
		want: []string{"name 2:3 a", "image 0:0 ", "port 4:9 127.0.0.1::80", "replicas 0:0 "},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, problems := parseString(t, tt.text)
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			if len(f.Services) != 1 {
				t.Fatalf("got %d services", len(f.Services))
			}
			if got := render(f.Services[0]); !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
		services   int
	}{
		{"root is a sequence", "- a\n", []string{"compose.yaml:1:1: invalid content: a Compose file must be a mapping, got a sequence"}, 0},
		{"services is a sequence", "services:\n  - a\n", []string{"compose.yaml:2:3: invalid content: services: expected a mapping of service names, got a sequence"}, 0},
		{"service is a scalar", "services:\n  a: nginx\n  b: {}\n", []string{"compose.yaml:2:6: invalid content: services.a: expected a mapping, got a scalar"}, 1},
		{"image is a mapping", "services:\n  a:\n    image: {x: 1}\n", []string{"compose.yaml:3:12: invalid content: services.a.image: expected a scalar, got a mapping"}, 1},
		{"build is a sequence", "services:\n  a:\n    build: [x]\n", []string{"compose.yaml:3:12: invalid content: services.a.build: expected a path or a mapping, got a sequence"}, 1},
		{"depends_on entry is a sequence", "services:\n  a:\n    depends_on:\n      b: [x]\n", []string{"compose.yaml:4:10: invalid content: services.a.depends_on.b: expected a mapping, got a sequence"}, 1},
		{"environment item is a mapping", "services:\n  a:\n    environment:\n      - {X: 1}\n", []string{"compose.yaml:4:9: invalid content: services.a.environment: expected NAME=value, got a mapping"}, 1},
		{"ports is a mapping", "services:\n  a:\n    ports: {x: 1}\n", []string{"compose.yaml:3:12: invalid content: services.a.ports: expected a sequence, got a mapping"}, 1},
		{"env_file mapping without path", "services:\n  a:\n    env_file:\n      - required: true\n", []string{"compose.yaml:4:9: invalid content: services.a.env_file: an entry written as a mapping needs a path key"}, 1},
		{"profiles is a mapping", "services:\n  a:\n    profiles: {x: 1}\n", []string{"compose.yaml:3:15: invalid content: services.a.profiles: expected a sequence, got a mapping"}, 1},
		{"replicas is a sequence", "services:\n  a:\n    deploy:\n      replicas: [1]\n", []string{"compose.yaml:4:17: invalid content: services.a.deploy.replicas: expected a scalar, got a sequence"}, 1},
		{"name is a mapping", "name: {}\n", []string{"compose.yaml:1:7: invalid content: name: expected a scalar, got a mapping"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, problems := parseString(t, tt.text)
			got := sourcetest.Errors(problems)
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\ngot  %q\nwant %q", got, tt.want)
			}
			if len(f.Services) != tt.services {
				t.Errorf("got %d services, want %d", len(f.Services), tt.services)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	f, problems := Parse("compose.yaml", nil)
	if f == nil || len(f.Services) != 0 || len(problems) != 0 {
		t.Errorf("Parse(nil) = %+v, %v", f, problems)
	}
}

func TestIsComposeFile(t *testing.T) {
	yes := []string{"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml",
		"deploy/docker-compose.prod.yml", "docker-compose-dev.yaml", "compose.override.yaml",
		"compose_test.yml", "app.compose.yaml", "Docker-Compose.yml"}
	no := []string{"composer.yaml", "compose.json", "docker-compose.yml.bak", "components.yaml",
		"mycompose.yaml", "compose", ".github/workflows/ci.yml"}
	for _, p := range yes {
		if !IsComposeFile(p) {
			t.Errorf("IsComposeFile(%q) = false", p)
		}
	}
	for _, p := range no {
		if IsComposeFile(p) {
			t.Errorf("IsComposeFile(%q) = true", p)
		}
	}
}
