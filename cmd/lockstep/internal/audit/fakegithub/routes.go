package fakegithub

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

func (s *Server) routes() {
	api := http.NewServeMux()
	handle := func(route, pattern string, h func(*http.Request) *answer) {
		api.Handle("GET /api/v3/"+pattern, s.serveAPI(route, h))
	}
	handle("list", "orgs/{owner}/repos", s.listOrgRepos)
	handle("list", "users/{owner}/repos", s.listUserRepos)
	handle("org-rulesets", "orgs/{owner}/rulesets", s.orgRulesets)
	handle("org-ruleset", "orgs/{owner}/rulesets/{id}", s.orgRuleset)
	handle("repo", "repos/{owner}/{repo}", s.getRepo)
	handle("tarball", "repos/{owner}/{repo}/tarball", s.tarball)
	handle("tarball", "repos/{owner}/{repo}/tarball/{ref...}", s.tarball)
	handle("branch", "repos/{owner}/{repo}/branches/{branch}", s.branch)
	handle("protection", "repos/{owner}/{repo}/branches/{branch}/protection", s.protection)
	handle("commit", "repos/{owner}/{repo}/commits/{ref}", s.commit)
	handle("rules", "repos/{owner}/{repo}/rules/branches/{branch...}", s.rules)
	handle("rulesets", "repos/{owner}/{repo}/rulesets", s.rulesets)
	handle("ruleset", "repos/{owner}/{repo}/rulesets/{id}", s.ruleset)
	handle("environments", "repos/{owner}/{repo}/environments", s.environments)
	api.Handle("POST /api/graphql", s.serveAPI("graphql", s.graphql))
	api.Handle("/api/v3/", s.serveAPI("not-found", func(*http.Request) *answer { return notFound() }))
	api.Handle("/", s.serveAPI("stray", func(*http.Request) *answer { return notFound() }))
	s.apiMux = api

	cl := http.NewServeMux()
	cl.HandleFunc("GET /codeload/{owner}/{repo}/legacy.tar.gz/{ref...}", s.download)
	cl.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.counts.Downloads++
		s.counts.Stray++
		s.mu.Unlock()
		http.NotFound(w, r)
	})
	s.codeloadMux = cl
}

// ownerMatches compares logins as GitHub does, ignoring case.
func (s *Server) ownerMatches(owner string) bool { return strings.EqualFold(owner, s.org.Name) }

// lookup finds the repository a request is about, as long as it exists.
func (s *Server) lookup(r *http.Request) *Repo {
	return s.repoNamed(r.PathValue("owner"), r.PathValue("repo"))
}

// repoNamed is the repository owner/name, as long as it exists.
func (s *Server) repoNamed(owner, name string) *Repo {
	if !s.ownerMatches(owner) {
		return nil
	}
	repo := s.org.Repo(name)
	if repo == nil {
		return nil
	}
	s.mu.Lock()
	gone := s.gone[repo.Name]
	s.mu.Unlock()
	if gone {
		return nil
	}
	return repo
}

// about marks an answer as being about repo.
func about(a *answer, repo *Repo) *answer {
	a.repo = repo.Name
	return a
}

func (s *Server) listOrgRepos(r *http.Request) *answer {
	if s.org.User || !s.ownerMatches(r.PathValue("owner")) {
		return notFound()
	}
	return s.list(r, "all", "created")
}

func (s *Server) listUserRepos(r *http.Request) *answer {
	if !s.ownerMatches(r.PathValue("owner")) {
		return notFound()
	}
	typ := "owner"
	if !s.org.User {
		// For an organization, users/ORG/repos shows its public ones.
		typ = "public"
	}
	return s.list(r, typ, "full_name")
}

