package gosrc
import ("strings";"testing";"time")
func TestSlow(t *testing.T) {
	for _, in := range []string{"import \"é\";", "main ", "func main", "\"", "é"} {
		data := []byte("package main;" + strings.Repeat(in, 4<<20/len(in)))
		start := time.Now(); ParseFile("a.go", data); t.Logf("%q %v", in, time.Since(start))
	}
}
