// Package record is the data an organization audit produces: one Record
// per repository, written as a JSON line the moment the repository is
// done, and the Run header that says which audit the lines belong to.
// The runner writes these, `lockstep merge` reads them, and every report
// (JSON, Markdown, HTML) is rendered from them alone, so a report can be
// rebuilt from an output directory without asking GitHub again.
//
// A Record holds nothing that varies between two audits of an unchanged
// organization (no timestamps, no request counts): an interrupted and
// resumed audit, a sharded and merged one and a plain one give the same
// records byte for byte. What does vary lives in Stats.
package record

import (
	"encoding/json"
	"fmt"
	"time"
)

// Version is the version of the records' schema (docs/audit.md). It
// changes only when a field is removed or changes meaning.
const Version = 1

// Status is how the audit of one repository ended.
type Status string

const (
	// OK means the repository was downloaded and every rule ran.
	OK Status = "ok"
	// Failed means the repository could not be audited for a reason that will
	// not go away by asking again in a minute (deleted, empty, too large,
	// no permission, a broken archive). Reason says which.
	Failed Status = "failed"
)

// Record is the audit of one repository.
type Record struct {
	Version    int    `json:"version"`
	Repository string `json:"repository"` // OWNER/NAME
	// DefaultBranch is the branch whose contents were audited.
	DefaultBranch string `json:"default_branch,omitempty"`
	Status        Status `json:"status"`
	// Reason says why the audit failed, in words for a person.
	Reason string `json:"reason,omitempty"`
	// Archived and Fork are set for repositories audited because the
	// user asked for them (--archived, --forks).
	Archived bool `json:"archived,omitempty"`
	Fork     bool `json:"fork,omitempty"`
	// ConfigError is the error in the repository's own .lockstep.yml;
	// the repository was then audited with lockstep's defaults.
	ConfigError string `json:"config_error,omitempty"`
	// Files and Services count what the model of the repository holds.
	Files    int `json:"files"`
	Services int `json:"services"`
	// Settings says where the branch-protection settings came from:
	// "github" (the API), "settings.yml" (.github/settings.yml in the
	// repository) or "none".
	Settings string `json:"settings,omitempty"`
	// SettingsGaps are what GitHub would not say (e.g. "classic branch
	// protection: the token lacks Administration: read"), so a reader
	// knows what the protection findings could not see.
	SettingsGaps []string `json:"settings_gaps,omitempty"`
	// Findings are sorted as lockstep check sorts them. Suppressions and
	// the repository's own .lockstep.yml apply; baselines do not (an
	// audit asks how things stand, not what is new).
	Findings []Finding `json:"findings"`
	// Graph is the service graph of the repository when it has at least
	// one edge between services, for the report's coupling view.
	Graph *Graph `json:"graph,omitempty"`
}

// Finding is one finding of one repository; the fields are those of
// `lockstep check --format json` (docs/output.md), less the remediation
// and doc URL, which are the same for every finding of a rule and live
// once per rule in the report.
type Finding struct {
	Rule        string    `json:"rule"`
	Name        string    `json:"name"`
	Category    string    `json:"category"`
	Severity    string    `json:"severity"`
	Message     string    `json:"message"`
	Path        string    `json:"path,omitempty"`
	Line        int       `json:"line,omitempty"`
	Column      int       `json:"column,omitempty"`
	Logical     string    `json:"logical,omitempty"`
	Related     []Related `json:"related,omitempty"`
	Fingerprint string    `json:"fingerprint"`
}

// Related is a secondary location of a finding.
type Related struct {
	Path    string `json:"path,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Logical string `json:"logical,omitempty"`
	Message string `json:"message"`
}

// Graph is a repository's service graph, reduced to what a picture needs.
type Graph struct {
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
}

// Node is a service, shared module or topic.
type Node struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // service, module, topic
	Name string `json:"name"`
}

// Edge is a dependency of From on To; Sync edges are the ones that force
// deploy order (calls, API clients, waits).
type Edge struct {
	From string `json:"from"`
	To   string `json:"to"`
	Kind string `json:"kind"`
	Sync bool   `json:"sync"`
}

// Run is the header of an output directory: which audit its records
// belong to. Resume refuses a directory whose Run differs from the
// command line's in anything but Stats, and merge refuses to combine
// shards of different audits.
type Run struct {
	Version int    `json:"version"`
	Tool    string `json:"tool"` // lockstep's version
	// Target is what was audited: "org:NAME", "user:NAME" or
	// "repos-from:SHA256" (of the file's sorted lines).
	Target string `json:"target"`
	API    string `json:"api"` // the API root, e.g. https://api.github.com/
	// Options is a digest of every option that changes records (globs,
	// --archived, --forks, rule toggles); see Audit.OptionsDigest.
	Options string    `json:"options"`
	Shard   Shard     `json:"shard"`
	Started time.Time `json:"started"`
	// Repositories is how many repositories this shard was assigned after
	// filtering, so merge can tell an unfinished shard.
	Repositories int `json:"repositories"`
}

// Shard is this run's share of the repositories: Index of Count, from 0.
// Count 1 is the whole audit.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Stats is what an audit cost; it varies from run to run and is kept out
// of records.
type Stats struct {
	Requests        int           `json:"requests"`         // requests GitHub counted against the rate limit
	NotModified     int           `json:"not_modified"`     // 304 answers (free)
	CachedArchives  int           `json:"cached_archives"`  // repository archives reused from the cache
	Retries         int           `json:"retries"`          // attempts repeated after 5xx, network errors or limits
	RateLimitWaits  int           `json:"rate_limit_waits"` // times the audit waited for a rate limit
	RateLimitWaited time.Duration `json:"rate_limit_waited_ns"`
	Elapsed         time.Duration `json:"elapsed_ns"`
}

// Marshal is the record's JSON line, without the newline.
func (r *Record) Marshal() ([]byte, error) {
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	r.Version = Version
	return json.Marshal(r)
}