// list serves a listing page, sorted and filtered as GitHub does, with
// its Link header.
func (s *Server) list(r *http.Request, defaultType, defaultSort string) *answer {
	q := r.URL.Query()
	typ := cmp.Or(q.Get("type"), defaultType)
	if !s.org.User && defaultType == "public" {
		typ = "public"
	}
	var repos []*Repo
	for _, repo := range s.org.Repos() {
		keep := true
		switch typ {
		case "public":
			keep = !repo.Private
		case "private":
			keep = repo.Private
		case "forks":
			keep = repo.Fork
		case "sources":
			keep = !repo.Fork
		}
		if keep {
			repos = append(repos, repo)
		}
	}
	sortBy := cmp.Or(q.Get("sort"), defaultSort)
	dir := q.Get("direction")
	if dir == "" {
		dir = "desc"
		if sortBy == "full_name" {
			dir = "asc"
		}
	}
	slices.SortStableFunc(repos, func(a, b *Repo) int {
		var c int
		switch sortBy {
		case "full_name":
			c = strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		case "updated", "pushed":
			c = a.PushedAt.Compare(b.PushedAt)
		default:
			c = a.CreatedAt.Compare(b.CreatedAt)
		}
		if c == 0 {
			c = cmp.Compare(a.ID, b.ID)
		}
		if dir == "desc" {
			c = -c
		}
		return c
	})
	page, link := paginate(s.root, r, repos)
	out := make([]repoJSON, 0, len(page))
	s.mu.Lock()
	for _, repo := range page {
		out = append(out, s.repoJSON(repo, false))
		if s.deleted[repo.Name] {
			s.gone[repo.Name] = true
		}
	}
	s.mu.Unlock()
	a := jsonAnswer(http.StatusOK, out)
	if link != "" {
		a.header.Set("Link", link)
	}
	return a
}

// paginate cuts one page out of items and makes the Link header that
// leads to the others. per_page is 30 by default and at most 100.
func paginate[T any](root string, r *http.Request, items []T) ([]T, string) {
	q := r.URL.Query()
	perPage, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || perPage <= 0 {
		perPage = 30
	}
	perPage = min(perPage, 100)
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page <= 0 {
		page = 1
	}
	last := max((len(items)+perPage-1)/perPage, 1)
	lo := min((page-1)*perPage, len(items))
	hi := min(lo+perPage, len(items))
	if last == 1 {
		return items[lo:hi], ""
	}
	at := func(n int, rel string) string {
		q.Set("page", strconv.Itoa(n))
		return fmt.Sprintf(`<%s%s?%s>; rel="%s"`, root, r.URL.EscapedPath(), q.Encode(), rel)
	}
	var links []string
	if page > 1 {
		links = append(links, at(min(page-1, last), "prev"))
	}
	if page < last {
		links = append(links, at(page+1, "next"), at(last, "last"))
	}
	if page > 1 {
		links = append(links, at(1, "first"))
	}
	return items[lo:hi], strings.Join(links, ", ")
}

type ownerJSON struct {
	Login     string `json:"login"`
	ID        int64  `json:"id"`
	NodeID    string `json:"node_id"`
	AvatarURL string `json:"avatar_url"`
	URL       string `json:"url"`
	HTMLURL   string `json:"html_url"`
	ReposURL  string `json:"repos_url"`
	Type      string `json:"type"`
	SiteAdmin bool   `json:"site_admin"`
}

type repoRefJSON struct {
	ID       int64     `json:"id"`
	Name     string    `json:"name"`
	FullName string    `json:"full_name"`
	Owner    ownerJSON `json:"owner"`
	Private  bool      `json:"private"`
	URL      string    `json:"url"`
}

// repoJSON is a repository object with the fields go-github's Repository
// reads that a client may care about.
type repoJSON struct {
	ID               int64           `json:"id"`
	NodeID           string          `json:"node_id"`
	Name             string          `json:"name"`
	FullName         string          `json:"full_name"`
	Private          bool            `json:"private"`
	Owner            ownerJSON       `json:"owner"`
	HTMLURL          string          `json:"html_url"`
	Description      *string         `json:"description"`
	Fork             bool            `json:"fork"`
	URL              string          `json:"url"`
	ArchiveURL       string          `json:"archive_url"`
	BranchesURL      string          `json:"branches_url"`
	CommitsURL       string          `json:"commits_url"`
	CreatedAt        string          `json:"created_at"`
	UpdatedAt        string          `json:"updated_at"`
	PushedAt         string          `json:"pushed_at"`
	GitURL           string          `json:"git_url"`
	SSHURL           string          `json:"ssh_url"`
	CloneURL         string          `json:"clone_url"`
	Homepage         *string         `json:"homepage"`
	Size             int             `json:"size"`
	StargazersCount  int             `json:"stargazers_count"`
	WatchersCount    int             `json:"watchers_count"`
	Language         *string         `json:"language"`
	HasIssues        bool            `json:"has_issues"`
	HasProjects      bool            `json:"has_projects"`
	HasWiki          bool            `json:"has_wiki"`
	ForksCount       int             `json:"forks_count"`
	Archived         bool            `json:"archived"`
	Disabled         bool            `json:"disabled"`
	OpenIssuesCount  int             `json:"open_issues_count"`
	AllowForking     bool            `json:"allow_forking"`
	IsTemplate       bool            `json:"is_template"`
	Topics           []string        `json:"topics"`
	Visibility       string          `json:"visibility"`
	Forks            int             `json:"forks"`
	OpenIssues       int             `json:"open_issues"`
	Watchers         int             `json:"watchers"`
	DefaultBranch    string          `json:"default_branch"`
	Permissions      map[string]bool `json:"permissions"`
	Organization     *ownerJSON      `json:"organization,omitempty"`
	Parent           *repoRefJSON    `json:"parent,omitempty"`
	Source           *repoRefJSON    `json:"source,omitempty"`
	NetworkCount     *int            `json:"network_count,omitempty"`
	SubscribersCount *int            `json:"subscribers_count,omitempty"`
}

