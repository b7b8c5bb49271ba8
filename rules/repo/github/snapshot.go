package github

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"
)

// SnapshotVersion is the Snapshot format this package writes and reads.
const SnapshotVersion = 1

// Snapshot is GitHub's raw answers about one repository's settings, as
// Fetch received them. It round-trips through JSON (`lockstep settings
// dump`), and FromSnapshot reads a fresh one and a stored one alike. It
// holds no credentials.
type Snapshot struct {
	Version int    `json:"version"`
	API     string `json:"api"` // the API root asked
	Owner   string `json:"owner"`
	Repo    string `json:"repo"`
	// Authenticated says a token was sent, which decides how a refusal
	// reads: "no token" or "the token lacks a permission".
	Authenticated bool      `json:"authenticated"`
	Fetched       time.Time `json:"fetched"`

	Repository *Exchange `json:"repository"`
	// Branch is the default branch, asked only with
	// FetchOptions.BranchFirst: when it says the branch is not
	// protected, Protection is not asked.
	Branch         *Exchange   `json:"branch,omitempty"`
	Protection     *Exchange   `json:"protection,omitempty"`
	Rules          []*Exchange `json:"rules,omitempty"`    // rules for the default branch, by page
	Rulesets       []*Exchange `json:"rulesets,omitempty"` // the ruleset list, by page
	RulesetDetails []*Exchange `json:"ruleset_details,omitempty"`
	Environments   []*Exchange `json:"environments,omitempty"` // by page
	// NotAsked names what was left out on purpose (FetchOptions):
	// NotAskedEnvironments, NotAskedRulesetList. Absent from Fetch's.
	NotAsked []string `json:"not_asked,omitempty"`

	live bool // set by Fetch; a decoded snapshot reads as recorded
}

// Exchange is one request and GitHub's final answer to it.
type Exchange struct {
	Path     string            `json:"path"`             // relative to the API root, query included
	Status   int               `json:"status,omitempty"` // 0 when no answer came
	Header   map[string]string `json:"header,omitempty"` // the headers that explain a refusal
	Body     json.RawMessage   `json:"body,omitempty"`
	Error    string            `json:"error,omitempty"` // why there is no answer
	Attempts int               `json:"attempts,omitempty"`
	// Via is ViaGraphQL for an answer read through GitHub's GraphQL API
	// and written as the REST API gives it (ClassicProtections).
	Via string `json:"via,omitempty"`
}

// ViaGraphQL marks an Exchange that GraphQL answered.
const ViaGraphQL = "graphql"

// OK reports a successful answer.
func (e *Exchange) OK() bool { return e != nil && e.Status >= 200 && e.Status < 300 }

// explanatoryHeaders are the response headers that explain a refusal or
// a rate limit. Nothing else is kept: a snapshot is meant to be shared.
var explanatoryHeaders = []string{
	"X-Accepted-Github-Permissions",
	"X-Oauth-Scopes",
	"X-Ratelimit-Limit",
	"X-Ratelimit-Remaining",
	"X-Ratelimit-Reset",
	"X-Ratelimit-Resource",
	"Retry-After",
}

func keptHeaders(h http.Header, redact func(string) string) map[string]string {
	var out map[string]string
	for _, name := range explanatoryHeaders {
		if v := h.Get(name); v != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[name] = redact(v)
		}
	}
	return out
}

// rawJSON keeps a body as JSON: as is when it is JSON, else as a string.
func rawJSON(b []byte) json.RawMessage {
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	if json.Valid(b) {
		return json.RawMessage(b)
	}
	s, _ := json.Marshal(string(b))
	return s
}

// ReadSnapshotFile reads settings from a snapshot written by
// `lockstep settings dump`.
func ReadSnapshotFile(name string) (*Settings, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var snap Snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return nil, fmt.Errorf("%s is not a settings snapshot: %w", name, err)
	}
	return FromSnapshot(&snap)
}

// asked reports whether the fetch asked for what (a NotAsked value).
func (s *Snapshot) asked(what string) bool { return !slices.Contains(s.NotAsked, what) }
