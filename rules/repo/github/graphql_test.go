package github

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// graphqlServer answers POST path with the answers in turn (the last
// repeating) and keeps the queries it was sent.
type graphqlServer struct {
	srv     *httptest.Server
	mu      sync.Mutex
	queries []string
}

type graphqlReply struct {
	status int
	body   string
}

func newGraphQLServer(t *testing.T, path string, replies ...graphqlReply) *graphqlServer {
	t.Helper()
	g := &graphqlServer{}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != path {
			t.Errorf("unexpected %s %s", r.Method, r.URL)
			w.WriteHeader(http.StatusNotFound)
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			t.Errorf("%s: no token", r.URL)
		}
		var req struct {
			Query string `json:"query"`
		}
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &req); err != nil {
			t.Errorf("the request is not JSON: %v", err)
		}
		g.mu.Lock()
		g.queries = append(g.queries, req.Query)
		reply := replies[min(len(g.queries), len(replies))-1]
		g.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(reply.status)
		_, _ = io.WriteString(w, reply.body)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "github", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func graphqlClient(t *testing.T, base, token string) *Client {
	t.Helper()
	c, err := NewClient(ClientOptions{Token: token, BaseURL: base, Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func noSleep(context.Context, time.Duration) error { return nil }

var batchOfEight = []BranchRef{
	{"acme", "shop", "main"}, {"acme", "tools", "main"}, {"acme", "docs", "main"}, {"acme", "site", "main"},
	{"acme", "gone", "main"}, {"acme", "renamed", "main"}, {"acme", "crowded", "main"}, {"acme", "locked", "main"},
}

// TestClassicProtectionsAnswerAsREST: what GraphQL answers plainly reads
// as the REST answer of the same rule does; the rest is left to REST.
func TestClassicProtectionsAnswerAsREST(t *testing.T) {
	g := newGraphQLServer(t, "/api/graphql", graphqlReply{200, readTestdata(t, "graphql/answer.json")})
	got, err := ClassicProtections(context.Background(), graphqlClient(t, g.srv.URL+"/api/v3/", testToken), batchOfEight)
	if err != nil {
		t.Fatal(err)
	}
	var answered []string
	for ref := range got {
		answered = append(answered, ref.Repo)
	}
	sort.Strings(answered)
	if want := []string{"docs", "shop", "tools"}; !reflect.DeepEqual(answered, want) {
		t.Fatalf("answered %v, want %v", answered, want)
	}
	if len(g.queries) != 1 {
		t.Fatalf("%d queries, want 1", len(g.queries))
	}
	for i, ref := range batchOfEight {
		alias := regexp.MustCompile(`\br` + string(rune('0'+i)) + `: repository\(owner: "acme", name: "` + ref.Repo + `"\) \{ \.\.\.protection \}`)
		if !alias.MatchString(g.queries[0]) {
			t.Errorf("the query does not ask about %s as r%d:\n%s", ref.Repo, i, g.queries[0])
		}
	}

	at := Origin{Source: classicSource}
	for repo, restFile := range map[string]string{"shop": "protected/protection.json", "tools": "graphql/weak-protection.json"} {
		ex := got[BranchRef{"acme", repo, "main"}]
		if ex.Status != http.StatusOK || ex.Via != ViaGraphQL || ex.Path != "repos/acme/"+repo+"/branches/main/protection" {
			t.Fatalf("%s: %+v", repo, ex)
		}
		var viaGraphQL, viaREST protectionJSON
		if err := json.Unmarshal(ex.Body, &viaGraphQL); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(readTestdata(t, restFile)), &viaREST); err != nil {
			t.Fatal(err)
		}
		if a, b := classicFromJSON(&viaGraphQL, at), classicFromJSON(&viaREST, at); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: through GraphQL\n%+v\nover REST\n%+v", repo, a, b)
		}
	}
	if docs := got[BranchRef{"acme", "docs", "main"}]; !NotProtected(docs) || docs.Via != ViaGraphQL {
		t.Errorf("docs: %+v, want REST's 404 Branch not protected", docs)
	}
}

// TestClassicProtectionsBatches: fifty repositories a query, at the
// GraphQL endpoint beside each kind of API root.
func TestClassicProtectionsBatches(t *testing.T) {
	for _, tc := range []struct{ root, endpoint string }{
		{"/api/v3/", "/api/graphql"}, // Enterprise Server
		{"/", "/graphql"},            // api.github.com
	} {
		g := newGraphQLServer(t, tc.endpoint, graphqlReply{200, `{"data": {}}`})
		refs := make([]BranchRef, 120)
		for i := range refs {
			refs[i] = BranchRef{"acme", "repo-" + string(rune('a'+i/26)) + string(rune('a'+i%26)), "main"}
		}
		got, err := ClassicProtections(context.Background(), graphqlClient(t, g.srv.URL+tc.root, testToken), refs)
		if err != nil || len(got) != 0 {
			t.Fatalf("%v %v", got, err)
		}
		var sizes []int
		for _, q := range g.queries {
			sizes = append(sizes, strings.Count(q, "repository(owner:"))
		}
		if !reflect.DeepEqual(sizes, []int{50, 50, 20}) {
			t.Errorf("%s: batches of %v", tc.endpoint, sizes)
		}
	}
}

// TestClassicProtectionsLeaveToREST: no token, a failing or missing
// endpoint, an error about the whole query: nothing is answered, nothing
// fails.
func TestClassicProtectionsLeaveToREST(t *testing.T) {
	answer := readTestdata(t, "graphql/answer.json")
	for name, tc := range map[string]struct {
		token   string
		replies []graphqlReply
		queries int
	}{
		"no token":            {"", []graphqlReply{{200, answer}}, 0},
		"no GraphQL endpoint": {testToken, []graphqlReply{{404, `{"message": "Not Found"}`}}, 1},
		"server errors":       {testToken, []graphqlReply{{502, `{}`}}, 5},
		"query error":         {testToken, []graphqlReply{{200, `{"errors": [{"message": "Field 'x' doesn't exist on type 'Repository'"}]}`}}, 1},
		"not JSON":            {testToken, []graphqlReply{{200, `<html>`}}, 1},
	} {
		t.Run(name, func(t *testing.T) {
			g := newGraphQLServer(t, "/api/graphql", tc.replies...)
			got, err := ClassicProtections(context.Background(), graphqlClient(t, g.srv.URL+"/api/v3/", tc.token), batchOfEight)
			if err != nil || len(got) != 0 {
				t.Errorf("got %v, %v; want nothing", got, err)
			}
			if len(g.queries) != tc.queries {
				t.Errorf("%d queries, want %d", len(g.queries), tc.queries)
			}
		})
	}
	t.Run("server error then answer", func(t *testing.T) {
		g := newGraphQLServer(t, "/api/graphql", graphqlReply{502, `{}`}, graphqlReply{200, answer})
		got, err := ClassicProtections(context.Background(), graphqlClient(t, g.srv.URL+"/api/v3/", testToken), batchOfEight)
		if err != nil || len(got) != 3 || len(g.queries) != 2 {
			t.Errorf("got %d answers after %d queries, %v; want 3 after 2", len(got), len(g.queries), err)
		}
	})
}

// TestFetchWithGivenProtection: classic protection given is not asked,
// and one given for another repository is refused.
func TestFetchWithGivenProtection(t *testing.T) {
	f := newFakeOrg(t)
	c := f.client(t)
	given := &Exchange{Path: "repos/acme/org-a/branches/main/protection", Status: http.StatusNotFound, Via: ViaGraphQL,
		Body: json.RawMessage(`{"message":"` + branchNotProtected + `"}`)}
	snap, err := FetchWith(context.Background(), c, "acme", "org-a", FetchOptions{Repository: listed("org-a"), Protection: given, BranchIfUnprotected: true})
	if err != nil {
		t.Fatal(err)
	}
	asked := f.count(func(p string) bool {
		return strings.HasSuffix(p, "/protection") || strings.HasSuffix(p, "/branches/main")
	})
	if snap.Protection != given || snap.Branch != nil || asked != 0 {
		t.Errorf("protection %+v, branch %+v, hits %v", snap.Protection, snap.Branch, f.hits)
	}
	if _, err := FetchWith(context.Background(), c, "acme", "org-b", FetchOptions{Repository: listed("org-b"), Protection: given}); err == nil {
		t.Error("a protection answer about org-a was taken for org-b")
	}
}
