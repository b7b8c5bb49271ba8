package apispec

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func at(s source.String) string {
	return fmt.Sprintf("%d:%d %s", s.Pos.Line, s.Pos.Col, s.Value)
}

func render(s *Spec) []string {
	out := []string{fmt.Sprintf("%s %d:%d", s.Format, s.Pos.Line, s.Pos.Col), "version " + at(s.Version)}
	if s.Format != FormatProto {
		out = append(out, "title "+at(s.Title), "apiVersion "+at(s.APIVersion))
		for _, p := range s.Paths {
			out = append(out, "path "+at(p))
		}
		return out
	}
	out = append(out, "package "+at(s.Package))
	for _, x := range s.Services {
		out = append(out, "service "+at(x))
	}
	for _, x := range s.RPCs {
		out = append(out, "rpc "+at(x))
	}
	for _, x := range s.Messages {
		out = append(out, "message "+at(x))
	}
	return out
}

func sniff(t *testing.T, path, text string) (*Spec, bool) {
	t.Helper()
	docs, problems := source.ParseYAML(path, []byte(text), source.DefaultLimits)
	if len(problems) > 0 {
		t.Fatalf("fixture does not parse: %v", problems)
	}
	return Sniff(path, docs)
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name, path, text string
		want             []string
	}{{
		name: "OpenAPI 3 in YAML",
		path: "api/openapi.yaml",
		text: "openapi: 3.0.3\ninfo:\n  title: Cart API\n  version: \"1.4.0\"\npaths:\n  /carts:\n    get: {}\n  /carts/{id}:\n    delete: {}\n  x-internal: {}\ncomponents: {}\n",
		want: []string{"openapi 1:1", "version 1:10 3.0.3", "title 3:10 Cart API", "apiVersion 4:12 1.4.0",
			"path 6:3 /carts", "path 8:3 /carts/{id}"},
	}, {
		name: "OpenAPI 3.1 in JSON",
		path: "api/openapi.json",
		text: "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"T\", \"version\": \"2\"},\n  \"paths\": {\"/a\": {}}\n}\n",
		want: []string{"openapi 2:3", "version 2:14 3.1.0", "title 3:21 T", "apiVersion 3:37 2", "path 4:13 /a"},
	}, {
		name: "Swagger 2.0 unquoted, in the second document",
		path: "swagger.yaml",
		text: "kind: ConfigMap\n---\nswagger: 2.0\ninfo: {title: Legacy}\npaths: {}\n",
		want: []string{"swagger 3:1", "version 3:10 2.0", "title 4:15 Legacy", "apiVersion 0:0 "},
	}, {
		name: "malformed info and paths are skipped",
		path: "openapi.yaml",
		text: "openapi: \"3.0.0\"\ninfo: [a]\npaths: [b]\n",
		want: []string{"openapi 1:1", "version 1:10 3.0.0", "title 0:0 ", "apiVersion 0:0 "},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, ok := sniff(t, tt.path, tt.text)
			if !ok {
				t.Fatal("not recognised")
			}
			if got := render(spec); !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if spec.Path != tt.path || spec.Version.Pos.File != tt.path {
				t.Errorf("Path = %q, version file %q", spec.Path, spec.Version.Pos.File)
			}
		})
	}
}

func TestSniffRejects(t *testing.T) {
	for _, text := range []string{
		"openapi: 2.0\n", "swagger: \"3.0\"\n", "openapi: {a: 1}\n", "info: {title: x}\n",
		"- openapi: 3.0.0\n", "", "apiVersion: v1\nkind: Service\n",
	} {
		if spec, ok := sniff(t, "x.yaml", text); ok {
			t.Errorf("Sniff(%q) = %+v, want no spec", text, spec)
		}
	}
}

const protoFixture = `// Cart service.
syntax = "proto3";

package shop.cart.v1;

import "google/protobuf/empty.proto";

option go_package = "example.com/shop/cart;cartpb";

/* A block comment with a fake
   message Fake { } */
service CartService {
  rpc AddItem(AddItemRequest) returns (google.protobuf.Empty) {
    option (google.api.http) = { post: "/v1/cart" body: "*" };
  }
  rpc GetCart (GetCartRequest) returns (Cart);
}

message Cart {
  string user_id = 1; // message NotThis {
  repeated Item items = 2;
  message Item {
    string product_id = 1 [json_name = "rpc X("];
    enum Kind { KIND_UNSPECIFIED = 0; }
    message Deep {}
  }
  oneof choice { string a = 3; }
}
message AddItemRequest {} message GetCartRequest { string message = 1; }
`

func TestParseProto(t *testing.T) {
	spec, problems := ParseProto("proto/cart.proto", []byte(protoFixture))
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	want := []string{
		"proto 2:1", "version 2:10 proto3", "package 4:9 shop.cart.v1",
		"service 12:9 CartService",
		"rpc 13:7 CartService.AddItem", "rpc 16:7 CartService.GetCart",
		"message 19:9 Cart", "message 22:11 Cart.Item", "message 25:13 Cart.Item.Deep",
		"message 29:9 AddItemRequest", "message 29:35 GetCartRequest",
	}
	if got := render(spec); !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseProtoForms(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"editions", "edition = \"2023\";\npackage a;\n", []string{"proto 1:1", "version 1:11 edition 2023", "package 2:9 a"}},
		{"no syntax, single quotes, unicode columns", "/* é */ package a.b;\nmessage Ünï {}\nmessage B{}", []string{"proto 1:1", "version 0:0 ", "package 1:17 a.b", "message 3:9 B"}},
		{"syntax with single quotes", "syntax = 'proto2';\nmessage M { optional group G = 1 { } }\n", []string{"proto 1:1", "version 1:10 proto2", "package 0:0 ", "message 2:9 M"}},
		{"rpc outside a service is not an rpc", "message M { rpc x = 1; }\nrpc Y(Z) returns (Z);\n", []string{"proto 1:1", "version 0:0 ", "package 0:0 ", "message 1:9 M"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, problems := ParseProto("a.proto", []byte(tt.text))
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			if got := render(spec); !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseProtoProblems(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
		messages   int
	}{
		{"unterminated string", "syntax = \"proto3;\nmessage A {}\n", []string{"a.proto:1:10: syntax error: string is not terminated"}, 1},
		{"unterminated comment", "message A {}\n/* open\nmessage B {}\n", []string{"a.proto:2:1: syntax error: comment is not terminated"}, 1},
		{"unclosed message", "message A {\n  message B {\n", []string{"a.proto:1:1: syntax error: message A is not closed"}, 2},
		{"extra brace", "message A {}\n}\nmessage B {}\n", []string{"a.proto:2:1: syntax error: unexpected }"}, 2},
		{"unclosed option block", "option (x) = {\n", []string{"a.proto:1:14: syntax error: { is not closed"}, 0},
		{"binary", "message A {}\x00", []string{"a.proto:1:13: binary content: NUL byte in a text file"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, problems := ParseProto("a.proto", []byte(tt.text))
			got := sourcetest.Errors(problems)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if len(spec.Messages) != tt.messages {
				t.Errorf("got %d messages, want %d", len(spec.Messages), tt.messages)
			}
		})
	}
}

func TestParseProtoDeepNesting(t *testing.T) {
	text := strings.Repeat("message A { ", 100) + strings.Repeat("}", 100)
	spec, problems := ParseProto("a.proto", []byte(text))
	want := []string{"a.proto:1:769: nesting limit: declarations nested deeper than 64 levels"}
	got := sourcetest.Errors(problems)
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(spec.Messages) != 64 {
		t.Errorf("got %d messages, want 64", len(spec.Messages))
	}
}
