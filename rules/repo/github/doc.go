// Package github reads a repository's merge gates — branch protection,
// rulesets, deployment environments — into one model, Settings, from
// three sources:
//
//   - ParseSettingsFile: .github/settings.yml of the settings app, the
//     declared state, every setting at its file:line:col;
//   - Fetch then FromSnapshot: the GitHub REST API, now;
//   - FromSnapshot on a Snapshot read back from JSON: a recorded answer
//     (`lockstep settings dump`, `--settings-snapshot`).
//
// Every setting is tri-state. Unknown is the zero value and never reads
// as a pass: what could not be read is Unknown with a reason, and the
// Settings' Gaps say what was not read, why, and which permission would
// fix it (LS003). Every known setting carries its Origin: a position in
// the settings file, or for live settings the source that decided it
// ("classic branch protection", `ruleset "main" (organization acme)`),
// reported at Settings.Location.
//
// Settings.Protection is the effective protection of the default branch:
// classic protection and every active ruleset that applies to it, merged
// so that the most restrictive value wins. A setting is known when a
// readable source imposes the restrictive value, or when every source is
// readable and none does; otherwise it is Unknown.
//
// For an organization audit, ListRepositories and GetRepository find the
// repositories, Tarball streams one's default branch, and FetchWith reads
// its settings with fewer requests than Fetch (FetchOptions); a Client
// reports its waits and requests (ClientOptions.OnWait, OnAttempt), and
// the httpcache subpackage makes unchanged answers free.
//
// Live reading classifies GitHub's answers as the research notes require:
// only a 404 "Branch not protected" means unprotected; any other 404 or a
// 403 means the token cannot read protection; "Upgrade to GitHub Pro"
// means the plan has none; 5xx, network failures and rate limits are
// retried within bounds, then reported. The token is sent to the API host
// only and never appears in errors, snapshots or Settings.
package github
