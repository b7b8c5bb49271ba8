package fakegithub_test

import (
	"context"
	"fmt"
	"net/url"

	gh "github.com/google/go-github/v60/github"

	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/fakegithub"
)

// A test of the audit starts a fake GitHub, points its client at URL()
// and compares what the server counted with its budget.
func Example() {
	org := fakegithub.Generate(fakegithub.OrgOptions{Name: "acme", Repos: 120, Seed: 1})
	srv := fakegithub.Start(org, fakegithub.Options{Token: "t0ken"})
	defer srv.Close()

	client := gh.NewClient(nil).WithAuthToken("t0ken")
	client.BaseURL, _ = url.Parse(srv.URL())
	listed := 0
	opts := &gh.RepositoryListByOrgOptions{Type: "all", ListOptions: gh.ListOptions{PerPage: 100}}
	for {
		repos, resp, err := client.Repositories.ListByOrg(context.Background(), "acme", opts)
		if err != nil {
			fmt.Println(err)
			return
		}
		listed += len(repos)
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	st := srv.Stats()
	fmt.Println("listed", listed, "repositories in", st.Metered, "metered requests")
	fmt.Println("independent:", org.CountByKind()[fakegithub.Independent], "big-bang:", org.CountByKind()[fakegithub.BigBang])
	// Output:
	// listed 120 repositories in 2 metered requests
	// independent: 48 big-bang: 18
}
