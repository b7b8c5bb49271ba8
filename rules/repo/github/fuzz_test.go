package github

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzFromSnapshot: a stored snapshot is a file a user hands lockstep
// (`--settings-snapshot`); whatever it holds is read as settings or
// rejected, and a property it cannot establish stays unknown.
func FuzzFromSnapshot(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join(snapshotDir, "rulesets-only.json")); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"version":1,"owner":"a","repo":"b","repository":{"path":"repos/a/b","status":200,"body":{"default_branch":"main"}},"protection":{"status":404}}`))
	f.Add([]byte(`{"version":1,"repository":{"status":200,"body":[]},"rules":[{"status":200,"body":[{"type":"pull_request","parameters":null}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var snap Snapshot
		if json.Unmarshal(data, &snap) != nil {
			return
		}
		s, err := FromSnapshot(&snap)
		if err != nil {
			return
		}
		if s == nil || s.Protection == nil || s.Classic == nil {
			t.Fatalf("FromSnapshot gave incomplete settings without an error: %+v", s)
		}
		_ = render(s)
	})
}

// FuzzOriginURL: a .git/config is read from the repository under check;
// credentials written into a remote URL never reach a message.
func FuzzOriginURL(f *testing.F) {
	f.Add([]byte("[remote \"origin\"]\n\turl = https://github.com/acme/shop.git\n"), "github.com/acme/shop")
	f.Add([]byte("[Remote \"origin\"] url = \"git@github.com:a/b\" ; c\n"), "host:a/b")
	f.Add([]byte("[remote \"origin\"]\nurl=ssh://git@h:22/a/b\\\n"), "/srv/x.git")
	f.Fuzz(func(t *testing.T, config []byte, rest string) {
		if u, ok := originURL(config); ok {
			if owner, repo, err := ownerRepoFromURL(u); err == nil && (!validName(owner) || !validName(repo)) {
				t.Fatalf("%q: invalid owner/repo %q/%q accepted", u, owner, repo)
			}
		}
		const secret = "tok3n-s3cret"
		if strings.Contains(rest, "s3cret") {
			return
		}
		for _, u := range []string{"https://" + secret + "@" + rest, secret + "@" + rest, "ssh://git:" + secret + "@" + rest} {
			if _, _, err := ownerRepoFromURL(u); err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Fatalf("%q: error shows the credentials: %v", u, err)
			}
		}
	})
}

// FuzzProtectionAnswers: GraphQL's answer is read as REST answers for the
// refs it names and nothing else, each one an answer the REST decoder
// takes: a protection that decodes, or the 404 "Branch not protected".
func FuzzProtectionAnswers(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "github", "graphql", "answer.json")); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"data":{"r0":{"viewerCanAdminister":true,"defaultBranchRef":{"name":"main","branchProtectionRule":{"requiresStatusChecks":true,"requiredStatusChecks":[{"context":"x","app":{}}]}}}}}`))
	f.Add([]byte(`{"data":null,"errors":[{"path":[0]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		refs := batchOfEight[:3]
		for ref, ex := range protectionAnswers(refs, data) {
			if ref != refs[0] && ref != refs[1] && ref != refs[2] {
				t.Fatalf("an answer for %v, which was not asked", ref)
			}
			var pj protectionJSON
			switch {
			case ex.Status == 404 && NotProtected(ex):
			case ex.Status == 200 && json.Unmarshal(ex.Body, &pj) == nil:
				_ = classicFromJSON(&pj, Origin{Source: classicSource})
			default:
				t.Fatalf("%v: an answer the decoder does not take: %+v", ref, ex)
			}
		}
	})
}
