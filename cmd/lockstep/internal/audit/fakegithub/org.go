package fakegithub

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// Kind is what a generated repository holds, and so what lockstep should
// make of it.
type Kind string

const (
	// BigBang is a monorepo of several services released together: a
	// scheduled release train that builds every service and deploys an
	// umbrella chart (LS101-LS105).
	BigBang Kind = "big-bang"
	// Independent is one service with its own workflow that tests on pull
	// requests and deploys on push to the default branch.
	Independent Kind = "independent"
	// Coupled holds a few services that build in one shared module of the
	// repository through replace directives (LS402).
	Coupled Kind = "coupled"
	// SettingsFile is an independent service that also declares its
	// branch protection in .github/settings.yml.
	SettingsFile Kind = "settings-file"
	// InvalidYAML is an independent service whose workflow does not parse
	// (LS001).
	InvalidYAML Kind = "invalid-yaml"
	// Library is a Go library: tests in CI, nothing deployed.
	Library Kind = "library"
	// Empty has no commits: the listing shows size 0 and the archive
	// cannot be downloaded.
	Empty Kind = "empty"
	// Huge has a tarball of about OrgOptions.HugeBytes, incompressible
	// filler included, streamed on every download.
	Huge Kind = "huge"
	// Broken is served as a gzip stream that is cut short or corrupt on
	// every download.
	Broken Kind = "broken"
)

// Kinds lists every Kind in a fixed order.
var Kinds = []Kind{BigBang, Independent, Coupled, SettingsFile, InvalidYAML, Library, Empty, Huge, Broken}

// DefaultMix is the share of each kind per thousand repositories.
var DefaultMix = map[Kind]int{
	Independent: 400, BigBang: 150, Library: 120, Coupled: 100, SettingsFile: 80,
	InvalidYAML: 50, Empty: 40, Huge: 30, Broken: 30,
}

// OrgOptions shape a generated organization.
type OrgOptions struct {
	Name  string // the organization's login; "acme" when empty
	Repos int
	Seed  int64
	// User makes the owner a user account: its repositories are listed
	// under users/NAME/repos and orgs/NAME/repos is a 404.
	User bool
	// Mix weighs the kinds; nil means DefaultMix. When there are at
	// least as many repositories as weighted kinds, each gets one.
	Mix map[Kind]int
	// HugeBytes is the approximate size of a Huge repository's tarball;
	// 0 means 32 MiB.
	HugeBytes int64
	// Epoch is the latest time a repository was pushed to before any
	// Touch; zero means 2025-01-01T00:00:00Z. Fixed so runs compare.
	Epoch time.Time
}

// Org is a generated organization. It is safe for concurrent use; a Repo
// it returns is never changed afterwards (Touch replaces it).
type Org struct {
	Name      string
	User      bool
	Seed      int64
	HugeBytes int64
	// Rulesets are the organization's own rulesets; some apply to every
	// repository's default branch.
	Rulesets []*Ruleset

	mu     sync.RWMutex
	repos  []*Repo
	byName map[string]int
}

// Repo is one repository as GitHub would describe it. Touch replaces a
// Repo rather than changing it, so a *Repo may be read without locks.
type Repo struct {
	ID            int64
	Owner         string
	Name          string
	Kind          Kind
	DefaultBranch string
	Private       bool
	Archived      bool
	Fork          bool
	CreatedAt     time.Time
	PushedAt      time.Time
	// SizeKB is what the listing's "size" says: GitHub's disk usage in
	// KiB, 0 for an empty repository.
	SizeKB int
	// SHA is the head commit of the default branch; "" for Empty.
	SHA string
	// Revision counts Touch calls; it is part of the contents.
	Revision int
	Settings Settings

	seed    uint64
	huge    int64 // filler bytes of a Huge repository
	archive *archiveCache
}

// FullName is OWNER/NAME.
func (r *Repo) FullName() string { return r.Owner + "/" + r.Name }

// ShortSHA is the seven-character SHA that names the tarball's top
// directory.
func (r *Repo) ShortSHA() string {
	if len(r.SHA) < 7 {
		return r.SHA
	}
	return r.SHA[:7]
}

// TopDir is the directory every member of the tarball is under,
// OWNER-REPO-SHORTSHA, as GitHub names it.
func (r *Repo) TopDir() string { return r.Owner + "-" + r.Name + "-" + r.ShortSHA() }

// Downloadable reports whether the archive can be downloaded at all.
func (r *Repo) Downloadable() bool { return r.Kind != Empty }

var words = []string{"orders", "payments", "catalog", "cart", "users", "search", "pricing", "shipping",
	"inventory", "billing", "ledger", "gateway", "reviews", "ratings", "media", "mailer"}

// Generate builds an organization. The same options give the same
// organization, byte for byte.
func Generate(o OrgOptions) *Org {
	if o.Name == "" {
		o.Name = "acme"
	}
	if o.HugeBytes <= 0 {
		o.HugeBytes = 32 << 20
	}
	if o.Epoch.IsZero() {
		o.Epoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	mix := o.Mix
	if mix == nil {
		mix = DefaultMix
	}
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x6c6f636b73746570))
	kinds := allocate(o.Repos, mix)
	rng.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })

	org := &Org{Name: o.Name, User: o.User, Seed: o.Seed, HugeBytes: o.HugeBytes, byName: map[string]int{}}
	if !o.User {
		org.Rulesets = orgRulesets(o.Name)
	}
	for i, kind := range kinds {
		r := newRepo(rng, org, i, kind, o.Epoch)
		org.byName[r.Name] = len(org.repos)
		org.repos = append(org.repos, r)
	}
	return org
}

