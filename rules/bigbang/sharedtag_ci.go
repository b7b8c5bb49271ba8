package bigbang

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// tagUse is one image of a service built or pushed by CI with a tag.
type tagUse struct {
	service string
	tag     string
	at      source.Pos
	job     *ci.Job
}

// ghExprSpaces matches the spaces inside ${{ }} expressions, removed so
// that an image reference stays one word.
var ghExprSpaces = regexp.MustCompile(`\$\{\{[^}]*\}\}`)

// ciTagUses finds the images of services that CI jobs build or push, with
// their tags: in docker build -t / push commands and in the tags input of
// build-and-push actions.
func (f *fleet) ciTagUses(pipelines []*ci.Pipeline) []tagUse {
	var out []tagUse
	for _, pl := range pipelines {
		for _, j := range pl.Jobs {
			for _, c := range j.Commands {
				if !c.Activities.Has(ci.Build) && !c.Activities.Has(ci.Push) {
					continue
				}
				out = append(out, f.imagesIn(c.Text.Value, c.Text.Pos, j)...)
			}
			for _, a := range j.Actions {
				if a.Activities.Has(ci.Build) || a.Activities.Has(ci.Push) {
					out = append(out, f.imagesIn(a.With["tags"], a.Uses.Pos, j)...)
				}
			}
		}
	}
	return out
}

// imagesIn finds the service images in a line of words.
func (f *fleet) imagesIn(text string, at source.Pos, j *ci.Job) []tagUse {
	text = ghExprSpaces.ReplaceAllStringFunc(text, func(e string) string { return strings.ReplaceAll(e, " ", "") })
	var out []tagUse
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '\n' || r == ',' || r == '\t' }) {
		if _, v, ok := strings.Cut(w, "="); ok && strings.HasPrefix(w, "--") {
			w = v
		}
		img := parseImage(w)
		if img.tag == "" || !strings.Contains(img.repo, "/") || !f.has(img.name) {
			continue
		}
		out = append(out, tagUse{service: img.name, tag: img.tag, at: at, job: j})
	}
	return out
}

// reportSharedCITags reports one variable (or one literal tag) used as
// the tag of the images of min services or more.
func reportSharedCITags(p *rules.Pass, f *fleet, pipelines []*ci.Pipeline, min int) {
	groups := map[string][]tagUse{}
	var order []string
	for _, u := range f.ciTagUses(pipelines) {
		if !sharedTagCandidate(u.tag) {
			continue
		}
		key := u.tag
		if v := tagVariable(u.tag); v != "" {
			key = "$" + v
		}
		if _, seen := groups[key]; !seen {
			order = append(order, key)
		}
		groups[key] = append(groups[key], u)
	}
	for _, key := range order {
		uses := groups[key]
		services := map[string]bool{}
		var names []string
		var related []rules.Related
		for _, u := range uses {
			if !services[u.service] {
				services[u.service] = true
				names = append(names, u.service)
				related = append(related, rules.RelatedAt(u.at, u.service+": image tagged here in "+jobRef(u.job)))
			}
		}
		if len(names) < min {
			continue
		}
		at, what := uses[0].at, "tag "+strconv.Quote(key)
		if name, ok := strings.CutPrefix(key, "$"); ok {
			what = name
			if h, known := tagSources[name]; known {
				what = h + " (" + name + ")"
			}
			if v, found := definition(uses[0].job, name); found {
				if perCommit.MatchString(v.Value.Value) {
					continue // the variable holds the commit: one image per build
				}
				at = v.Name.Pos
				what = fmt.Sprintf("%s (%s)", name, v.Value.Value)
			}
		}
		p.Report(rules.Finding{
			Location: rules.At(at),
			Message:  fmt.Sprintf("%s tags the images of %s: %s; they are released under one version", what, plural(len(names), "service"), nameList(names)),
			Related:  related,
		})
	}
}

// tagSources describe the expressions a release version usually comes
// from.
var tagSources = map[string]string{
	"github.ref_name": "the pushed git tag", "CI_COMMIT_TAG": "the pushed git tag",
	"inputs.version": "the version input", "github.event.inputs.version": "the version input",
	"github.event.release.tag_name": "the release tag",
}

// definition finds the variable a job sees under name: its own or its
// workflow's env, GitLab variables.
func definition(j *ci.Job, name string) (ci.Var, bool) {
	for i := len(j.Env) - 1; i >= 0; i-- { // the job's own env comes last and wins
		if j.Env[i].Name.Value == name {
			return j.Env[i], true
		}
	}
	return ci.Var{}, false
}
