package github

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// rulesets reads the rulesets. The rules that apply to the default branch
// come from "get rules for a branch": GitHub resolves every condition
// there (repository names and properties too), and it needs only read
// access. The list (when asked) and the details add names, conditions,
// inactive rulesets and bypass actors. When the branch's rules could not be read,
// the second result stands for them.
func (d *decoder) rulesets(branch string) ([]*Ruleset, *Protection) {
	repo := d.out.Repo
	var applied []ruleJSON
	rulesReason := ""
	// Not asked when the branch said it is not protected: no active
	// ruleset applies to it then. (A branch not read counts as protected.)
	if d.snap.Rules != nil || protectedOf(d.snap.Branch) {
		applied, rulesReason = decodeList[ruleJSON](d, AreaRulesets, "rulesets that apply to "+branch, d.snap.Rules)
	}
	rulesOK := rulesReason == ""
	var summaries []rulesetJSON
	if d.snap.asked(NotAskedRulesetList) {
		summaries, _ = decodeList[rulesetJSON](d, AreaRulesets, "rulesets of "+repo, d.snap.Rulesets)
	}
	details, detailEx := d.rulesetDetails()

	var order []int64
	seen := map[int64]bool{}
	add := func(id int64) {
		if !seen[id] {
			seen[id] = true
			order = append(order, id)
		}
	}
	bySummary := map[int64]*rulesetJSON{}
	for i := range summaries {
		bySummary[summaries[i].ID] = &summaries[i]
		add(summaries[i].ID)
	}
	byRuleset := map[int64][]ruleJSON{}
	for _, r := range applied {
		byRuleset[r.RulesetID] = append(byRuleset[r.RulesetID], r)
		add(r.RulesetID)
	}
	for _, id := range sortedIDs(details) {
		add(id)
	}

	var out []*Ruleset
	for _, id := range order {
		info := details[id]
		if info == nil {
			info = bySummary[id]
		}
		rs := d.ruleset(id, info, byRuleset[id], rulesOK, branch)
		d.bypass(rs, details[id], detailEx[id])
		out = append(out, rs)
	}
	var unreadable *Protection
	if !rulesOK {
		unreadable = unknownProtection(Origin{Source: "rulesets"}, rulesReason)
	}
	return out, unreadable
}

// ruleset assembles one ruleset from what is known of it: info (detail or
// list entry, possibly nil) and the rules GitHub applies to the branch.
func (d *decoder) ruleset(id int64, info *rulesetJSON, applied []ruleJSON, rulesOK bool, branch string) *Ruleset {
	rs := &Ruleset{ID: id, Target: "branch"}
	name := "#" + strconv.FormatInt(id, 10)
	switch {
	case info != nil:
		if info.Name != "" {
			name = info.Name
		}
		rs.SourceType, rs.Source = info.SourceType, info.Source
		rs.Enforcement = source.String{Value: info.Enforcement}
		if info.Target != "" {
			rs.Target = info.Target
		}
		if c := info.Conditions; c != nil && c.RefName != nil {
			rs.Include = plainStrings(c.RefName.Include)
			rs.Exclude = plainStrings(c.RefName.Exclude)
		}
	case len(applied) > 0:
		rs.SourceType, rs.Source = applied[0].RulesetSourceType, applied[0].RulesetSource
		rs.Enforcement = source.String{Value: "active"} // GitHub applies only active rules
	}
	rs.Name = source.String{Value: name}
	rs.Origin = Origin{Source: rulesetOrigin(name, rs.SourceType, rs.Source)}
	rules := applied
	switch {
	case len(applied) > 0:
		rs.AppliesToDefault = true
	case info != nil:
		rules = info.Rules
		// GitHub's answer for the branch is authoritative for active
		// rulesets; the conditions tell for the others.
		rs.AppliesToDefault = rs.Target == "branch" && (!rulesOK || !rs.Active()) &&
			appliesToBranch(rs.Include, rs.Exclude, branch, branch)
	}
	for _, r := range rules {
		rs.Rules = append(rs.Rules, decodeRule(r, rs.Origin))
		d.noteRuleType(r.Type)
	}
	return rs
}

