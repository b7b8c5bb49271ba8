package ci_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/ci"
)

func jobsByService(t *testing.T, dir string) map[string]string {
	t.Helper()
	r, err := repo.LoadDir(context.Background(), dir, repo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for svc, jobs := range ci.ServiceJobs(r) {
		var names []string
		for _, j := range jobs {
			names = append(names, j.Pipeline.Path[len(".github/workflows/"):]+":"+j.Name.Value)
		}
		sort.Strings(names)
		out[svc] = strings.Join(names, " ")
	}
	return out
}

func TestServiceJobsIndependent(t *testing.T) {
	got := jobsByService(t, "../../../testdata/examples/independent")
	if len(got) != 12 {
		t.Fatalf("%d services linked: %v", len(got), got)
	}
	want := "orders.yml:build orders.yml:deploy orders.yml:dry-run orders.yml:lint orders.yml:security orders.yml:test"
	if !strings.HasPrefix(got["orders"], "orders.yml:") || !strings.Contains(got["orders"], "orders.yml:deploy") || strings.Contains(got["orders"], "payments.yml") {
		t.Errorf("orders: %s\n(want the jobs of its own workflow, such as %s)", got["orders"], want)
	}
}

func TestServiceJobsIvoryJenga(t *testing.T) {
	got := jobsByService(t, "../../../testdata/examples/ivory-jenga")
	for _, svc := range []string{"orders", "cart", "gateway"} {
		if !strings.Contains(got[svc], "release-train.yml:build-"+svc) || !strings.Contains(got[svc], "release-train.yml:deploy") {
			t.Errorf("%s: %s", svc, got[svc])
		}
	}
	if strings.Contains(got["orders"], "build-cart") {
		t.Errorf("orders linked to cart's build: %s", got["orders"])
	}
}