const timeFormat = "2006-01-02T15:04:05Z"

func (s *Server) owner(login string, id int64, typ string) ownerJSON {
	return ownerJSON{Login: login, ID: id, NodeID: fmt.Sprintf("O_%d", id),
		AvatarURL: s.root + "/avatars/" + login, URL: s.api + "users/" + login,
		HTMLURL: s.root + "/" + login, ReposURL: s.api + "users/" + login + "/repos", Type: typ, SiteAdmin: false}
}

func (s *Server) repoJSON(r *Repo, full bool) repoJSON {
	ownerType := "Organization"
	if s.org.User {
		ownerType = "User"
	}
	owner := s.owner(r.Owner, 9000, ownerType)
	api := s.api + "repos/" + r.FullName()
	visibility := "public"
	if r.Private {
		visibility = "private"
	}
	desc := fmt.Sprintf("The %s repository (%s)", r.Name, r.Kind)
	j := repoJSON{
		ID: r.ID, NodeID: fmt.Sprintf("R_%d", r.ID), Name: r.Name, FullName: r.FullName(), Private: r.Private,
		Owner: owner, HTMLURL: s.root + "/" + r.FullName(), Description: &desc, Fork: r.Fork, URL: api,
		ArchiveURL: api + "/{archive_format}{/ref}", BranchesURL: api + "/branches{/branch}", CommitsURL: api + "/commits{/sha}",
		CreatedAt: r.CreatedAt.UTC().Format(timeFormat), UpdatedAt: r.PushedAt.UTC().Format(timeFormat),
		PushedAt: r.PushedAt.UTC().Format(timeFormat),
		GitURL:   "git://" + strings.TrimPrefix(s.root, "http://") + "/" + r.FullName() + ".git",
		SSHURL:   "git@" + strings.TrimPrefix(s.root, "http://") + ":" + r.FullName() + ".git",
		CloneURL: s.root + "/" + r.FullName() + ".git", Size: r.SizeKB,
		HasIssues: true, HasProjects: true, HasWiki: !r.Private, Archived: r.Archived,
		AllowForking: true, Topics: []string{string(r.Kind)}, Visibility: visibility,
		DefaultBranch: r.DefaultBranch,
		Permissions:   map[string]bool{"admin": true, "maintain": true, "push": true, "triage": true, "pull": true},
	}
	if r.Kind != Empty {
		lang := "Go"
		j.Language = &lang
	}
	if full {
		if !s.org.User {
			j.Organization = &owner
		}
		if r.Fork {
			up := s.owner("upstream", 9001, "Organization")
			ref := &repoRefJSON{ID: r.ID + 1_000_000, Name: r.Name, FullName: "upstream/" + r.Name, Owner: up,
				URL: s.api + "repos/upstream/" + r.Name}
			j.Parent, j.Source = ref, ref
		}
		zero := 0
		j.NetworkCount, j.SubscribersCount = &zero, &zero
	}
	return j
}

func (s *Server) getRepo(r *http.Request) *answer {
	repo := s.lookup(r)
	if repo == nil {
		return notFound()
	}
	return about(jsonAnswer(http.StatusOK, s.repoJSON(repo, true)), repo)
}