// allocate gives each weighted kind its share of n by largest
// remainder, in Kinds order. When n allows, a kind whose share rounds to
// nothing takes one from the largest, so a small organization still has
// every kind.
func allocate(n int, mix map[Kind]int) []Kind {
	var weighted []Kind
	total := 0
	for _, k := range Kinds {
		if mix[k] > 0 {
			weighted = append(weighted, k)
			total += mix[k]
		}
	}
	if n <= 0 || total == 0 {
		return nil
	}
	count := map[Kind]int{}
	type share struct {
		kind Kind
		frac int
	}
	var shares []share
	given := 0
	for _, k := range weighted {
		count[k] = n * mix[k] / total
		given += count[k]
		shares = append(shares, share{k, n * mix[k] % total})
	}
	slices.SortStableFunc(shares, func(a, b share) int { return b.frac - a.frac })
	for i := 0; given < n; i++ {
		count[shares[i].kind]++
		given++
	}
	if n >= len(weighted) {
		for _, k := range weighted {
			if count[k] == 0 {
				largest := slices.MaxFunc(weighted, func(a, b Kind) int { return count[a] - count[b] })
				count[largest]--
				count[k]++
			}
		}
	}
	var out []Kind
	for _, k := range weighted {
		for range count[k] {
			out = append(out, k)
		}
	}
	return out
}

func newRepo(rng *rand.Rand, org *Org, i int, kind Kind, epoch time.Time) *Repo {
	word := words[rng.IntN(len(words))]
	r := &Repo{
		ID:            int64(700000 + i),
		Owner:         org.Name,
		Name:          repoName(kind, word, i),
		Kind:          kind,
		DefaultBranch: "main",
		Private:       rng.IntN(100) < 60,
		seed:          rng.Uint64(),
	}
	switch p := rng.IntN(100); {
	case p < 10:
		r.DefaultBranch = "master"
	case p < 14:
		r.DefaultBranch = "trunk"
	}
	if kind != Empty && kind != Huge && kind != Broken {
		r.Archived = rng.IntN(100) < 3
		r.Fork = !r.Archived && rng.IntN(100) < 3
	}
	age := time.Duration(rng.Int64N(int64(3 * 365 * 24 * time.Hour)))
	r.CreatedAt = epoch.Add(-age).Truncate(time.Second)
	r.PushedAt = r.CreatedAt.Add(time.Duration(rng.Int64N(int64(age)))).Truncate(time.Second)
	switch kind {
	case Empty:
		r.PushedAt = r.CreatedAt
	case Huge:
		r.huge = org.HugeBytes
		r.SizeKB = int(org.HugeBytes>>10)*2 + rng.IntN(4096)
	case BigBang:
		r.SizeKB = 4000 + rng.IntN(60000)
	default:
		r.SizeKB = 40 + rng.IntN(3000)
	}
	if kind != Empty {
		r.SHA = commitSHA(org.Seed, r.Name, 0)
	}
	r.Settings = newSettings(rng, r)
	r.archive = &archiveCache{}
	return r
}

func repoName(kind Kind, word string, i int) string {
	switch kind {
	case BigBang:
		return fmt.Sprintf("%s-platform-%04d", word, i)
	case Coupled:
		return fmt.Sprintf("%s-suite-%04d", word, i)
	case Library:
		return fmt.Sprintf("go-%s-%04d", word, i)
	case Empty:
		return fmt.Sprintf("sandbox-%s-%04d", word, i)
	case Huge:
		return fmt.Sprintf("%s-assets-%04d", word, i)
	}
	return fmt.Sprintf("%s-svc-%04d", word, i)
}

func commitSHA(seed int64, name string, revision int) string {
	sum := sha1.Sum(fmt.Appendf(nil, "%d/%s/%d", seed, name, revision))
	return hex.EncodeToString(sum[:])
}

// Repos returns the repositories in creation order.
func (o *Org) Repos() []*Repo {
	o.mu.RLock()
	defer o.mu.RUnlock()
	return slices.Clone(o.repos)
}

// Repo returns the repository called name, or nil.
func (o *Org) Repo(name string) *Repo {
	o.mu.RLock()
	defer o.mu.RUnlock()
	i, ok := o.byName[name]
	if !ok {
		return nil
	}
	return o.repos[i]
}

// Touch stands for a push to the default branch of name: a new head
// commit (SHA), a later pushed_at, slightly different contents, and so
// new ETags for the repository and the listing pages that show it. It
// returns the new Repo, or nil when there is no such repository. An empty
// repository stays empty: its pushed_at moves and nothing else.
func (o *Org) Touch(name string) *Repo {
	o.mu.Lock()
	defer o.mu.Unlock()
	i, ok := o.byName[name]
	if !ok {
		return nil
	}
	r := *o.repos[i]
	r.Revision++
	r.PushedAt = r.PushedAt.Add(time.Hour)
	if r.SHA != "" {
		r.SHA = commitSHA(o.Seed, r.Name, r.Revision)
	}
	r.archive = &archiveCache{}
	o.repos[i] = &r
	return &r
}

// CountByKind counts the repositories of each kind.
func (o *Org) CountByKind() map[Kind]int {
	out := map[Kind]int{}
	for _, r := range o.Repos() {
		out[r.Kind]++
	}
	return out
}
