package apispec
import ("strings";"testing";"time")
func TestSlow(t *testing.T) {
	for _, in := range []string{"message A { ", "}", "service S { rpc A(", "/*", "\"", "é ", "message é {"} {
		data := []byte(strings.Repeat(in, 4<<20/len(in)))
		start := time.Now(); ParseProto("a.proto", data); t.Logf("%q %v", in, time.Since(start))
	}
}