// bypass fills in the ruleset's bypass actors, when GitHub showed them.
func (d *decoder) bypass(rs *Ruleset, detail *rulesetJSON, ex *Exchange) {
	what := "bypass actors of " + rs.Origin.Source
	matters := rs.Active() && rs.AppliesToDefault
	var reason string
	switch {
	case detail != nil && detail.BypassActors != nil:
		var list []Actor
		for _, a := range *detail.BypassActors {
			actor := Actor{Type: a.ActorType, Mode: a.BypassMode, Scope: rs.Origin.Source, Origin: rs.Origin}
			if a.ActorID != nil {
				actor.ID = *a.ActorID
			}
			actor.Name = roleName(actor)
			list = append(list, actor)
		}
		state, _ := listState(len(list) > 0, "")
		rs.Bypass = Actors{State: state, List: list, Origin: rs.Origin}
		return
	case detail != nil:
		g := Gap{Area: AreaBypass, What: what, Permission: permBypass,
			Reason: "GitHub shows bypass actors only to tokens with write access to the ruleset"}
		reason = g.What + " could not be read: " + g.Reason
		if matters {
			d.gap(g)
		}
	case ex != nil && ex.OK():
		reason = what + " could not be read: GitHub's answer could not be decoded"
		if matters {
			d.undecodable(AreaBypass, what)
		}
	case ex != nil:
		g := gapFor(AreaBypass, what, ex, d.snap.Authenticated)
		reason = g.What + " could not be read: " + g.Reason
		if matters {
			d.gap(g)
		}
	default:
		reason = what + " were not fetched"
		if matters {
			d.gap(gapFor(AreaBypass, what, nil, d.snap.Authenticated))
		}
	}
	rs.Bypass = Actors{Origin: rs.Origin, Reason: reason}
}

// rulesetDetails decodes the recorded ruleset details by id; exchanges
// holds every recorded answer, failed ones included.
func (d *decoder) rulesetDetails() (details map[int64]*rulesetJSON, exchanges map[int64]*Exchange) {
	details = map[int64]*rulesetJSON{}
	exchanges = map[int64]*Exchange{}
	for _, ex := range d.snap.RulesetDetails {
		id := rulesetIDFromPath(ex.Path)
		exchanges[id] = ex
		var rs rulesetJSON
		if ex.OK() && json.Unmarshal(ex.Body, &rs) == nil && rs.ID != 0 {
			details[rs.ID] = &rs
			exchanges[rs.ID] = ex
		}
	}
	return details, exchanges
}

func (d *decoder) noteRuleType(typ string) {
	if ruleTypes[typ] != ruleUnknown {
		return
	}
	for _, t := range d.out.UnknownRuleTypes {
		if t.Value == typ {
			return
		}
	}
	d.out.UnknownRuleTypes = append(d.out.UnknownRuleTypes, source.String{Value: typ})
}

// decodeList decodes every page of a recorded list. On any failure it
// records a Gap and returns the reason what is unknown.
func decodeList[T any](d *decoder, area Area, what string, pages []*Exchange) ([]T, string) {
	if len(pages) == 0 {
		return nil, d.gapFor(area, what, nil)
	}
	var all []T
	for _, ex := range pages {
		if !ex.OK() {
			return nil, d.gapFor(area, what, ex)
		}
		var page []T
		if err := json.Unmarshal(ex.Body, &page); err != nil {
			return nil, d.undecodable(area, what)
		}
		all = append(all, page...)
	}
	return all, ""
}

func sortedIDs[T any](m map[int64]T) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func plainStrings(values []string) []source.String {
	var out []source.String
	for _, v := range values {
		out = append(out, source.String{Value: v})
	}
	return out
}

// rulesetIDFromPath reads the id out of "repos/O/R/rulesets/ID?...".
func rulesetIDFromPath(path string) int64 {
	path, _, _ = strings.Cut(path, "?")
	id, _ := strconv.ParseInt(path[strings.LastIndexByte(path, '/')+1:], 10, 64)
	return id
}
