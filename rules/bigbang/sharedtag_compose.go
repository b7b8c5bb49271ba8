package bigbang

import (
	"fmt"
	"path"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
	"github.com/lockstep-lint/lockstep/rules/repo/compose"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// reportSharedComposeTags reports one variable (or literal) used as the
// image tag of min services or more in a Compose file, at the .env line
// that sets it when there is one. Compose files no deploy job starts are
// development tools: their findings are notes.
func reportSharedComposeTags(p *rules.Pass, f *fleet, pipelines []*ci.Pipeline, min int) {
	deployed := map[string]bool{}
	for _, d := range deployedComposeFiles(p.Repo, pipelines) {
		deployed[d.file.Path] = true
	}
	env := map[string]*compose.EnvFile{}
	for _, e := range envFiles(p.Repo) {
		env[path.Dir(e.Path)] = e
	}
	for _, cf := range composeFilesOf(p.Repo) {
		type use struct {
			service string
			at      source.Pos
		}
		groups := map[string][]use{}
		var order []string
		for _, s := range cf.Services {
			n, ok := f.composeService(s)
			img := parseImage(s.Image.Value)
			if !ok || !sharedTagCandidate(img.tag) {
				continue
			}
			key := img.tag
			if v := tagVariable(img.tag); v != "" {
				key = "$" + v
			}
			if _, seen := groups[key]; !seen {
				order = append(order, key)
			}
			groups[key] = append(groups[key], use{n, s.Image.Pos})
		}
		for _, key := range order {
			uses := groups[key]
			var names []string
			var related []rules.Related
			for _, u := range uses {
				names = append(names, u.service)
				related = append(related, rules.RelatedAt(u.at, u.service+": image tagged here"))
			}
			names = sortedSet(names)
			if len(names) < min {
				continue
			}
			at, what := uses[0].at, "tag "+strconv.Quote(key)
			if name := key[1:]; key[0] == '$' {
				what = name
				if v, ok := envVar(env[path.Dir(cf.Path)], name); ok {
					at, what = v.Name.Pos, fmt.Sprintf("%s (%s in %s)", name, v.Value.Value, path.Base(v.Name.Pos.File))
				}
			}
			finding := rules.Finding{
				Location: rules.At(at),
				Message: fmt.Sprintf("%s tags the images of %s in %s: %s; they are released under one version",
					what, plural(len(names), "service"), cf.Path, nameList(names)),
				Related: related,
			}
			if !deployed[cf.Path] {
				finding.Severity = rules.Note
				finding.Message += " (locally: no deploy job starts " + cf.Path + ")"
			}
			p.Report(finding)
		}
	}
}

func envVar(e *compose.EnvFile, name string) (compose.EnvVar, bool) {
	if e == nil {
		return compose.EnvVar{}, false
	}
	for _, v := range e.Vars {
		if v.Name.Value == name {
			return v, true
		}
	}
	return compose.EnvVar{}, false
}
