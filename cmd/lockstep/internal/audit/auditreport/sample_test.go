package auditreport

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
	"github.com/lockstep-lint/lockstep/rules/registry"
)

// finding is a record finding of a registered rule, with a fingerprint
// that depends only on the repository, rule and message, so the same
// finding in two audits matches as the engine's fingerprints do.
func finding(repo, rule, message, path string, line int) record.Finding {
	m := registry.Lookup(rule)
	if m == nil {
		panic("no rule " + rule)
	}
	sum := sha256.Sum256([]byte(repo + "\x00" + rule + "\x00" + message))
	f := record.Finding{
		Rule: m.ID, Name: m.Name, Category: string(m.Category), Severity: m.Severity.String(),
		Message: message, Fingerprint: hex.EncodeToString(sum[:16]) + ":1",
	}
	if path == "" {
		f.Logical = "github:" + repo + "@main"
	} else {
		f.Path, f.Line, f.Column = path, line, 3
	}
	return f
}

func run(target string, started time.Time, repositories int) record.Run {
	return record.Run{
		Version: record.Version, Tool: "v0.4.0", Target: target, API: "https://api.github.com/",
		Options: "sha256:5d41402abc4b2a76b9719d911017c592", Shard: record.Shard{Index: 0, Count: 1},
		Started: started, Repositories: repositories,
	}
}

func ok(repo string, files, services int, findings ...record.Finding) record.Record {
	return record.Record{
		Version: record.Version, Repository: repo, DefaultBranch: "main", Status: record.OK,
		Files: files, Services: services, Settings: "github", Findings: findings,
	}
}

func failed(repo, reason string) record.Record {
	return record.Record{Version: record.Version, Repository: repo, Status: record.Failed, Reason: reason, Findings: []record.Finding{}}
}

// shopGraph is acme/shop's service graph: a checkout flow with a
// synchronous cycle, a shared module and a topic.
func shopGraph() *record.Graph {
	svc := func(n string) record.Node { return record.Node{ID: "service:" + n, Kind: "service", Name: n} }
	e := func(from, to, kind string, sync bool) record.Edge {
		return record.Edge{From: from, To: to, Kind: kind, Sync: sync}
	}
	return &record.Graph{
		Nodes: []record.Node{
			svc("cart"), svc("catalog"), svc("checkout"), svc("gateway"), svc("inventory"),
			svc("notifications"), svc("orders"), svc("payments"), svc("pricing"),
			{ID: "module:github.com/acme/shop/libs/platform", Kind: "module", Name: "libs/platform"},
			{ID: "topic:order-events", Kind: "topic", Name: "order-events"},
		},
		Edges: []record.Edge{
			e("service:gateway", "service:cart", "calls", true),
			e("service:gateway", "service:catalog", "calls", true),
			e("service:gateway", "service:checkout", "calls", true),
			e("service:cart", "service:pricing", "calls", true),
			e("service:catalog", "service:inventory", "waits-for", true),
			e("service:checkout", "service:orders", "api-client", true),
			e("service:orders", "service:payments", "calls", true),
			e("service:payments", "service:orders", "calls", true),
			e("service:orders", "topic:order-events", "topic", false),
			e("service:notifications", "topic:order-events", "topic", false),
			e("service:cart", "module:github.com/acme/shop/libs/platform", "module", false),
			e("service:orders", "module:github.com/acme/shop/libs/platform", "module", false),
			e("service:payments", "module:github.com/acme/shop/libs/platform", "module", false),
		},
	}
}

var (
	previousStart = time.Date(2026, 2, 23, 6, 0, 0, 0, time.UTC)
	currentStart  = time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
)

// previousInput is the audit a week before sampleInput.
func previousInput() Input {
	return Input{
		Run: run("org:acme", previousStart, 8),
		Records: []record.Record{
			ok("acme/billing", 41, 2,
				finding("acme/billing", "LS201", "the default branch main is not protected", "", 0),
				finding("acme/billing", "LS203", "pull requests into main need no review", "", 0),
				finding("acme/billing", "LS106", "the deploy workflow runs only on workflow_dispatch", ".github/workflows/deploy.yml", 3),
			),
			ok("acme/docs-site", 12, 0),
			ok("acme/identity", 88, 1,
				finding("acme/identity", "LS304", `flag "legacy-login" is defined but no code evaluates it`, "flags/flags.yaml", 14),
			),
			failed("acme/legacy-erp", "the repository archive is larger than the 1 GiB limit"),
			ok("acme/mobile-api", 57, 1,
				finding("acme/mobile-api", "LS203", "pull requests into main need 0 approving reviews", "", 0),
			),
			ok("acme/old-monolith", 310, 1,
				finding("acme/old-monolith", "LS102", "deploys run only on the schedule 0 22 * * 5", ".github/workflows/release.yml", 5),
			),
			ok("acme/shop", 212, 9,
				finding("acme/shop", "LS101", `job "deploy" deploys 9 services at once: cart, catalog, checkout, gateway, inventory, and 4 more`, ".github/workflows/release-train.yml", 48),
				finding("acme/shop", "LS102", "deploys run only on release tags v*", ".github/workflows/release-train.yml", 4),
				finding("acme/shop", "LS205", "the required checks leave out a security scan", "", 0),
				finding("acme/shop", "LS402", "services cart, orders, payments build in libs/platform through replace directives", "services/cart/go.mod", 7),
			),
		},
		Stats: record.Stats{Requests: 1710, NotModified: 12, Retries: 2, Elapsed: 9*time.Minute + 4*time.Second},
	}
}

