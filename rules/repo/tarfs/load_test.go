package tarfs

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/corpus"
	"github.com/lockstep-lint/lockstep/rules/repo/gitdiff/gittest"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// sameTreeFiles is a small monorepo with the bad input the loader turns
// into problems, and files lockstep never reads.
func sameTreeFiles() map[string]string {
	files := corpus.Generate(corpus.Options{Services: 4, Seed: 7})
	for p, data := range map[string]string{
		"CODEOWNERS":                               "* @acme/platform\n",
		"README.md":                                "# shop\n",
		"web/logo.png":                             "\x89PNG\r\n\x1a\n\x00\x00",
		"vendor/github.com/x/y/y.go":               "package y\n",
		"services/orders/testdata/fixture.yaml":    "kind: Secret\n",
		"deploy/charts/orders/templates/NOTES.txt": "Installed {{ .Release.Name }}\n",
		"deploy/bad/binary.yaml":                   "kind: \x00\x01\x02",
		"deploy/bad/latin1.yaml":                   "name: caf\xe9\n",
		"deploy/bad/huge.yaml":                     strings.Repeat("a: 1\n", (9<<20)/5),
		"deploy/bad/caf\xe9.yaml":                  "kind: ConfigMap\n",
		"ci/jobs.yml":                              "lint: {script: [make lint]}\n",
		".gitlab-ci.yml":                           "include:\n  - local: ci/jobs.yml\n  - local: ci/missing.yml\nbuild: {script: [make]}\n",
	} {
		files[p] = data
	}
	return files
}

// sameTreeLinks are symbolic links, in the tree and out of it.
var sameTreeLinks = map[string]string{
	"deploy/inside.yaml":  "orders/base/service.yaml",
	"deploy/abs.yaml":     "/etc/hostname",
	"deploy/rel.yaml":     "../../outside.yaml",
	"deploy/loop1.yaml":   "loop2.yaml",
	"deploy/loop2.yaml":   "loop1.yaml",
	"deploy/dirlink.yaml": "orders",
	"deploy/up":           "..",
}

