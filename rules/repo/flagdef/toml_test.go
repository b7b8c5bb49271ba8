package flagdef

import (
	"strings"
	"testing"
)

func TestParseTOML(t *testing.T) {
	data := "# GO Feature Flag\r\n" +
		"[new-checkout]\r\n" +
		"  disable = false\r\n" +
		"  [new-checkout.variations]\r\n" +
		"    on = true\r\n" +
		"    off = false\r\n" +
		"  [new-checkout.defaultRule]\r\n" +
		"    variation = \"off\"\r\n" +
		"\n" +
		"[\"dark-mode\"]\n" +
		"variations = { on = true, off = false }\n" +
		"defaultRule = { variation = \"on\" }\n" +
		"\n" +
		"[server]\n" +
		"port = 8080\n"
	f, ok := ParseTOML("flags.goff.toml", []byte(data))
	if !ok {
		t.Fatal("not recognised as GO Feature Flag TOML")
	}
	var got []string
	for _, fl := range f.Flags {
		got = append(got, fl.Key.Pos.String()+" "+fl.Key.Value)
	}
	want := "flags.goff.toml:2:2 new-checkout\nflags.goff.toml:10:3 dark-mode"
	if strings.Join(got, "\n") != want || f.Format != GOFF {
		t.Errorf("flags:\n%s\nformat %s; want\n%s", strings.Join(got, "\n"), f.Format, want)
	}
	for _, notFlags := range []string{"[server]\nport = 8080\n", "[tool.poetry]\nname = \"x\"\n", "", "[[x]]\nvariations = 1\n", "[unterminated\n"} {
		if _, ok := ParseTOML("x.toml", []byte(notFlags)); ok {
			t.Errorf("%q recognised as flag definitions", notFlags)
		}
	}
}

func FuzzParseTOML(f *testing.F) {
	f.Add([]byte("[a]\n[a.variations]\non = true\n[a.defaultRule]\nvariation = \"on\"\n"))
	f.Add([]byte("[\"q.x\"]\nvariations = {}\ndefaultRule = {}\n"))
	f.Add([]byte("['\n[é]\nvariations=1\ndefaultRule=2"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, ok := ParseTOML("f.toml", data)
		if !ok {
			return
		}
		lines := strings.Split(string(data), "\n")
		for _, fl := range file.Flags {
			p := fl.Key.Pos
			if p.File != "f.toml" || p.Line < 1 || p.Line > len(lines) || p.Col < 1 {
				t.Fatalf("flag %q at %v: not a position in the file", fl.Key.Value, p)
			}
			if fl.Key.Value == "" {
				t.Fatal("a flag without a name")
			}
		}
	})
}