// sampleInput is a small organization with findings in every category,
// two failed repositories, a coupling graph and an earlier audit.
func sampleInput() Input {
	prev := Build(previousInput())
	shop := ok("acme/shop", 214, 9,
		finding("acme/shop", "LS101", `job "deploy" deploys 9 services at once: cart, catalog, checkout, gateway, inventory, and 4 more`, ".github/workflows/release-train.yml", 48),
		finding("acme/shop", "LS102", "deploys run only on release tags v*", ".github/workflows/release-train.yml", 4),
		finding("acme/shop", "LS104", "9 services are pinned to one release version, .Values.global.tag", "deploy/charts/shop/values.yaml", 2),
		finding("acme/shop", "LS205", "the required checks leave out a security scan", "", 0),
		finding("acme/shop", "LS301", "service notifications is deployed on every merge but evaluates no feature flag", "services/notifications/main.go", 1),
		finding("acme/shop", "LS402", "services cart, orders, payments build in libs/platform through replace directives", "services/cart/go.mod", 7),
		finding("acme/shop", "LS403", `catalog waits for inventory in its init container "wait-for-inventory"`, "deploy/k8s/catalog.yaml", 31),
		finding("acme/shop", "LS404", "orders and payments call each other synchronously: orders → payments → orders", "deploy/k8s/orders.yaml", 40),
	)
	shop.Findings[6].Related = []record.Related{{Path: "deploy/k8s/inventory.yaml", Line: 12, Column: 9, Message: "service inventory"}}
	shop.Graph = shopGraph()
	mobile := ok("acme/mobile-api", 57, 1,
		finding("acme/mobile-api", "LS003", "classic branch protection could not be read: the token lacks Administration: read", "", 0),
		finding("acme/mobile-api", "LS203", "pull requests into main need 0 approving reviews", "", 0),
		finding("acme/mobile-api", "LS306", `flag "fast-sync" defaults to true where its evaluation fails`, "internal/sync/sync.go", 77),
	)
	mobile.SettingsGaps = []string{"classic branch protection: the token lacks Administration: read"}
	return Input{
		Run: run("org:acme", currentStart, 9),
		Records: []record.Record{
			shop,
			ok("acme/billing", 43, 2,
				finding("acme/billing", "LS201", "the default branch main is not protected", "", 0),
				finding("acme/billing", "LS106", "the deploy workflow runs only on workflow_dispatch", ".github/workflows/deploy.yml", 3),
				finding("acme/billing", "LS207", "the default branch main allows force pushes", "", 0),
			),
			ok("acme/docs-site", 12, 0),
			ok("acme/identity", 90, 1,
				// Markup and a table pipe in a message: every format must escape them.
				finding("acme/identity", "LS303", `code evaluates flag "new-<login>|beta" & no definition file defines it`, "internal/login/handler.go", 52),
			),
			failed("acme/legacy-erp", "the repository archive is larger than the 1 GiB limit"),
			mobile,
			ok("acme/search", 66, 3,
				finding("acme/search", "LS001", "yaml: line 9: did not find expected key", "deploy/helm/values-prod.yaml", 9),
				finding("acme/search", "LS105", `chart "search" is an umbrella over 3 services: indexer, query, crawler`, "deploy/helm/Chart.yaml", 6),
			),
			failed("acme/data-lake", "the repository is empty"),
		},
		Stats:    record.Stats{Requests: 1834, NotModified: 240, CachedArchives: 3, Retries: 1, RateLimitWaits: 1, RateLimitWaited: 42 * time.Second, Elapsed: 7*time.Minute + 31*time.Second},
		Previous: prev,
	}
}

// bigInput is an organization of n repositories with about ten findings
// each, every tenth with a coupling graph and every fiftieth failed.
func bigInput(n int) Input {
	ids := []string{"LS101", "LS102", "LS103", "LS201", "LS203", "LS205", "LS207", "LS301", "LS303", "LS401", "LS402", "LS403", "LS404", "LS003"}
	in := Input{Run: run("org:big", currentStart, n)}
	for i := range n {
		name := fmt.Sprintf("big/service-%04d", i)
		if i%50 == 49 {
			in.Records = append(in.Records, failed(name, "the repository is empty"))
			continue
		}
		var fs []record.Finding
		for j := range (i % 13) + 3 {
			id := ids[(i+j*5)%len(ids)]
			fs = append(fs, finding(name, id, fmt.Sprintf("finding %d of %s in a realistic sentence of moderate length", j, name), fmt.Sprintf("deploy/k8s/app-%d.yaml", j), 10+j))
		}
		rec := ok(name, 100+i, 1+i%12, fs...)
		if i%10 == 0 {
			rec.Graph = shopGraph()
		}
		in.Records = append(in.Records, rec)
	}
	return in
}