// TestLoadSameAsDisk: repo.Load reads the archive of a tree exactly as
// repo.LoadDir reads the tree on disk: the same files, problems and
// services.
func TestLoadSameAsDisk(t *testing.T) {
	files := sameTreeFiles()
	dir := gittest.Tree(t, files)
	members := githubLayout(files)
	top := members[1].hdr.Name
	for link, target := range sameTreeLinks {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
		members = append(members, symlink(top+link, target))
	}
	ctx := context.Background()
	fromDisk, err := repo.LoadDir(ctx, dir, repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fsys := read(t, tarGz(t, members), Options{})
	fromArchive, err := repo.Load(ctx, fsys, dir, repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	disk, archive := summary(fromDisk), summary(fromArchive)
	if disk != archive {
		t.Fatalf("from disk:\n%s\nfrom the archive:\n%s", disk, archive)
	}

	// The comparison is of something: the services and every problem.
	var services []string
	for _, s := range fromArchive.Services {
		services = append(services, s.Name)
	}
	if strings.Join(services, " ") != "cart catalog orders payments" {
		t.Errorf("services %v", services)
	}
	var problems []string
	for _, p := range fromArchive.Problems {
		if p.Pos.File != ".gitlab-ci.yml" {
			problems = append(problems, fmt.Sprintf("%s: %s: %s", p.Pos.File, p.Reason, p.Message))
		}
	}
	sort.Strings(problems)
	want := []string{
		"deploy/abs.yaml: unreadable: symbolic link to /etc/hostname leaves the repository; not followed",
		"deploy/bad/binary.yaml: binary content: NUL byte in a text file",
		"deploy/bad/caf\xe9.yaml: unreadable: open: invalid argument",
		"deploy/bad/huge.yaml: file too large: 9437180 bytes exceeds the limit of 8388608 bytes",
		"deploy/bad/latin1.yaml: not UTF-8: invalid UTF-8 sequence",
		"deploy/loop1.yaml: unreadable: too many levels of symbolic links",
		"deploy/loop2.yaml: unreadable: too many levels of symbolic links",
		"deploy/rel.yaml: unreadable: symbolic link to ../../outside.yaml leaves the repository; not followed",
	}
	if strings.Join(problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
	if fromArchive.Data("deploy/inside.yaml") == nil || fromArchive.File("deploy/charts/orders/templates/NOTES.txt") == nil {
		t.Error("a file inside the tree was not read")
	}
}

// summary lists what a loaded repository holds, in a comparable form.
func summary(r *repo.Repo) string {
	var b strings.Builder
	for _, f := range r.Files {
		fmt.Fprintf(&b, "file %s %s %d %x\n", f.Path, f.Kind, len(f.Data), sha256.Sum256(f.Data))
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "problem %s: %s: %s\n", p.Pos, p.Reason, p.Message)
	}
	for _, s := range r.Services {
		fmt.Fprintf(&b, "service %s %s %s %s\n", s.Name, s.Origin, s.Dir, s.Pos)
	}
	fmt.Fprintf(&b, "workflows %d gitlab %d objects %d charts %d kustomizations %d go %d/%d dockerfiles %d directives %d\n",
		len(r.Workflows), len(r.GitLab), len(r.Objects), len(r.Charts), len(r.Kustomizations),
		len(r.GoModules), len(r.GoPackages), len(r.Dockerfiles), len(r.Directives))
	return b.String()
}

// TestTooLargeFileSameFinding: a file over the per-file limit is the same
// LS001 finding from disk and from an archive, at any limit, without its
// content ever being held; an archive limit below the loader's is an
// unreadable file, never a silent pass.
func TestTooLargeFileSameFinding(t *testing.T) {
	big := strings.Repeat("k: v\n", 400)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "big.yaml"), []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	lim := source.DefaultLimits
	lim.MaxBytes = 1000
	ctx := context.Background()
	fromDisk, err := repo.LoadDir(ctx, dir, repo.Options{Limits: lim})
	if err != nil {
		t.Fatal(err)
	}
	archive := tarGz(t, []member{reg("r/big.yaml", big)})
	fsys := read(t, archive, Options{Limits: Limits{MaxFileBytes: 1000}})
	fromArchive, err := repo.Load(ctx, fsys, dir, repo.Options{Limits: lim})
	if err != nil {
		t.Fatal(err)
	}
	const want = "big.yaml:1:1: file too large: 2000 bytes exceeds the limit of 1000 bytes"
	for name, r := range map[string]*repo.Repo{"disk": fromDisk, "archive": fromArchive} {
		if len(r.Problems) != 1 || r.Problems[0].Error() != want {
			t.Errorf("%s: %v", name, r.Problems)
		}
	}
	if n := fsys.nodes["big.yaml"]; n == nil || n.data != nil {
		t.Error("the archive kept the content of a file over the limit")
	}

	fsys = read(t, tarGz(t, []member{reg("r/mid.yaml", big[:750])}), Options{Limits: Limits{MaxFileBytes: 500}})
	r, err := repo.Load(ctx, fsys, dir, repo.Options{Limits: lim})
	if err != nil {
		t.Fatal(err)
	}
	const notKept = "mid.yaml: unreadable: open: content not kept from the archive: 750 bytes exceeds the per-file limit of 500 bytes"
	if len(r.Problems) != 1 || r.Problems[0].Error() != notKept {
		t.Errorf("archive limit below the loader's: %v", r.Problems)
	}
}

// TestLinkedTargetKept: a link with a name lockstep reads makes its
// target's content kept, whatever the target is called.
func TestLinkedTargetKept(t *testing.T) {
	manifest := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\n"
	fsys := read(t, tarGz(t, []member{
		symlink("r/deploy/cm.yaml", "../shared/cm.txt"),
		reg("r/shared/cm.txt", manifest),
		reg("r/shared/other.txt", "not read"),
	}), Options{})
	r, err := repo.Load(context.Background(), fsys, "r", repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Problems) != 0 || len(r.Objects) != 1 || r.Objects[0].Name.Value != "shared" {
		t.Errorf("problems %v, objects %d", r.Problems, len(r.Objects))
	}
	if _, err := fsys.ReadFile("shared/other.txt"); err == nil {
		t.Error("an unlinked file lockstep does not read was kept")
	}
}

// TestLoadNeverLeavesThroughALinkedDirectory: a link whose path passes
// through a link to a directory out of the tree is one problem, never a
// read. (LoadDir on disk lets the operating system follow such a middle
// link.)
func TestLoadNeverLeavesThroughALinkedDirectory(t *testing.T) {
	fsys := read(t, tarGz(t, []member{
		symlink("r/etc", "/etc"), symlink("r/up", "../.."),
		symlink("r/passwd.yaml", "etc/passwd"), symlink("r/up.yaml", "up/x.yaml"),
		reg("r/ok.yaml", "a: 1\n"),
	}), Options{})
	r, err := repo.Load(context.Background(), fsys, "r", repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range r.Problems {
		got = append(got, p.Error())
	}
	want := "passwd.yaml: unreadable: stat: symbolic link leaves the archive\n" +
		"up.yaml: unreadable: stat: symbolic link leaves the archive"
	if strings.Join(got, "\n") != want || len(r.Files) != 1 {
		t.Errorf("problems:\n%s\nfiles %d", strings.Join(got, "\n"), len(r.Files))
	}
}

// TestHundredThousandMembers: an archive of 100,000 small manifests is
// read completely, in bounded time, every file walkable and kept.
// (Loading them is rules/repo's TestHundredThousandFiles.)
func TestHundredThousandMembers(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds a 100,000-member archive, on one goroutine")
	}
	const n = 100000
	members := make([]member, 0, n+1)
	members = append(members, reg("r/.github/workflows/ok.yml", "on: push\n"))
	for i := range n {
		members = append(members, reg(fmt.Sprintf("r/deploy/many/cm-%06d.yaml", i),
			fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-%d}\n", i)))
	}
	start := time.Now()
	fsys := read(t, tarGz(t, members), Options{})
	var files, kept int
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		if n := fsys.nodes[p]; n.kept && len(n.data) == int(n.size) {
			kept++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != n+1 || kept != n+1 {
		t.Errorf("%d files, %d kept, want %d", files, kept, n+1)
	}
	data, err := fsys.ReadFile("deploy/many/cm-099999.yaml")
	if string(data) != "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-99999}\n" {
		t.Errorf("last file: %q %v", data, err)
	}
	t.Logf("built, read and walked in %v", time.Since(start))
}