// resolve reads a ref as GitHub does for archives and commits: the
// default branch by name or as refs/heads/NAME, or the head SHA, whole or
// shortened to seven characters or more. ok is false for anything else.
func resolve(repo *Repo, ref string) (path string, ok bool) {
	switch {
	case ref == "" || ref == repo.DefaultBranch || ref == "refs/heads/"+repo.DefaultBranch || ref == "HEAD":
		return "refs/heads/" + repo.DefaultBranch, true
	case len(ref) >= 7 && strings.HasPrefix(repo.SHA, strings.ToLower(ref)):
		return repo.SHA, true
	}
	return "", false
}

func (s *Server) tarball(r *http.Request) *answer {
	repo := s.lookup(r)
	if repo == nil {
		return notFound()
	}
	ref := r.PathValue("ref")
	if repo.Kind == Empty {
		if s.opts.EmptyArchive != EmptyInvalidRedirect {
			return about(notFound(), repo)
		}
		ref = cmp.Or(ref, repo.DefaultBranch)
		return about(s.redirect(repo, "refs/heads/"+ref), repo)
	}
	p, ok := resolve(repo, ref)
	if !ok {
		return about(notFound(), repo)
	}
	return about(s.redirect(repo, p), repo)
}

func (s *Server) redirect(repo *Repo, ref string) *answer {
	loc := s.codeload + "/codeload/" + repo.FullName() + "/legacy.tar.gz/" + ref
	if repo.Private {
		loc += "?token=" + codeloadToken(repo)
	}
	h := http.Header{}
	h.Set("Location", loc)
	h.Set("Content-Type", "text/html;charset=utf-8")
	return &answer{status: http.StatusFound, header: h, body: []byte{}}
}

// codeloadToken stands for the short-lived token GitHub puts in the
// codeload URL of a private repository: the only credential codeload
// needs.
func codeloadToken(repo *Repo) string {
	sum := sha256.Sum256([]byte(repo.FullName() + "@" + repo.SHA))
	return "GHSAT0" + strings.ToUpper(hex.EncodeToString(sum[:10]))
}

func (s *Server) branch(r *http.Request) *answer {
	repo := s.lookup(r)
	if repo == nil {
		return notFound()
	}
	b := r.PathValue("branch")
	if repo.Kind == Empty || b != repo.DefaultBranch {
		return about(message(http.StatusNotFound, "Branch not found", docsURL+"/branches/branches#get-a-branch"), repo)
	}
	protected := repo.Settings.Protection != nil || len(s.org.BranchRules(repo)) > 0
	api := s.api + "repos/" + repo.FullName()
	return about(jsonAnswer(http.StatusOK, map[string]any{
		"name":           b,
		"commit":         map[string]string{"sha": repo.SHA, "url": api + "/commits/" + repo.SHA},
		"protected":      protected,
		"protection_url": api + "/branches/" + url.PathEscape(b) + "/protection",
	}), repo)
}

func (s *Server) commit(r *http.Request) *answer {
	repo := s.lookup(r)
	if repo == nil {
		return notFound()
	}
	if repo.Kind == Empty {
		return about(message(http.StatusConflict, "Git Repository is empty.", docsURL+"/commits/commits#get-a-commit"), repo)
	}
	if _, ok := resolve(repo, r.PathValue("ref")); !ok {
		return about(message(http.StatusUnprocessableEntity, "No commit found for SHA: "+r.PathValue("ref"), docsURL), repo)
	}
	if strings.Contains(r.Header.Get("Accept"), "application/vnd.github.sha") {
		h := http.Header{}
		h.Set("Content-Type", "application/vnd.github.sha; charset=utf-8")
		return about(&answer{status: http.StatusOK, header: h, body: []byte(repo.SHA), etag: true}, repo)
	}
	date := repo.PushedAt.UTC().Format(timeFormat)
	who := map[string]string{"name": "Dev", "email": "dev@example.com", "date": date}
	return about(jsonAnswer(http.StatusOK, map[string]any{
		"sha":    repo.SHA,
		"commit": map[string]any{"message": fmt.Sprintf("Revision %d", repo.Revision), "author": who, "committer": who},
	}), repo)
}

