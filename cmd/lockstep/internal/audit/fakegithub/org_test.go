package fakegithub

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestGenerateMixAndDeterminism(t *testing.T) {
	a := Generate(OrgOptions{Name: "acme", Repos: 1000, Seed: 7})
	b := Generate(OrgOptions{Name: "acme", Repos: 1000, Seed: 7})
	if len(a.Repos()) != 1000 {
		t.Fatalf("%d repositories, want 1000", len(a.Repos()))
	}
	want := map[Kind]int{}
	for k, w := range DefaultMix {
		want[k] = w // the default mix is per thousand
	}
	if got := a.CountByKind(); !reflect.DeepEqual(got, want) {
		t.Errorf("kinds = %v, want %v", got, want)
	}
	for i, ra := range a.Repos() {
		rb := b.Repos()[i]
		if ra.Name != rb.Name || ra.SHA != rb.SHA || ra.Kind != rb.Kind || !ra.PushedAt.Equal(rb.PushedAt) ||
			!reflect.DeepEqual(ra.Settings, rb.Settings) || !reflect.DeepEqual(ra.Files(), rb.Files()) {
			t.Fatalf("repository %d differs between two generations with one seed: %s vs %s", i, ra.Name, rb.Name)
		}
	}
	other := Generate(OrgOptions{Name: "acme", Repos: 1000, Seed: 8})
	if other.Repos()[0].Name == a.Repos()[0].Name && other.Repos()[1].Name == a.Repos()[1].Name {
		t.Error("another seed gave the same organization")
	}
}

func TestGenerateSmallOrgHasEveryKind(t *testing.T) {
	org := Generate(OrgOptions{Repos: len(Kinds), Seed: 1})
	for _, k := range Kinds {
		if org.CountByKind()[k] != 1 {
			t.Errorf("kind %s: %d repositories, want 1", k, org.CountByKind()[k])
		}
	}
}

func TestGenerateAttributes(t *testing.T) {
	org := Generate(OrgOptions{Repos: 1000, Seed: 3})
	count := map[string]int{}
	names := map[string]bool{}
	for _, r := range org.Repos() {
		if names[r.Name] {
			t.Fatalf("name %s given twice", r.Name)
		}
		names[r.Name] = true
		count["branch:"+r.DefaultBranch]++
		if r.Archived {
			count["archived"]++
		}
		if r.Fork {
			count["fork"]++
		}
		if r.Private {
			count["private"]++
		}
		if r.Settings.Protection != nil {
			count["classic"]++
		}
		if len(org.BranchRules(r)) > 0 {
			count["rules"]++
		}
		switch {
		case r.Kind == Empty && (r.SizeKB != 0 || r.SHA != "" || len(r.Files()) != 0):
			t.Errorf("empty %s: size %d, sha %q, %d files", r.Name, r.SizeKB, r.SHA, len(r.Files()))
		case r.Kind != Empty && len(r.SHA) != 40:
			t.Errorf("%s: sha %q", r.Name, r.SHA)
		case r.PushedAt.Before(r.CreatedAt):
			t.Errorf("%s pushed before it was created", r.Name)
		}
	}
	for _, k := range []string{"branch:main", "branch:master", "branch:trunk", "archived", "fork", "private", "classic", "rules"} {
		if count[k] == 0 {
			t.Errorf("no repository with %s: %v", k, count)
		}
	}
	if count["branch:main"] < 800 {
		t.Errorf("%d repositories on main, want most", count["branch:main"])
	}
}

func TestKindsHaveTheirContent(t *testing.T) {
	org := Generate(OrgOptions{Repos: 200, Seed: 11})
	seen := map[Kind]bool{}
	for _, r := range org.Repos() {
		if seen[r.Kind] {
			continue
		}
		seen[r.Kind] = true
		files := r.Files()
		switch r.Kind {
		case BigBang:
			if !strings.Contains(files[".github/workflows/release-train.yml"], "cron:") {
				t.Errorf("%s: no scheduled release train", r.Name)
			}
		case Independent:
			wf := files[".github/workflows/deploy.yml"]
			if !strings.Contains(wf, "branches: ["+r.DefaultBranch+"]") || !strings.Contains(wf, "go test") {
				t.Errorf("%s: the workflow neither deploys on push to %s nor tests:\n%s", r.Name, r.DefaultBranch, wf)
			}
		case Coupled:
			if !strings.Contains(strings.Join(values(files), "\n"), "=> ../../libs/platform") {
				t.Errorf("%s: no service replaces the shared module", r.Name)
			}
		case SettingsFile:
			if !strings.Contains(files[".github/settings.yml"], "required_status_checks:") {
				t.Errorf("%s: settings.yml:\n%s", r.Name, files[".github/settings.yml"])
			}
		case InvalidYAML:
			if files[".github/workflows/deploy.yml"] == serviceWorkflow(r.Name, r.Owner, r.DefaultBranch) {
				t.Errorf("%s: the workflow was not damaged", r.Name)
			}
		}
	}
	if len(seen) != len(Kinds) {
		t.Errorf("kinds seen: %v", seen)
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// untar reads an archive as a client would, returning the pax global
// comment and the members' contents by name.
func untar(t *testing.T, data []byte) (comment string, members map[string]string, err error) {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return "", nil, err
	}
	tr := tar.NewReader(gz)
	members = map[string]string{}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return comment, members, err
		}
		if hdr.Typeflag == tar.TypeXGlobalHeader {
			comment = hdr.PAXRecords["comment"]
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return comment, members, err
		}
		members[hdr.Name] = string(b)
	}
	// Reading to the gzip trailer checks the CRC.
	_, err = io.Copy(io.Discard, gz)
	return comment, members, err
}

