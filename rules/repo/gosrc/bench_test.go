package gosrc

import (
	"fmt"
	"strings"
	"testing"
)

// typicalFile is a 200-line Go file of the usual shape: a doc comment,
// a dozen imports, types and methods.
func typicalFile(pkg string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "// Package %s handles orders.\npackage %s\n\nimport (\n", pkg, pkg)
	for _, imp := range []string{"context", "encoding/json", "errors", "fmt", "net/http", "strconv", "strings", "sync", "time",
		"github.com/open-feature/go-sdk/openfeature", "go.uber.org/zap", "example.com/shop/shared/money"} {
		fmt.Fprintf(&b, "\t%q\n", imp)
	}
	b.WriteString(")\n\n")
	for i := 0; strings.Count(b.String(), "\n") < 190; i++ {
		fmt.Fprintf(&b, `// Handler%d serves one route; "func main()" here is only text.
type Handler%[1]d struct {
	mu    sync.Mutex
	count int
}

func (h *Handler%[1]d) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.count++
	if err := json.NewEncoder(w).Encode(map[string]int{"n": h.count}); err != nil {
		http.Error(w, fmt.Sprint(err), http.StatusInternalServerError)
	}
}

`, i)
	}
	if pkg == "main" {
		b.WriteString("func main() {\n\thttp.ListenAndServe(\":8080\", nil)\n}\n")
	}
	return []byte(b.String())
}

func BenchmarkParseFile(b *testing.B) {
	for _, pkg := range []string{"orders", "main"} {
		data := typicalFile(pkg)
		b.Run(pkg, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				f, problems := ParseFile("svc/orders.go", data)
				if len(problems) > 0 || f.HasMain != (pkg == "main") {
					b.Fatalf("unexpected result %+v %v", f, problems)
				}
			}
		})
	}
}