func (s *Server) protection(r *http.Request) *answer {
	repo := s.lookup(r)
	if repo == nil {
		return notFound()
	}
	if repo.Kind == Empty || r.PathValue("branch") != repo.DefaultBranch {
		return about(message(http.StatusNotFound, "Branch not found", docsURL+"/branches/branch-protection#get-branch-protection"), repo)
	}
	if repo.Settings.Protection == nil {
		return about(message(http.StatusNotFound, "Branch not protected", docsURL+"/branches/branch-protection#get-branch-protection"), repo)
	}
	return about(jsonAnswer(http.StatusOK, repo.Settings.Protection), repo)
}

func (s *Server) rules(r *http.Request) *answer {
	repo := s.lookup(r)
	if repo == nil {
		return notFound()
	}
	rules := []BranchRule{}
	if r.PathValue("branch") == repo.DefaultBranch {
		rules = s.org.BranchRules(repo)
	}
	page, link := paginate(s.root, r, rules)
	a := jsonAnswer(http.StatusOK, nonNil(page))
	if link != "" {
		a.header.Set("Link", link)
	}
	return about(a, repo)
}

type linksJSON struct {
	Self struct {
		Href string `json:"href"`
	} `json:"self"`
	HTML *struct {
		Href string `json:"href"`
	} `json:"html,omitempty"`
}

type rulesetSummaryJSON struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Target      string    `json:"target"`
	SourceType  string    `json:"source_type"`
	Source      string    `json:"source"`
	Enforcement string    `json:"enforcement"`
	NodeID      string    `json:"node_id"`
	Links       linksJSON `json:"_links"`
	CreatedAt   string    `json:"created_at"`
	UpdatedAt   string    `json:"updated_at"`
}

type rulesetJSON struct {
	*Ruleset
	CurrentUserCanBypass string    `json:"current_user_can_bypass"`
	Links                linksJSON `json:"_links"`
}

func (s *Server) rulesetLinks(rs *Ruleset) linksJSON {
	var l linksJSON
	if rs.SourceType == "Organization" {
		l.Self.Href = s.api + "orgs/" + rs.Source + "/rulesets/" + strconv.FormatInt(rs.ID, 10)
	} else {
		l.Self.Href = s.api + "repos/" + rs.Source + "/rulesets/" + strconv.FormatInt(rs.ID, 10)
	}
	return l
}

func (s *Server) summaries(list []*Ruleset) []rulesetSummaryJSON {
	out := []rulesetSummaryJSON{}
	for _, rs := range list {
		out = append(out, rulesetSummaryJSON{ID: rs.ID, Name: rs.Name, Target: rs.Target, SourceType: rs.SourceType,
			Source: rs.Source, Enforcement: rs.Enforcement, NodeID: rs.NodeID, Links: s.rulesetLinks(rs),
			CreatedAt: rs.CreatedAt, UpdatedAt: rs.UpdatedAt})
	}
	return out
}

func (s *Server) rulesetDetail(rs *Ruleset) *answer {
	return jsonAnswer(http.StatusOK, rulesetJSON{Ruleset: rs, CurrentUserCanBypass: "always", Links: s.rulesetLinks(rs)})
}

// includesParents reads includes_parents, which GitHub takes as true
// when it is absent.
func includesParents(r *http.Request) bool {
	v := r.URL.Query().Get("includes_parents")
	return v == "" || v == "true"
}

func (s *Server) rulesets(r *http.Request) *answer {
	repo := s.lookup(r)
	if repo == nil {
		return notFound()
	}
	page, link := paginate(s.root, r, s.summaries(s.org.RepoRulesets(repo, includesParents(r))))
	a := jsonAnswer(http.StatusOK, nonNil(page))
	if link != "" {
		a.header.Set("Link", link)
	}
	return about(a, repo)
}