func TestTarballShape(t *testing.T) {
	org := Generate(OrgOptions{Name: "acme", Repos: 50, Seed: 5})
	for _, r := range org.Repos() {
		if r.Kind != Independent && r.Kind != BigBang {
			continue
		}
		comment, members, err := untar(t, r.Tarball())
		if err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		if comment != r.SHA {
			t.Errorf("%s: pax comment %q, want %q", r.Name, comment, r.SHA)
		}
		top := "acme-" + r.Name + "-" + r.SHA[:7] + "/"
		files := r.Files()
		regular := 0
		for name, content := range members {
			if !strings.HasPrefix(name, top) {
				t.Errorf("%s: member %s is outside %s", r.Name, name, top)
			}
			if strings.HasSuffix(name, "/") {
				continue
			}
			regular++
			if files[strings.TrimPrefix(name, top)] != content {
				t.Errorf("%s: %s differs from Files()", r.Name, name)
			}
		}
		if regular != len(files) || members[top] != "" {
			t.Errorf("%s: %d files in the tarball, %d in Files(); top directory entry present: %v", r.Name, regular, len(files), members[top] == "")
		}
	}
}

func TestTarballGitOrder(t *testing.T) {
	got := gitOrder(map[string]string{"a.txt": "", "a/b": "", "b/c/d": "", "a-b": ""})
	want := []string{"", "a-b", "a.txt", "a/", "a/b", "b/", "b/c/", "b/c/d"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
}

func TestTarballDeterministicAndTouch(t *testing.T) {
	pick := func(org *Org) *Repo {
		for _, r := range org.Repos() {
			if r.Kind == Independent {
				return r
			}
		}
		t.Fatal("no independent repository")
		return nil
	}
	a, b := Generate(OrgOptions{Repos: 30, Seed: 9}), Generate(OrgOptions{Repos: 30, Seed: 9})
	ra, rb := pick(a), pick(b)
	if !bytes.Equal(ra.Tarball(), rb.Tarball()) {
		t.Fatal("one seed, two tarballs")
	}
	touched := a.Touch(ra.Name)
	if touched.SHA == ra.SHA || !touched.PushedAt.After(ra.PushedAt) || a.Repo(ra.Name) != touched {
		t.Fatalf("Touch: sha %s -> %s, pushed %v -> %v", ra.SHA, touched.SHA, ra.PushedAt, touched.PushedAt)
	}
	comment, members, err := untar(t, touched.Tarball())
	if err != nil || comment != touched.SHA {
		t.Fatalf("touched tarball: comment %q, err %v", comment, err)
	}
	if !strings.Contains(members[touched.TopDir()+"/README.md"], "Revision 1.") {
		t.Error("the touched README does not show the new revision")
	}
	if comment, _, _ := untar(t, ra.Tarball()); comment != ra.SHA {
		t.Error("Touch changed the Repo it replaced")
	}
}

func TestBrokenTarballsFail(t *testing.T) {
	org := Generate(OrgOptions{Repos: 1000, Seed: 2})
	how := map[string]int{}
	for _, r := range org.Repos() {
		if r.Kind != Broken {
			continue
		}
		how[r.BrokenHow()]++
		if _, _, err := untar(t, r.Tarball()); err == nil {
			t.Errorf("%s (%s) reads without error", r.Name, r.BrokenHow())
		}
	}
	if how["truncated"] == 0 || how["not-gzip"] == 0 {
		t.Errorf("broken archives: %v, want both kinds", how)
	}
}

func TestHugeTarballStreams(t *testing.T) {
	org := Generate(OrgOptions{Repos: 100, Seed: 4, HugeBytes: 1536 << 10})
	var huge *Repo
	for _, r := range org.Repos() {
		if r.Kind == Huge {
			huge = r
			break
		}
	}
	if huge.Tarball() != nil {
		t.Fatal("a huge tarball is kept in memory")
	}
	var buf bytes.Buffer
	if err := huge.WriteTarball(&buf); err != nil {
		t.Fatal(err)
	}
	if n := buf.Len(); n < 1536<<10 || n > 2<<20 {
		t.Errorf("huge tarball of %d bytes, want about 1.5 MiB", n)
	}
	if huge.SizeKB < 1536 {
		t.Errorf("listing size %d KiB is below the archive's", huge.SizeKB)
	}
	_, members, err := untar(t, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if members[huge.TopDir()+"/go.mod"] == "" {
		t.Error("the huge repository has no ordinary files")
	}
	var again bytes.Buffer
	_ = huge.WriteTarball(&again)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two streams of one huge tarball differ")
	}
}

// BenchmarkGenerate is the cost of a 1,000-repository organization,
// before any file or tarball is made.
func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(OrgOptions{Repos: 1000, Seed: 1})
	}
}

// BenchmarkTarballs is the cost of building and caching every ordinary
// tarball of a 1,000-repository organization, as a full audit makes the
// server do; it reports the bytes kept.
func BenchmarkTarballs(b *testing.B) {
	var kept int64
	for b.Loop() {
		kept = 0
		for _, r := range Generate(OrgOptions{Repos: 1000, Seed: 1}).Repos() {
			kept += int64(len(r.Tarball()))
		}
	}
	b.ReportMetric(float64(kept)/(1<<20), "MiB-cached")
}
