package graph

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/apispec"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// SpecOwner is the service that provides the API contract at p: the
// service whose directory holds it, else a service named by a directory
// of its path or by its file name (api/orders/openapi.yaml,
// proto/orders/v1/orders.proto). "" when none does.
func SpecOwner(r *repo.Repo, p string) string {
	if s := r.ServiceOfPath(p); s != nil {
		return s.Name
	}
	dir, file := path.Split(p)
	segs := strings.Split(strings.Trim(dir, "/"), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		if s := r.Service(segs[i]); s != nil {
			return s.Name
		}
	}
	stem := strings.TrimSuffix(file, path.Ext(file))
	for _, cut := range []string{"", ".openapi", "-openapi", "_openapi", ".swagger", "-api", "_api", ".api"} {
		if !strings.HasSuffix(stem, cut) {
			continue
		}
		if s := r.Service(strings.TrimSuffix(stem, cut)); s != nil {
			return s.Name
		}
	}
	return ""
}

var goGenerate = []byte("//go:generate")

// apiClients records services that generate a client from another
// service's contract with go:generate (oapi-codegen, protoc, buf,
// openapi-generator): a change to the contract changes the client.
func (b *builder) apiClients() {
	specs := map[string]*apispec.Spec{}
	for _, s := range b.r.APISpecs {
		specs[s.Path] = s
	}
	if len(specs) == 0 {
		return
	}
	for _, f := range b.r.Files {
		if f.Kind != repo.KindGo || !bytes.Contains(f.Data, goGenerate) {
			continue
		}
		consumer := b.serviceOfPath(path.Dir(f.Path))
		if consumer == "" {
			continue
		}
		dir := path.Dir(f.Path)
		for i, line := range strings.Split(string(f.Data), "\n") {
			col := strings.Index(line, "//go:generate")
			if col < 0 || strings.TrimSpace(line[:col]) != "" {
				continue
			}
			for _, w := range strings.Fields(line[col:]) {
				w = strings.Trim(w, `"'`)
				if j := strings.IndexByte(w, '='); j >= 0 {
					w = w[j+1:] // --input=../../api/x.yaml
				}
				spec := specs[path.Join(dir, w)]
				if spec == nil || path.IsAbs(w) {
					continue
				}
				owner := SpecOwner(b.r, spec.Path)
				b.add(consumer, owner, APIClient, Evidence{
					Pos:    source.Pos{File: f.Path, Line: i + 1, Col: runeCol(line, col)},
					Via:    ViaGoGenerate,
					Detail: fmt.Sprintf("go:generate builds a client of %s from %s", owner, spec.Path),
				})
			}
		}
	}
}

// runeCol is the 1-based column, in runes, of byte offset i of line.
func runeCol(line string, i int) int { return len([]rune(line[:i])) + 1 }
