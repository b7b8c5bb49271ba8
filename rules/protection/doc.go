// Package protection holds the LS2xx rules: the merge gates of the default
// branch and the deployment environments. A service can be deployed on its
// own, at any time, only if what reaches its default branch has passed the
// same gates every time: protection that nobody bypasses, a review, status
// checks that test, lint, scan and dry-run the change on top of the
// current branch, a history nobody rewrites, and a production environment
// that only reviewed code from protected branches can deploy to.
//
// The rules read Repo.Settings, the repository's settings as lockstep
// knows them: declared in .github/settings.yml, read live from GitHub, or
// recorded in a snapshot. Every setting is tri-state, and a rule whose
// setting is Unknown stays silent: LS003 reports what could not be read.
// Findings about the settings file sit at the key that decides the
// setting; findings about settings read from GitHub sit at the
// repository's logical location (github:OWNER/REPO@BRANCH) and name the
// source that decided the setting.
//
// Each rule is one file with its Markdown documentation beside it.
package protection
