package bigbang

import (
	"regexp"
	"strings"
)

// imageRef is an image reference split into the parts the rules compare.
type imageRef struct {
	repo string // everything before the tag: "ghcr.io/acme/cart"
	name string // the last path segment of repo: "cart"
	tag  string // "" when absent; an expression or variable as written
}

// parseImage splits "registry/path/name:tag@digest". A digest-pinned
// reference has no tag worth comparing, so its tag is dropped.
func parseImage(ref string) imageRef {
	ref = strings.Trim(strings.TrimSpace(ref), `"'`)
	if i := strings.Index(ref, "@sha256:"); i >= 0 {
		ref = ref[:i]
		return imageRef{repo: ref, name: lastSegment(ref)}
	}
	repo, tag := ref, ""
	if i := tagColon(ref); i >= 0 {
		repo, tag = ref[:i], ref[i+1:]
	}
	return imageRef{repo: repo, name: lastSegment(repo), tag: tag}
}

// tagColon finds the colon before the tag: the first one after the last
// slash, outside ${...} and ${{ ... }} (whose defaults hold colons and
// slashes); -1 when there is no tag.
func tagColon(ref string) int {
	depth, lastSlash, colon := 0, -1, -1
	for i := 0; i < len(ref); i++ {
		switch c := ref[i]; {
		case c == '{':
			depth++
		case c == '}' && depth > 0:
			depth--
		case depth > 0:
		case c == '/':
			lastSlash, colon = i, -1
		case c == ':' && colon < 0:
			colon = i
		}
	}
	if colon < lastSlash {
		return -1
	}
	return colon
}

func lastSegment(repo string) string {
	if i := strings.LastIndexByte(repo, '}'); i >= 0 && strings.LastIndexByte(repo, '/') < i {
		return repo[i+1:] // "${REGISTRY}cart" keeps what follows the variable
	}
	return repo[strings.LastIndexByte(repo, '/')+1:]
}

var (
	ghExpr   = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)
	shellVar = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)
)

// tagVariable names the first variable a tag is made of ("RELEASE_TAG"
// for "${{ env.RELEASE_TAG }}", "$RELEASE_TAG", "${RELEASE_TAG:-dev}" and
// "${RELEASE_TAG}-cart"; "inputs.version" for "${{ inputs.version }}"),
// or "" for a literal tag.
func tagVariable(tag string) string {
	if m := ghExpr.FindStringSubmatch(tag); m != nil {
		return strings.TrimPrefix(m[1], "env.")
	}
	if m := shellVar.FindStringSubmatch(tag); m != nil {
		return m[1]
	}
	return ""
}

// perCommit matches tag expressions that differ on every commit: each
// service's image is tagged with its own build, which couples nothing.
var perCommit = regexp.MustCompile(`(?i)\bsha\b|github\.sha|GITHUB_SHA|CI_COMMIT_(?:SHORT_)?SHA|run_id|run_number|CI_PIPELINE_(?:ID|IID)|BUILD_NUMBER`)

// sharedTagCandidate reports whether a tag can pin services to one
// release: not empty, not "latest", not per commit, not templated.
func sharedTagCandidate(tag string) bool {
	switch {
	case tag == "" || tag == "latest" || tag == "stable" || tag == "main" || tag == "master":
		return false
	case perCommit.MatchString(tag):
		return false
	case strings.Contains(tag, "{{") && !strings.HasPrefix(tag, "${{"): // a Helm or Go template
		return false
	}
	return true
}
