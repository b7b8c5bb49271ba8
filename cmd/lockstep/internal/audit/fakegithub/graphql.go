package fakegithub

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// graphql answers POST /api/graphql: the repository(owner:, name:) root
// field with what GitHub's GraphQL API shows of a repository's default
// branch and its classic protection (object below), under any alias, with
// fragments; and rateLimit. A field it does not know is an error, as
// GitHub's schema validation makes it.
func (s *Server) graphql(r *http.Request) *answer {
	var req struct {
		Query string `json:"query"`
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err := json.Unmarshal(body, &req); err != nil || req.Query == "" {
		return graphqlError(http.StatusBadRequest, "Problems parsing JSON")
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: req.Query})
	if err != nil {
		return graphqlError(http.StatusOK, "Parse error: "+err.Error())
	}
	if len(doc.Operations) != 1 || doc.Operations[0].Operation != ast.Query {
		return graphqlError(http.StatusOK, "one query operation is served")
	}
	g := &resolver{fragments: doc.Fragments}
	data := g.object(s.queryRoot(), doc.Operations[0].SelectionSet, nil)
	if g.invalid != "" {
		return graphqlError(http.StatusOK, g.invalid)
	}
	out := map[string]any{"data": data}
	if len(g.errors) > 0 {
		out["errors"] = g.errors
	}
	a := jsonAnswer(http.StatusOK, out)
	a.etag = false // GitHub's GraphQL answers carry no validator
	return a
}

func graphqlError(status int, msg string) *answer {
	a := jsonAnswer(status, map[string]any{"errors": []map[string]string{{"message": msg}}})
	a.etag = false
	return a
}

// object is a GraphQL object as the fake serves it: its typename and its
// fields, each either a value, an object, a list of objects, or a func
// resolving arguments.
type object struct {
	typename string
	fields   map[string]any
}

// field is a field with arguments, resolved to a value or an *object
// (nil for null); path is where its value goes, for errors.
type field func(g *resolver, args map[string]any, path []any) any

type resolver struct {
	fragments ast.FragmentDefinitionList
	errors    []map[string]any
	invalid   string // a validation error: the whole query fails
}

func (g *resolver) object(o *object, set ast.SelectionSet, path []any) map[string]any {
	out := map[string]any{}
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			key := sel.Alias
			if key == "" {
				key = sel.Name
			}
			out[key] = g.field(o, sel, append(append([]any{}, path...), key))
		case *ast.InlineFragment:
			if sel.TypeCondition == "" || sel.TypeCondition == o.typename {
				for k, v := range g.object(o, sel.SelectionSet, path) {
					out[k] = v
				}
			}
		case *ast.FragmentSpread:
			def := g.fragments.ForName(sel.Name)
			if def == nil {
				g.invalid = fmt.Sprintf("Fragment %s was used, but not defined", sel.Name)
				continue
			}
			if def.TypeCondition == o.typename {
				for k, v := range g.object(o, def.SelectionSet, path) {
					out[k] = v
				}
			}
		}
	}
	return out
}

func (g *resolver) field(o *object, f *ast.Field, path []any) any {
	if f.Name == "__typename" {
		return o.typename
	}
	v, ok := o.fields[f.Name]
	if !ok {
		g.invalid = fmt.Sprintf("Field '%s' doesn't exist on type '%s'", f.Name, o.typename)
		return nil
	}
	if fn, ok := v.(field); ok {
		args := map[string]any{}
		for _, a := range f.Arguments {
			args[a.Name], _ = a.Value.Value(nil)
		}
		v = fn(g, args, path)
	}
	switch v := v.(type) {
	case *object:
		if v == nil {
			return nil
		}
		return g.object(v, f.SelectionSet, path)
	case []*object:
		list := make([]any, len(v))
		for i, item := range v {
			list[i] = g.object(item, f.SelectionSet, append(append([]any{}, path...), i))
		}
		return list
	}
	return v
}

