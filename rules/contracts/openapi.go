package contracts

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo/apispec"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// openAPIContracts compares each changed OpenAPI 3 document with its base
// version. Swagger 2.0 documents are not compared (oasdiff reads OpenAPI 3).
func openAPIContracts(p *rules.Pass) []*contractChange {
	var out []*contractChange
	for _, c := range changedContracts(p, apispec.FormatOpenAPI) {
		cc := &contractChange{Path: c.spec.Path, Provider: owner(p.Repo, c.spec.Path)}
		bs, err := compareOpenAPI(c, func(name string) ([]byte, error) { return p.Diff.ReadBase(name) },
			func(name string) ([]byte, error) {
				if d := p.Repo.Data(name); d != nil {
					return d, nil
				}
				return nil, fmt.Errorf("%s: not found", name)
			})
		if err != nil {
			cc.Problem = &breaking{At: c.spec.Pos, Message: fmt.Sprintf("cannot compare %s with its merge-base version: %v", c.spec.Path, err)}
		}
		cc.Breaking = bs
		out = append(out, cc)
	}
	return out
}

// compareOpenAPI runs oasdiff's breaking-change checks (ERR level: the
// changes that break clients) with its defaults, which honour
// x-stability-level (alpha and draft operations may change) and
// deprecation with a sunset date.
func compareOpenAPI(c changed, readBase, readHead func(string) ([]byte, error)) ([]breaking, error) {
	base, err := loadSpec(c.basePath, c.base, readBase)
	if err != nil {
		return nil, fmt.Errorf("the merge-base version does not load: %w", err)
	}
	head, err := loadSpec(c.spec.Path, c.head, readHead)
	if err != nil {
		return nil, fmt.Errorf("this version does not load: %w", err)
	}
	d, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), base, head)
	if err != nil {
		return nil, err
	}
	changes := checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, sources, checker.ERR)
	headDoc := yamlRoot(c.head)
	l := checker.NewDefaultLocalizer()
	var out []breaking
	for _, ch := range changes {
		if !ch.IsBreaking() {
			continue
		}
		b := breaking{Message: ch.GetUncolorizedText(l) + " [" + ch.GetId() + "]"}
		if op := ch.GetOperation(); op != "" {
			b.Message = op + " " + ch.GetPath() + ": " + b.Message
		}
		if s := ch.GetRevisionSource(); s != nil && s.Line > 0 && sameFile(s.File, c.spec.Path) {
			b.At = source.Pos{File: c.spec.Path, Line: s.Line, Col: max(s.Column, 1)}
		}
		if s := ch.GetBaseSource(); s != nil && s.Line > 0 && sameFile(s.File, c.basePath) {
			b.Base = source.Pos{File: c.basePath, Line: s.Line, Col: max(s.Column, 1)}
		}
		if !b.At.IsValid() {
			// Removed in the new version: point at what is left of its
			// parents (the path, the paths object), else the version key.
			b.At = closest(c.spec, headDoc, ch.GetPath(), ch.GetOperation())
		}
		out = append(out, b)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].At != out[j].At {
			return out[i].At.Before(out[j].At)
		}
		return out[i].Message < out[j].Message
	})
	return out, nil
}

func sameFile(got, want string) bool {
	got = strings.TrimPrefix(got, "/")
	return got == "" || got == want || path.Clean(got) == want
}

// loadSpec loads a document with kin-openapi, reading relative $refs
// through read (from the same version of the repository) and refusing
// every other URL: lockstep never goes to the network.
func loadSpec(name string, data []byte, read func(string) ([]byte, error)) (*load.SpecInfo, error) {
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = true
	loader.IsExternalRefsAllowed = true
	loader.ReadFromURIFunc = func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		if u.Scheme != "" || u.Host != "" {
			return nil, fmt.Errorf("%s: only relative references within the repository are followed", u)
		}
		p := path.Clean(strings.TrimPrefix(u.Path, "/"))
		if strings.HasPrefix(p, "../") {
			return nil, fmt.Errorf("%s: outside the repository", u.Path)
		}
		return read(p)
	}
	info, err := func() (s *load.SpecInfo, err error) {
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("the OpenAPI loader failed: %v", v)
			}
		}()
		return load.NewSpecInfoFromData(loader, data, name)
	}()
	if err != nil {
		return nil, errors.New(strings.TrimSpace(err.Error()))
	}
	return info, nil
}

func yamlRoot(data []byte) *yaml.Node {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil || len(n.Content) == 0 {
		return nil
	}
	return source.Resolve(n.Content[0])
}

// closest is the deepest of paths, paths.<p>, paths.<p>.<op> that exists
// in the document.
func closest(spec *apispec.Spec, root *yaml.Node, p, op string) source.Pos {
	at := spec.Pos
	if root == nil {
		return at
	}
	k, paths := source.Lookup(root, "paths")
	if k == nil {
		return at
	}
	at = source.PosOf(spec.Path, k)
	if p == "" {
		return at
	}
	k, item := source.Lookup(paths, p)
	if k == nil {
		return at
	}
	at = source.PosOf(spec.Path, k)
	if k, _ := source.Lookup(item, strings.ToLower(op)); k != nil && op != "" {
		at = source.PosOf(spec.Path, k)
	}
	return at
}

// sameOpenAPI recognises a copy of the document: the same title.
func sameOpenAPI(spec *apispec.Spec) func(*apispec.Spec) bool {
	return func(o *apispec.Spec) bool {
		return (o.Format == apispec.FormatOpenAPI || o.Format == apispec.FormatSwagger) &&
			spec.Title.Value != "" && o.Title.Value == spec.Title.Value
	}
}
