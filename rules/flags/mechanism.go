package flags

import (
	"go/scanner"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// InHouse turns the project's in-house flag packages (.lockstep.yml
// flags.packages) into SDK table entries.
func InHouse(pkgs []repo.FlagPackage) []SDK {
	out := make([]SDK, 0, len(pkgs))
	for _, p := range pkgs {
		sdk := SDK{Name: "in-house " + p.Path, Prefixes: []string{p.Path}}
		if len(p.Calls) > 0 {
			sdk.Calls = []Call{{Names: p.Calls, Key: p.Key, Default: p.Default}}
		}
		out = append(out, sdk)
	}
	return out
}

// toggleName matches environment variables that switch features: the
// weak mechanism of SIGNALS.md C3 (a restart flips them).
var toggleName = regexp.MustCompile(`^(?:FEATURE|FEATURES|FF|ENABLE|FLAG)_[A-Z0-9_]+$|^[A-Z0-9_]+_(?:ENABLED|FEATURE|FLAG)$`)

// infraWords mark toggles of infrastructure, not of product behaviour:
// TRACING_ENABLED or ENABLE_PPROF say nothing about hiding unfinished work.
var infraWords = map[string]bool{
	"TRACING": true, "TRACE": true, "TRACES": true, "OTEL": true, "TELEMETRY": true, "METRICS": true,
	"PROMETHEUS": true, "PROFILING": true, "PROFILER": true, "PPROF": true, "DEBUG": true, "LOG": true,
	"LOGGING": true, "LOGS": true, "TLS": true, "SSL": true, "MTLS": true, "CORS": true, "CACHE": true,
	"CACHING": true, "HEALTH": true, "HEALTHCHECK": true, "SENTRY": true, "DATADOG": true, "JAEGER": true,
	"ZIPKIN": true, "GZIP": true, "COMPRESSION": true, "SWAGGER": true, "AUTH": true, "MIGRATIONS": true,
	"RATE": true, "RATELIMIT": true, "IPV6": true, "HTTP2": true, "H2C": true, "KEEPALIVE": true,
}

// IsToggle reports an environment variable name that looks like a feature
// toggle rather than infrastructure configuration.
func IsToggle(name string) bool {
	if !toggleName.MatchString(name) {
		return false
	}
	for _, w := range strings.Split(name, "_") {
		if infraWords[w] {
			return false
		}
	}
	return true
}

// goText is what the flag rules read of the repository's Go code: its
// string literals (flag keys are written as literals, mostly in
// constants) and the environment variables it reads by literal name.
type goText struct {
	literals map[string]source.Pos // value -> first position, non-test files
	prefixes []string              // literals ending in a separator: keys built at run time
	hasGo    bool
	toggles  []envUse // os.Getenv("FEATURE_X"), struct tags env:"ENABLE_X"
}

type envUse struct {
	name string
	pos  source.Pos
}

type goTextKey struct{}

// scanGo reads the string literals of every Go file that ships (tests
// and build-ignored files left out), once per model.
func scanGo(r *repo.Repo) *goText {
	return r.Derived(goTextKey{}, func() any {
		t := &goText{literals: map[string]source.Pos{}}
		for _, pkg := range r.GoPackages {
			for _, f := range pkg.Files {
				if f.Test || f.BuildIgnored {
					continue
				}
				t.hasGo = true
				t.scan(f.Path, r.Data(f.Path))
			}
		}
		return t
	}).(*goText)
}

// tagEnv finds env:"X" and envconfig:"X" in a struct tag.
var tagEnv = regexp.MustCompile(`\b(?:env|envconfig):"([A-Za-z0-9_]+)`)

// scan tokenizes one file: the scanner, unlike a text search, does not
// mistake comments for code, and is much cheaper than parsing.
func (t *goText) scan(path string, data []byte) {
	var s scanner.Scanner
	file := token.NewFileSet().AddFile(path, -1, len(data))
	s.Init(file, data, nil, 0)
	var window [4]string // the last tokens, to see os.Getenv( before a literal
	for {
		p, tok, lit := s.Scan()
		if tok == token.EOF {
			return
		}
		if tok == token.STRING {
			if v, err := strconv.Unquote(lit); err == nil {
				pos := runePos(path, data, file.Position(p))
				if _, seen := t.literals[v]; !seen {
					t.literals[v] = pos
				}
				if n := len(v); n > 1 && strings.ContainsRune("-_./:", rune(v[n-1])) {
					t.prefixes = append(t.prefixes, v)
				}
				if window[0] == "os" && window[1] == "." && (window[2] == "Getenv" || window[2] == "LookupEnv") && window[3] == "(" && IsToggle(v) {
					t.toggles = append(t.toggles, envUse{v, pos})
				}
				for _, m := range tagEnv.FindAllStringSubmatch(v, -1) {
					if IsToggle(m[1]) {
						t.toggles = append(t.toggles, envUse{m[1], pos})
					}
				}
			}
		}
		text := lit
		if text == "" {
			text = tok.String()
		}
		window = [4]string{window[1], window[2], window[3], text}
	}
}

// runePos converts go/token's byte column into the model's rune column.
func runePos(path string, data []byte, p token.Position) source.Pos {
	start := p.Offset - (p.Column - 1)
	if start < 0 || p.Offset > len(data) {
		return source.Pos{File: path, Line: p.Line, Col: p.Column}
	}
	return source.Pos{File: path, Line: p.Line, Col: utf8.RuneCount(data[start:p.Offset]) + 1}
}

// reference finds where Go code names a flag key: a literal equal to it,
// or a literal prefix of it ending in a separator ("checkout-" + name),
// since a key built at run time may be any flag it can spell.
func (t *goText) reference(key string) (source.Pos, bool) {
	if pos, ok := t.literals[key]; ok {
		return pos, true
	}
	for _, p := range t.prefixes {
		if strings.HasPrefix(key, p) {
			return t.literals[p], true
		}
	}
	return source.Pos{}, false
}

// within reports whether p is dir or below it ("." holds everything).
// It builds no dir+"/": LS301 asks it for every Go package and service.
func within(p, dir string) bool {
	return dir == "." || strings.HasPrefix(p, dir) && (len(p) == len(dir) || p[len(dir)] == '/')
}