func (s *Server) ruleset(r *http.Request) *answer {
	repo := s.lookup(r)
	if repo == nil {
		return notFound()
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	for _, rs := range s.org.RepoRulesets(repo, includesParents(r)) {
		if rs.ID == id {
			return about(s.rulesetDetail(rs), repo)
		}
	}
	return about(notFound(), repo)
}

func (s *Server) orgRulesets(r *http.Request) *answer {
	if s.org.User || !s.ownerMatches(r.PathValue("owner")) {
		return notFound()
	}
	page, link := paginate(s.root, r, s.summaries(s.org.Rulesets))
	a := jsonAnswer(http.StatusOK, nonNil(page))
	if link != "" {
		a.header.Set("Link", link)
	}
	return a
}

func (s *Server) orgRuleset(r *http.Request) *answer {
	if s.org.User || !s.ownerMatches(r.PathValue("owner")) {
		return notFound()
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	for _, rs := range s.org.Rulesets {
		if rs.ID == id {
			return s.rulesetDetail(rs)
		}
	}
	return notFound()
}

type environmentJSON struct {
	*Environment
	URL     string `json:"url"`
	HTMLURL string `json:"html_url"`
}

func (s *Server) environments(r *http.Request) *answer {
	repo := s.lookup(r)
	if repo == nil {
		return notFound()
	}
	all := make([]environmentJSON, 0, len(repo.Settings.Environments))
	for _, e := range repo.Settings.Environments {
		all = append(all, environmentJSON{Environment: e,
			URL:     s.api + "repos/" + repo.FullName() + "/environments/" + url.PathEscape(e.Name),
			HTMLURL: s.root + "/" + repo.FullName() + "/deployments/activity_log?environments_filter=" + url.QueryEscape(e.Name)})
	}
	page, link := paginate(s.root, r, all)
	a := jsonAnswer(http.StatusOK, map[string]any{"total_count": len(all), "environments": nonNil(page)})
	if link != "" {
		a.header.Set("Link", link)
	}
	return about(a, repo)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// download is the codeload host: the archive itself, free of the rate
// limit, and never in need of the API token.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.counts.Downloads++
	if auth := r.Header.Get("Authorization"); auth != "" && (s.opts.Token == "" || strings.Contains(auth, s.opts.Token)) {
		s.counts.TokenAtCodeload++
	}
	s.mu.Unlock()

	repo := s.lookup(r)
	if repo == nil {
		http.Error(w, "404: Not Found", http.StatusNotFound)
		return
	}
	if repo.Kind == Empty {
		http.Error(w, "Invalid request.\n\nNo commit found for the ref "+r.PathValue("ref"), http.StatusBadRequest)
		return
	}
	ref := r.PathValue("ref")
	if _, ok := resolve(repo, ref); !ok || (!strings.HasPrefix(ref, "refs/heads/") && ref != repo.SHA) {
		http.Error(w, "404: Not Found", http.StatusNotFound)
		return
	}
	if repo.Private && r.URL.Query().Get("token") != codeloadToken(repo) {
		http.Error(w, "404: Not Found", http.StatusNotFound)
		return
	}
	switch s.nextStep(r, false) {
	case stepStall:
		s.stall(r)
	case stepServerError:
		http.Error(w, "upstream error", http.StatusServiceUnavailable)
		return
	}
	etag := `"` + repo.SHA + `"`
	h := w.Header()
	h.Set("Content-Type", "application/x-gzip")
	h.Set("Content-Disposition", "attachment; filename="+repo.TopDir()+".tar.gz")
	h.Set("ETag", etag)
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	if matches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if repo.Kind == Huge {
		// Counted before the handler returns, and so before the last
		// chunk tells the client the body is complete.
		cw := &countingWriter{w: w}
		err := repo.WriteTarball(cw)
		s.sent(cw.n, err == nil)
		return
	}
	data := repo.Tarball()
	h.Set("Content-Length", strconv.Itoa(len(data)))
	if s.truncateNow(repo) {
		half := data[:len(data)/2]
		n, _ := w.Write(half)
		s.sent(int64(n), false)
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		// Closes the connection mid-body; net/http does not log it.
		panic(http.ErrAbortHandler)
	}
	// The last byte goes out after the counts, so that a client that has
	// read the whole archive finds it counted.
	n, err := w.Write(data[:len(data)-1])
	if err != nil {
		s.sent(int64(n), false)
		return
	}
	s.sent(int64(len(data)), true)
	_, _ = w.Write(data[len(data)-1:])
}

func (s *Server) sent(n int64, complete bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts.DownloadBytes += n
	if complete {
		s.counts.CompleteDownloads++
	}
}

// truncateNow decides whether this download of repo is the first one of
// an affected repository.
func (s *Server) truncateNow(repo *Repo) bool {
	key := repo.FullName() + "@" + repo.SHA
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.downloads[key]
	s.downloads[key] = n + 1
	if n == 0 && s.faults.hit("truncate", repo.FullName(), s.faults.Truncations) {
		s.counts.Truncated++
		return true
	}
	return false
}

type countingWriter struct {
	w interface{ Write([]byte) (int, error) }
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
