package helm

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
	"github.com/lockstep-lint/lockstep/rules/repo/source/sourcetest"
)

func docs(t testing.TB, file, data string) []*source.Doc {
	t.Helper()
	d, problems := source.ParseYAML(file, []byte(data), source.DefaultLimits)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return d
}

func at(s source.String) string { return fmt.Sprintf("%s@%d:%d", s.Value, s.Pos.Line, s.Pos.Col) }

func TestChartValuesAssemble(t *testing.T) {
	c, problems := ParseChart("deploy/charts/shop/Chart.yaml", docs(t, "deploy/charts/shop/Chart.yaml", `apiVersion: v2
name: shop
version: 2024.11.2
appVersion: "2024.11.2"
dependencies:
  - name: orders
    version: 2024.11.2
    repository: file://../orders
  - name: redis
    version: 18.1.0
    repository: https://charts.bitnami.com/bitnami
`))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	v, _ := ParseValues("deploy/charts/shop/values.yaml", docs(t, "deploy/charts/shop/values.yaml", `global:
  image:
    registry: ghcr.io/acme
    tag: release-2024.11.2
orders:
  image:
    repository: ghcr.io/acme/orders
web:
  image: nginx:1.25
`))
	Assemble([]*Chart{c}, []*Values{v}, []string{"deploy/charts/shop/templates/_helpers.tpl", "deploy/charts/other/templates/x.yaml"})
	dir, local := c.Dependencies[0].Local()
	_, remote := c.Dependencies[1].Local()
	tag, _ := v.Lookup("global.image.tag")
	got := []string{
		at(c.Name), at(c.Version), at(c.AppVersion), at(c.Dependencies[0].Version), fmt.Sprint(c.Dependencies[1].Pos),
		dir, fmt.Sprint(local, remote), fmt.Sprint(c.IsUmbrella()), fmt.Sprint(len(c.Values), len(c.Templates)),
		v.Images[0].Key, at(v.Images[0].Tag), at(v.Images[0].Registry), v.Images[1].Key, at(v.Images[1].Repository),
		at(v.Images[2].Repository), at(tag),
	}
	want := []string{
		"shop@2:7", "2024.11.2@3:10", "2024.11.2@4:13", "2024.11.2@7:14", "deploy/charts/shop/Chart.yaml:9:5",
		"deploy/charts/orders", "true false", "true", "1 1",
		"global.image", "release-2024.11.2@4:10", "ghcr.io/acme@3:15", "orders.image", "ghcr.io/acme/orders@7:17",
		"nginx:1.25@9:10", "release-2024.11.2@4:10",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !IsTemplate("deploy/charts/shop/templates/deployment.yaml") || IsTemplate("deploy/charts/shop/values.yaml") {
		t.Error("IsTemplate")
	}
}

func TestChartProblems(t *testing.T) {
	_, problems := ParseChart("c/Chart.yaml", docs(t, "c/Chart.yaml", "name: c\ndependencies: {name: x}\n"))
	if len(problems) != 1 || problems[0].Error() != "c/Chart.yaml:2:15: invalid content: dependencies must be a list, not a mapping" {
		t.Fatalf("problems: %v", problems)
	}
}

func FuzzParseChart(f *testing.F) {
	f.Add([]byte("name: a\ndependencies: [{name: b, repository: 'file://../b'}]\nimage: {tag: x}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, _ := source.ParseYAML("Chart.yaml", data, source.Limits{MaxBytes: 1 << 16, MaxDepth: 64, MaxNodes: 1 << 14, MaxDocuments: 4})
		c, problems := ParseChart("Chart.yaml", d)
		sourcetest.CheckPositions(t, "Chart.yaml", c)
		sourcetest.CheckPositions(t, "Chart.yaml", problems)
		v, _ := ParseValues("Chart.yaml", d)
		sourcetest.CheckPositions(t, "Chart.yaml", v.Images)
		if c != nil {
			Assemble([]*Chart{c}, []*Values{v}, nil)
		}
	})
}
