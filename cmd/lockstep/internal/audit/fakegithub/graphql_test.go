package fakegithub

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func postGraphQL(t *testing.T, s *Server, query string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	req, _ := http.NewRequest(http.MethodPost, strings.TrimSuffix(s.URL(), "v3/")+"graphql", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestGraphQLAnswersAsGitHub: aliases, fragments and inline fragments are
// resolved; a repository that does not exist is null with a NOT_FOUND
// error at its alias; an unknown field fails the whole query.
func TestGraphQLAnswersAsGitHub(t *testing.T) {
	s := start(t, OrgOptions{Name: "acme", Repos: 40, Seed: 1}, Options{})
	var weak *Repo
	for _, r := range s.org.Repos() {
		if r.Settings.Profile == ClassicWeak && r.Kind != Empty {
			weak = r
			break
		}
	}
	if weak == nil {
		t.Fatal("no repository with classic protection")
	}
	status, body := postGraphQL(t, s, `query {
  a: repository(owner: "ACME", name: "`+weak.Name+`") { ...p }
  b: repository(owner: "acme", name: "nope") { ...p }
}
fragment p on Repository {
  viewerCanAdminister
  defaultBranchRef { name branchProtectionRule { allowsForcePushes bypassPullRequestAllowances(first: 100) {
    nodes { actor { __typename ... on User { login databaseId } ... on Team { slug } } } } } }
}`)
	want := `{"data":{"a":{"defaultBranchRef":{"branchProtectionRule":{"allowsForcePushes":true,` +
		`"bypassPullRequestAllowances":{"nodes":[{"actor":{"__typename":"User","databaseId":8800001,"login":"deploy-bot"}}]}},` +
		`"name":"` + weak.DefaultBranch + `"},"viewerCanAdminister":true},"b":null},` +
		`"errors":[{"message":"Could not resolve to a Repository with the name 'acme/nope'.","path":["b"],"type":"NOT_FOUND"}]}`
	if status != http.StatusOK || body != want {
		t.Errorf("%d %s\nwant %s", status, body, want)
	}

	status, body = postGraphQL(t, s, `query { repository(owner: "acme", name: "`+weak.Name+`") { viewerCanAdminister branchProtection } }`)
	if want := `{"errors":[{"message":"Field 'branchProtection' doesn't exist on type 'Repository'"}]}`; status != http.StatusOK || body != want {
		t.Errorf("%d %s\nwant %s", status, body, want)
	}
}
