package gomod
import ("strings";"testing";"time")
func TestSlow(t *testing.T) {
	for _, in := range []string{"require a v1.0.0\n", "x\n", "require (\n", "\"\n", "replace a => ../b\n", "é é é é é é é é é é é\n"} {
		data := []byte("module m\n" + strings.Repeat(in, 2<<20/len(in)))
		start := time.Now(); Parse("go.mod", data); ParseWork("go.work", data); t.Logf("%q %v", in, time.Since(start))
	}
}
