package repo

import (
	"testing"
	"testing/fstest"
)

func TestWanted(t *testing.T) {
	tests := map[string]bool{
		".lockstep.yml":                     true,
		".github/workflows/ci.yml":          true,
		"CODEOWNERS":                        true,
		"docs/CODEOWNERS":                   true,
		"src/CODEOWNERS":                    false,
		"deploy/chart/templates/NOTES.txt":  true, // a template once deploy/chart/Chart.yaml is seen
		"deploy/chart/templates/_x.tpl":     true,
		"web/static/logo.png":               false,
		"README.md":                         false,
		"package-lock.json":                 false,
		"api/openapi.json":                  true,
		"services/orders/main.go":           true,
		"services/orders/vendor/x/y.go":     false,
		"node_modules/a/docker-compose.yml": false,
		"pkg/testdata/fixture.yaml":         false,
		"vendor.yaml":                       true, // a file named like a skipped directory is still read
		"Dockerfile.prod":                   true,
		"flags.toml":                        true,
		"config.toml":                       false,
	}
	for p, want := range tests {
		if got := Wanted(p); got != want {
			t.Errorf("Wanted(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestWantedCoversEveryCandidate: every file the walk would read, in any
// tree, is wanted, so a streamed reader never drops one Load reads.
func TestWantedCoversEveryCandidate(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, p := range []string{
		".github/workflows/a.yml", ".github/settings.yml", ".gitlab-ci.yml", "CODEOWNERS",
		"chart/Chart.yaml", "chart/templates/d.yaml", "chart/templates/NOTES.txt", "chart/values.yaml",
		"chart/values-prod.yml", "chart/files/x.tpl", "charts/sub/Chart.yaml", "charts/sub/templates/sub/x.txt",
		"compose.yaml", "a/.env", "skaffold.yml", "go.mod", "go.work", "x.go", "api.proto", "Containerfile",
		"lerna.json", "k.yml", "swagger.json", "feature-flags.toml", "README.md", "img.png",
	} {
		fsys[p] = &fstest.MapFile{Data: []byte("x")}
	}
	cands, _, err := walkAll(fsys, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cands) != 24 {
		t.Errorf("%d candidates, want 24", len(cands))
	}
	for _, c := range cands {
		if !Wanted(c.path) {
			t.Errorf("the walk reads %s (%s) but Wanted says no", c.path, c.kind)
		}
	}
}
