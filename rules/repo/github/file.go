package github

import (
	"fmt"
	"sort"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// ParseSettingsFile reads .github/settings.yml in the format of the
// settings app (github.com/repository-settings/app). The result is the
// declared state, every setting positioned in the file:
//
//   - The default branch is repository.default_branch. When the file does
//     not declare it, "main" is assumed ("master" when only that branch
//     has an entry) and a Gap says so.
//   - A branch without an entry, or whose entry has no protection key, is
//     unprotected as declared (the app leaves it alone); protection: null
//     or {} removes protection explicitly.
//   - Inside protection, an absent key means GitHub's default, decided at
//     the nearest enclosing key. Booleans may be written as in a request
//     (enforce_admins: true) or as GitHub returns them ({enabled: true}).
//   - Rulesets and environments the file does not list do not exist, as
//     declared.
//   - With _extends, whatever this file leaves unsaid may come from the
//     inherited file, which cannot be read offline: those settings are
//     Unknown and a Gap says why.
//
// Problems report what is malformed; they never stop the parse.
func ParseSettingsFile(path string, data []byte) (*Settings, []source.Problem) {
	docs, problems := source.ParseYAML(path, data, source.DefaultLimits)
	p := &fileParser{Reader: source.Reader{File: path, Problems: problems}}
	s := &Settings{Source: SourceSettingsFile}
	root, ok := p.root(docs, s)
	if !ok {
		return s, p.Problems
	}
	p.readExtends(root, s)
	p.readDefaultBranch(root, s)
	s.Classic = p.classic(root, s.DefaultBranch)
	s.Rulesets = p.rulesets(source.Get(root, "rulesets"), s)
	var rulesUnknown *Protection
	if p.inherited != "" {
		rulesUnknown = unknownProtection(Origin{Pos: p.extendsPos, Source: "inherited rulesets"}, p.inheritedReason())
	}
	s.Protection = effective(s.Classic, s.Rulesets, rulesUnknown)
	s.Environments = p.environments(source.Get(root, "environments"))
	sort.SliceStable(p.Problems, func(i, j int) bool { return p.Problems[i].Pos.Before(p.Problems[j].Pos) })
	return s, p.Problems
}

// fileParser holds what parsing one settings file accumulates.
type fileParser struct {
	source.Reader
	inherited  string // the _extends value, when there is one
	extendsPos source.Pos
}

func (p *fileParser) pos(n *yaml.Node) source.Pos { return source.PosOf(p.File, n) }

func (p *fileParser) inheritedReason() string {
	return fmt.Sprintf("may be set by the inherited settings (_extends: %s), which cannot be read offline", p.inherited)
}

// root is the mapping the settings are read from. When there is none,
// s says that nothing is known and ok is false.
func (p *fileParser) root(docs []*source.Doc, s *Settings) (root *yaml.Node, ok bool) {
	switch {
	case len(docs) == 0 && len(p.Problems) > 0:
		// ParseYAML has said why.
	case len(docs) == 0 || docs[0].Root == nil:
		return &yaml.Node{Kind: yaml.MappingNode}, true // an empty file declares nothing
	default:
		if len(docs) > 1 && docs[1].Root != nil {
			p.Invalid(docs[1].Root, "a settings file holds one YAML document; later documents are ignored")
		}
		if source.IsMap(docs[0].Root) {
			return docs[0].Root, true
		}
		p.Invalid(docs[0].Root, "a settings file is a mapping, not %s", source.KindName(docs[0].Root))
	}
	at := Origin{Pos: source.Pos{File: p.File, Line: 1, Col: 1}, Source: "settings file"}
	reason := "the settings file could not be read"
	s.DefaultBranch = source.String{Value: "main"}
	s.Classic = unknownProtection(at, reason)
	s.Protection = unknownProtection(at, reason)
	s.Gaps = append(s.Gaps, Gap{Area: AreaRepository, What: "settings declared in " + p.File, Reason: reason, Pos: at.Pos})
	return nil, false
}

func (p *fileParser) readExtends(root *yaml.Node, s *Settings) {
	k, v := source.Lookup(root, "_extends")
	if k == nil {
		return
	}
	p.inherited = source.Str(p.File, v).Value
	if p.inherited == "" {
		p.inherited = "?"
	}
	p.extendsPos = p.pos(k)
	s.Gaps = append(s.Gaps, Gap{
		Area:   AreaInherited,
		What:   "settings inherited from " + p.inherited,
		Reason: "inherited settings cannot be read offline; settings this file does not state are unknown",
		Pos:    p.extendsPos,
	})
}

func (p *fileParser) readDefaultBranch(root *yaml.Node, s *Settings) {
	k, v := source.Lookup(source.Get(root, "repository"), "default_branch")
	if k != nil && source.IsScalar(v) && !source.IsNull(v) {
		s.DefaultBranch = source.Str(p.File, v)
		return
	}
	if k != nil {
		p.Invalid(v, "default_branch must be a branch name, not %s", source.KindName(v))
	}
	name := "main"
	if p.branchEntry(root, "master") != nil && p.branchEntry(root, "main") == nil {
		name = "master"
	}
	s.DefaultBranch = source.String{Value: name}
	at := p.pos(source.Get(root, "repository"))
	if !at.IsValid() {
		at = source.Pos{File: p.File, Line: 1, Col: 1}
	}
	s.Gaps = append(s.Gaps, Gap{
		Area:   AreaRepository,
		What:   "default branch",
		Reason: fmt.Sprintf("repository.default_branch is not declared; assumed %q", name),
		Pos:    at,
	})
}

// branchEntry finds the last entry of branches named name: the settings
// app applies entries in order, so a later one wins.
func (p *fileParser) branchEntry(root *yaml.Node, name string) *yaml.Node {
	var found *yaml.Node
	for _, e := range source.Items(source.Get(root, "branches")) {
		if source.Str(p.File, source.Get(e, "name")).Value == name {
			found = e
		}
	}
	return found
}

// classic reads the protection the file declares for branch.
func (p *fileParser) classic(root *yaml.Node, branch source.String) *Protection {
	entry := p.branchEntry(root, branch.Value)
	var key, value *yaml.Node
	if entry != nil {
		key, value = source.Lookup(entry, "protection")
	}
	if key == nil {
		at := p.undeclaredAt(root, entry, branch.Pos)
		if p.inherited != "" {
			return unknownProtection(at, p.inheritedReason())
		}
		return unprotected(at)
	}
	at := Origin{Pos: p.pos(key), Source: classicSource}
	if source.IsNull(value) || (source.IsMap(value) && len(source.Pairs(value)) == 0) {
		return unprotected(at)
	}
	if !source.IsMap(value) {
		p.Invalid(value, "protection must be a mapping or null, not %s", source.KindName(value))
		return unknownProtection(at, "protection is malformed")
	}
	return p.protection(key, value)
}

// undeclaredAt is where "no protection is declared" is reported: the
// branch's entry, else the branches key, else the declared default
// branch, else the start of the file.
func (p *fileParser) undeclaredAt(root, entry *yaml.Node, branchPos source.Pos) Origin {
	at := Origin{Source: classicSource}
	k, _ := source.Lookup(root, "branches")
	switch {
	case entry != nil:
		at.Pos = p.pos(entry)
	case k != nil:
		at.Pos = p.pos(k)
	case branchPos.IsValid():
		at.Pos = branchPos
	default:
		at.Pos = source.Pos{File: p.File, Line: 1, Col: 1}
	}
	return at
}
