package bigbang

import (
	"fmt"
	"strconv"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// reportSharedWorkloadTags reports one literal image tag on the
// workloads of min services or more.
func reportSharedWorkloadTags(p *rules.Pass, f *fleet, min int) {
	type use struct {
		service string
		at      source.Pos
	}
	groups := map[string][]use{}
	var order []string
	for _, o := range f.m.objects {
		if !o.isWorkload() {
			continue
		}
		for _, c := range o.containers(false) {
			imgNode := source.Get(c, "image")
			img := parseImage(scalar(imgNode))
			if !f.has(img.name) || !sharedTagCandidate(img.tag) || tagVariable(img.tag) != "" {
				continue
			}
			if _, seen := groups[img.tag]; !seen {
				order = append(order, img.tag)
			}
			groups[img.tag] = append(groups[img.tag], use{img.name, source.PosOf(o.file, imgNode)})
		}
	}
	for _, tag := range order {
		uses := groups[tag]
		var names []string
		var related []rules.Related
		for _, u := range uses {
			names = append(names, u.service)
			related = append(related, rules.RelatedAt(u.at, u.service+": image tagged "+tag))
		}
		names = sortedSet(names)
		if len(names) < min {
			continue
		}
		p.Report(rules.Finding{
			Location: rules.At(uses[0].at),
			Message: fmt.Sprintf("the workloads of %s run images tagged %s: %s; they are released under one version",
				plural(len(names), "service"), strconv.Quote(tag), nameList(names)),
			Related: related[1:],
		})
	}
}

// reportSharedKustomizeTags reports a kustomization whose images entries
// give min services or more one newTag.
func reportSharedKustomizeTags(p *rules.Pass, f *fleet, min int) {
	for _, dir := range sortedKeys(f.m.kustomizations) {
		k := f.m.kustomizations[dir]
		groups := map[string][]kustomizeImage{}
		var order []string
		for _, img := range k.images {
			name := img.newName.Value
			if name == "" {
				name = img.name.Value
			}
			tag := img.newTag.Value
			if !f.has(parseImage(name).name) || !sharedTagCandidate(tag) {
				continue
			}
			if _, seen := groups[tag]; !seen {
				order = append(order, tag)
			}
			groups[tag] = append(groups[tag], img)
		}
		for _, tag := range order {
			imgs := groups[tag]
			var names []string
			var related []rules.Related
			for _, img := range imgs {
				n := parseImage(img.name.Value).name
				if img.newName.Value != "" {
					n = parseImage(img.newName.Value).name
				}
				names = append(names, n)
				related = append(related, rules.RelatedAt(img.newTag.Pos, n+": newTag "+tag))
			}
			names = sortedSet(names)
			if len(names) < min {
				continue
			}
			p.Report(rules.Finding{
				Location: rules.At(imgs[0].newTag.Pos),
				Message: fmt.Sprintf("%s sets one newTag, %s, for the images of %s: %s; they are released under one version",
					k.path, strconv.Quote(tag), plural(len(names), "service"), nameList(names)),
				Related: related[1:],
			})
		}
	}
}

// globalTagKeys are where umbrella charts put the one tag of every
// subchart.
var globalTagKeys = [][]string{
	{"global", "image", "tag"}, {"global", "imageTag"}, {"global", "tag"}, {"global", "image", "version"},
}

// reportUmbrellaVersions reports an umbrella chart whose values give every
// service subchart one image tag, and one whose service dependencies all
// carry the parent chart's own version.
func reportUmbrellaVersions(p *rules.Pass, f *fleet, min int) {
	for _, c := range sortedCharts(f.m) {
		type dep struct {
			service string
			d       chartDep
		}
		var deps []dep
		for _, d := range c.deps {
			if sub := f.m.charts[c.localDep(d)]; sub != nil {
				if n, ok := f.chartService(sub); ok {
					deps = append(deps, dep{n, d})
				}
			}
		}
		var names []string
		var depRelated []rules.Related
		for _, d := range deps {
			names = append(names, d.service)
			depRelated = append(depRelated, rules.RelatedAt(d.d.pos, d.service+": subchart "+d.d.name.Value))
		}
		names = sortedSet(names)
		if len(names) < min {
			continue
		}
		if tag, ok := globalTag(c); ok && !overridesPerService(c, names) {
			p.Report(rules.Finding{
				Location: rules.At(tag.Pos),
				Message: fmt.Sprintf("%s sets one image tag, %s, for the %s of chart %q: %s; they are released under one version",
					c.valuesFile, strconv.Quote(tag.Value), plural(len(names), "service"), c.name.Value, nameList(names)),
				Related: depRelated,
			})
		}
		same := c.version.Value != ""
		var versionRelated []rules.Related
		for _, d := range deps {
			same = same && d.d.version.Value == c.version.Value
			versionRelated = append(versionRelated, rules.RelatedAt(d.d.version.Pos, d.service+": version "+d.d.version.Value))
		}
		if same {
			p.Report(rules.Finding{
				Location: rules.At(c.version.Pos),
				Message: fmt.Sprintf("chart %q and the charts of its %s share one version, %s: %s",
					c.name.Value, plural(len(names), "service"), c.version.Value, nameList(names)),
				Related: versionRelated,
			})
		}
	}
}

// globalTag finds the umbrella's one tag for every subchart, when set to
// a version.
func globalTag(c *chart) (source.String, bool) {
	for _, keys := range globalTagKeys {
		if n := source.Path(c.values, keys...); n != nil && source.IsScalar(n) {
			if s := source.Str(c.valuesFile, n); sharedTagCandidate(s.Value) {
				return s, true
			}
		}
	}
	return source.String{}, false
}

// overridesPerService reports whether the umbrella's values set each
// service's own tag (<service>.image.tag), which wins over the global one.
func overridesPerService(c *chart, services []string) bool {
	for _, s := range services {
		if n := source.Path(c.values, s, "image", "tag"); n == nil || n.Value == "" {
			return false
		}
	}
	return true
}
