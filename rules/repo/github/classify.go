package github

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// What each area needs, for the Permission of a Gap.
const (
	permRepository = "Metadata: read (fine-grained token or GitHub App) / repo scope for a private repository (classic token)"
	permClassic    = "Administration: read (fine-grained token or GitHub App) / repo scope and the admin role on the repository (classic token)"
	permRulesets   = "Metadata: read (fine-grained token or GitHub App) / repo scope for a private repository (classic token)"
	permBypass     = "write access to the ruleset: Administration: read on the repository, or on the organization for an organization ruleset"
	permEnvs       = "Actions: read (fine-grained token or GitHub App) / repo scope for a private repository (classic token)"
)

var areaPermission = map[Area]string{
	AreaRepository:   permRepository,
	AreaClassic:      permClassic,
	AreaRulesets:     permRulesets,
	AreaBypass:       permBypass,
	AreaEnvironments: permEnvs,
}

// branchNotProtected is GitHub's message for a branch without classic
// protection; go-github v60 maps it to ErrBranchNotProtected. It is the
// only 404 that means "unprotected": a plain "Not Found" is what a token
// without admin rights gets.
const branchNotProtected = "Branch not protected"

// message is GitHub's error message in an answer.
func message(ex *Exchange) errorJSON {
	var e errorJSON
	if len(ex.Body) > 0 && json.Unmarshal(ex.Body, &e) != nil {
		_ = json.Unmarshal(ex.Body, &e.Message) // a body that was not JSON
	}
	return e
}

// gapFor explains why ex holds no usable answer about what, in the words
// an LS003 finding needs. authenticated says whether a token was sent.
func gapFor(area Area, what string, ex *Exchange, authenticated bool) Gap {
	g := Gap{Area: area, What: what, Permission: areaPermission[area]}
	if ex == nil {
		g.Reason = "it is not in the snapshot"
		g.Permission = ""
		return g
	}
	e := message(ex)
	g.Detail = e.Message
	accepted := ex.Header["X-Accepted-Github-Permissions"]
	switch {
	case ex.Status == 0 && ex.Header["X-Ratelimit-Remaining"] == "0":
		g.Reason = "the API rate limit is exhausted" + resetSuffix(ex.Header)
		g.Permission = ""
		g.Detail = ex.Error
	case ex.Status == 0:
		g.Reason = "GitHub did not answer"
		g.Permission = ""
		g.Detail = ex.Error
	case isRateLimit(ex, e):
		g.Reason = "GitHub rate-limited the requests" + resetSuffix(ex.Header)
		g.Permission = ""
	case ex.Status >= 500:
		g.Reason = fmt.Sprintf("GitHub failed with HTTP %d%s", ex.Status, attemptsSuffix(ex))
		g.Permission = ""
	case !authenticated && (ex.Status == http.StatusUnauthorized || ex.Status == http.StatusForbidden ||
		ex.Status == http.StatusNotFound):
		g.Reason = "no GitHub token was given"
		g.Permission = "a token with " + g.Permission
	case ex.Status == http.StatusUnauthorized:
		g.Reason = "GitHub rejected the token (bad credentials, expired or revoked)"
		g.Permission = "a valid token with " + g.Permission
	case strings.Contains(e.Message, "Upgrade to GitHub Pro") || strings.Contains(e.Message, "make this repository public"):
		g.Reason = "the repository's plan does not offer " + string(area) + " for private repositories"
		g.Permission = ""
	case strings.Contains(e.Message, "SAML"):
		g.Reason = "the token is not authorized for the organization's SAML single sign-on"
		g.Permission = "SSO authorization of the token"
	case ex.Status == http.StatusForbidden || ex.Status == http.StatusNotFound:
		g.Reason = refusal(area, ex.Status, e.Message)
		if accepted != "" {
			g.Permission = accepted
		}
	default:
		g.Reason = fmt.Sprintf("GitHub answered HTTP %d", ex.Status)
		g.Permission = ""
	}
	return g
}

// refusal words a 403 or 404 for area.
func refusal(area Area, status int, msg string) string {
	switch area {
	case AreaRepository:
		return "the repository does not exist or the token cannot see it"
	case AreaClassic:
		if status == http.StatusNotFound {
			return "the token cannot read branch protection (GitHub answers 404 to anyone but repository administrators)"
		}
		return "the token cannot read branch protection"
	case AreaBypass:
		return "the token cannot read the ruleset"
	}
	if msg == "" {
		msg = http.StatusText(status)
	}
	return fmt.Sprintf("the token cannot read %s (%s)", area, msg)
}

func isRateLimit(ex *Exchange, e errorJSON) bool {
	switch {
	case ex.Status == http.StatusTooManyRequests:
		return true
	case ex.Status != http.StatusForbidden:
		return false
	}
	return ex.Header["X-Ratelimit-Remaining"] == "0" ||
		strings.HasSuffix(e.DocumentationURL, "secondary-rate-limits") ||
		strings.HasSuffix(e.DocumentationURL, "#abuse-rate-limits") ||
		strings.Contains(strings.ToLower(e.Message), "rate limit")
}

func resetSuffix(h map[string]string) string {
	if h["X-Ratelimit-Remaining"] != "0" {
		return ""
	}
	secs, err := strconv.ParseInt(h["X-Ratelimit-Reset"], 10, 64)
	if err != nil || secs <= 0 {
		return ""
	}
	return " until " + time.Unix(secs, 0).UTC().Format(time.RFC3339)
}

func attemptsSuffix(ex *Exchange) string {
	if ex.Attempts > 1 {
		return fmt.Sprintf(" on all %d attempts", ex.Attempts)
	}
	return ""
}

// explainFailure is a one-line account of a failed exchange for errors.
func explainFailure(ex *Exchange) string {
	if ex.Status == 0 {
		return "no answer: " + ex.Error
	}
	return fmt.Sprintf("HTTP %d%s", ex.Status, attemptsSuffix(ex))
}