func (s *Server) queryRoot() *object {
	return &object{typename: "Query", fields: map[string]any{
		"rateLimit": &object{typename: "RateLimit", fields: map[string]any{"cost": 1, "remaining": 4999, "limit": 5000}},
		"repository": field(func(g *resolver, args map[string]any, path []any) any {
			owner, _ := args["owner"].(string)
			name, _ := args["name"].(string)
			repo := s.repoNamed(owner, name)
			if repo == nil {
				g.errors = append(g.errors, notFoundError(owner, name, path))
				return (*object)(nil)
			}
			return s.repositoryObject(repo)
		}),
	}}
}

func (s *Server) repositoryObject(repo *Repo) *object {
	var ref any = (*object)(nil)
	if repo.Kind != Empty {
		var rule any = (*object)(nil)
		if p := repo.Settings.Protection; p != nil {
			rule = protectionRule(p)
		}
		ref = &object{typename: "Ref", fields: map[string]any{"name": repo.DefaultBranch, "branchProtectionRule": rule}}
	}
	return &object{typename: "Repository", fields: map[string]any{
		"name": repo.Name, "viewerCanAdminister": true, "defaultBranchRef": ref,
	}}
}

func protectionRule(p *Protection) *object {
	f := map[string]any{
		"isAdminEnforced":          p.EnforceAdmins.Enabled,
		"allowsForcePushes":        p.AllowForcePushes.Enabled,
		"allowsDeletions":          p.AllowDeletions.Enabled,
		"requiresLinearHistory":    p.RequiredLinearHistory.Enabled,
		"requiresApprovingReviews": p.RequiredPullRequestReviews != nil,
		"requiresStatusChecks":     p.RequiredStatusChecks != nil,
		// GitHub's GraphQL says strict even where no status check is
		// required (github.com/orgs/community/discussions/59471).
		"requiresStrictStatusChecks": p.RequiredStatusChecks == nil || p.RequiredStatusChecks.Strict,
	}
	var allowances []*object
	reviews := p.RequiredPullRequestReviews
	if reviews == nil {
		reviews = &Reviews{}
	}
	f["requiredApprovingReviewCount"] = reviews.RequiredApprovingReviewCount
	f["dismissesStaleReviews"] = reviews.DismissStaleReviews
	f["requiresCodeOwnerReviews"] = reviews.RequireCodeOwnerReviews
	f["requireLastPushApproval"] = reviews.RequireLastPushApproval
	if a := reviews.BypassPullRequestAllowances; a != nil {
		actor := func(typename string, fields map[string]any) *object {
			return &object{typename: "BypassPullRequestAllowance", fields: map[string]any{
				"actor": &object{typename: typename, fields: fields},
			}}
		}
		for _, u := range a.Users {
			allowances = append(allowances, actor("User", map[string]any{"login": u.Login, "databaseId": u.ID}))
		}
		for _, t := range a.Teams {
			allowances = append(allowances, actor("Team", map[string]any{"slug": t.Slug, "databaseId": t.ID}))
		}
		for _, app := range a.Apps {
			allowances = append(allowances, actor("App", map[string]any{"slug": app.Slug, "databaseId": app.ID}))
		}
	}
	f["bypassPullRequestAllowances"] = &object{typename: "BypassPullRequestAllowanceConnection", fields: map[string]any{
		"pageInfo": &object{typename: "PageInfo", fields: map[string]any{"hasNextPage": false}},
		"nodes":    allowances,
	}}
	var checks []*object
	if sc := p.RequiredStatusChecks; sc != nil {
		for _, c := range sc.Checks {
			var app any = (*object)(nil)
			if c.AppID != nil {
				app = &object{typename: "App", fields: map[string]any{"databaseId": *c.AppID}}
			}
			checks = append(checks, &object{typename: "RequiredStatusCheckDescription", fields: map[string]any{
				"context": c.Context, "app": app,
			}})
		}
	}
	f["requiredStatusChecks"] = checks
	return &object{typename: "BranchProtectionRule", fields: f}
}

// notFoundError is GitHub's error for a repository root field it cannot
// resolve, with the field's data null.
func notFoundError(owner, name string, path []any) map[string]any {
	return map[string]any{
		"type":    "NOT_FOUND",
		"path":    path,
		"message": fmt.Sprintf("Could not resolve to a Repository with the name '%s'.", strings.Trim(owner+"/"+name, "/")),
	}
}
