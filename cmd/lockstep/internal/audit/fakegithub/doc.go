// Package fakegithub is a fake GitHub for testing and benchmarking
// `lockstep audit`: an httptest server that serves a generated
// organization through GitHub's REST paths and JSON shapes, counts
// requests the way GitHub meters them, and injects the faults an audit of
// a thousand repositories meets in practice.
//
// # The organization
//
// Generate builds an Org from a seed: the same OrgOptions give the same
// repositories, settings, commit SHAs and tarball bytes. Each repository
// has a Kind that decides its contents (see Kind) and a settings profile
// (classic protection, rulesets, environments). Files and tarballs are
// made on first use and tarballs are cached, so generating 1,000
// repositories takes milliseconds; huge repositories are streamed on
// every download and never held in memory.
//
// # Hosts and paths
//
// One listener serves two host names, so that "the token goes to the API
// host only" can be checked:
//
//	http://127.0.0.1:PORT/api/v3/   the API root (URL), as on GitHub Enterprise Server
//	http://localhost:PORT/codeload/ what codeload.github.com is on github.com
//
// The API answers GET orgs/{org}/repos, users/{user}/repos,
// orgs/{org}/rulesets[/{id}], repos/{o}/{r}, repos/{o}/{r}/tarball[/{ref}]
// (302 to the codeload host), repos/{o}/{r}/branches/{b}[/protection],
// repos/{o}/{r}/commits/{ref}, repos/{o}/{r}/rules/branches/{b},
// repos/{o}/{r}/rulesets[/{id}] and repos/{o}/{r}/environments; and POST
// /api/graphql, beside the API root as on Enterprise Server, for the
// repository root field with its default branch and that branch's classic
// protection rule (graphql.go; it shares the REST rate limit, where GitHub
// meters GraphQL apart, which only makes the fake stricter). Anything
// else is a JSON 404, and any other path outside /api/v3/ is also counted as
// stray (a client that built an absolute path by mistake).
//
// # Metering
//
// Every API request must carry "Authorization: Bearer TOKEN" (or "token
// TOKEN"); others get 401 and are not metered. Every other API answer
// counts against the rate limit except a 304: JSON answers carry a strong
// ETag and If-None-Match is honoured, as GitHub does. Downloads from the
// codeload host are not metered either. Each answer carries the
// X-RateLimit-* headers. Stats reports what was counted.
//
// # Faults
//
// Faults are deterministic for a seed and chosen per request path, so
// that concurrent clients meet the same faults whatever their order.
// Transient ones (5xx bursts, secondary rate limits, stalls, a truncated
// first download, primary rate-limit exhaustion) go away on retry, so an
// audit that retries well gives the same results as a fault-free run.
// Permanent ones are part of the organization (broken archives, empty and
// huge repositories) or chosen by Faults.Deleted (a repository deleted
// right after it was first listed).
package fakegithub
