// Package contracts holds the diff-mode rules about API contracts (LS41x):
// a change that breaks an OpenAPI, protobuf or shared Go module contract,
// and a change that breaks one and edits its consumers at once. They run
// only with a repo.Diff (`lockstep check --base REF`).
//
// A contract's provider is the service whose directory holds it. Its
// consumers are found in the repository, simply and by text:
//
//   - a copy: another OpenAPI document with the same info.title, or
//     another .proto file with the same package, outside the provider;
//   - a reference: a file outside the provider naming the contract's
//     path, relative to itself or to the repository root (code generator
//     configs such as oapi-codegen or buf.gen.yaml, go:generate lines,
//     Makefiles lockstep reads);
//   - an address: a file outside the provider holding a URL or host:port
//     with the provider's service name as host (http://orders:8080,
//     orders.shop.svc.cluster.local, ORDERS_ADDR=orders:9090).
//
// A consumer is named by the service whose directory holds the reference,
// or by the file when no service does.
package contracts

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/lockstep-lint/lockstep/rules"
	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/apispec"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// settings are shared by LS410–LS412.
type settings struct {
	// WithoutConsumer is the severity of a breaking change when no
	// consumer is known in the repository: consumers elsewhere (another
	// team's repository, a public API) still break.
	WithoutConsumer rules.Severity `yaml:"without-consumer"`
}

func defaultSettings() *settings { return &settings{WithoutConsumer: rules.Warning} }

// Validate rejects an unset severity.
func (s *settings) Validate() error {
	if s.WithoutConsumer == rules.SeverityDefault {
		return fmt.Errorf("without-consumer: want note, warning or error")
	}
	return nil
}

func withoutConsumer(p *rules.Pass) rules.Severity {
	if s, ok := p.Settings.(*settings); ok && s != nil && s.WithoutConsumer != rules.SeverityDefault {
		return s.WithoutConsumer
	}
	return rules.Warning
}

// breaking is one incompatible change to a contract.
type breaking struct {
	At      source.Pos // in the changed version, or the closest place left
	Message string
	Base    source.Pos // where it was in the base version, if known
}

// contractChange is a changed contract file and what breaks in it.
type contractChange struct {
	Path     string
	Provider *repo.Service
	Breaking []breaking
	// Problem is set when the contract could not be compared.
	Problem *breaking
}

// consumerRef is one place a consumer refers to a contract.
type consumerRef struct {
	Consumer string // service name, or the file's path
	Dir      string // the consumer's directory; "" when it is a file
	Pos      source.Pos
	Kind     string // "copy", "reference" or "address"
}

// baseLocation shows where something was in the merge base: it is not in
// any file on disk, so it is a logical location in git's <rev>:<path>
// style.
func baseLocation(p source.Pos) rules.Location {
	return rules.Logical(fmt.Sprintf("merge-base:%s:%d:%d", p.File, p.Line, p.Col))
}

// owner is the service whose directory holds p (the most specific one).
// A service rooted at the repository root owns only what no other does.
func owner(r *repo.Repo, p string) *repo.Service {
	var best *repo.Service
	for _, s := range r.Services {
		if s.Dir == "" {
			continue
		}
		if s.Dir != "." && p != s.Dir && !strings.HasPrefix(p, s.Dir+"/") {
			continue
		}
		if best == nil || best.Dir == "." || len(s.Dir) > len(best.Dir) {
			best = s
		}
	}
	return best
}

func within(p, dir string) bool {
	return dir == "." || p == dir || strings.HasPrefix(p, dir+"/")
}

// maxRefsPerFile bounds the references one file contributes.
const maxRefsPerFile = 20

// consumers finds the consumers of the contract at specPath, provided by
// provider (nil when no service holds it). sameContract recognises a copy.
func consumers(r *repo.Repo, specPath string, provider *repo.Service, sameContract func(*apispec.Spec) bool) []consumerRef {
	var out []consumerRef
	outside := func(p string) bool {
		return p != specPath && (provider == nil || provider.Dir == "." || !within(p, provider.Dir))
	}
	add := func(p string, pos source.Pos, kind string) {
		ref := consumerRef{Consumer: p, Pos: pos, Kind: kind}
		if s := owner(r, p); s != nil && s.Dir != "." {
			if provider != nil && s == provider {
				return
			}
			ref.Consumer, ref.Dir = s.Name, s.Dir
		}
		out = append(out, ref)
	}
	for _, s := range r.APISpecs {
		if outside(s.Path) && sameContract(s) {
			add(s.Path, s.Pos, "copy")
		}
	}
	var hostRE *regexp.Regexp
	if provider != nil && provider.Name != "" {
		n := regexp.QuoteMeta(provider.Name)
		hostRE = regexp.MustCompile(`(?i)(?:://` + n + `(?:[.:/"'\s]|$)|(?:^|[\s"'=])` + n + `:[0-9]+\b|\b` + n + `\.[a-z0-9-]+\.svc\b)`)
	}
	base := path.Base(specPath)
	for _, f := range r.Files {
		if !outside(f.Path) || bytes.IndexByte(f.Data, 0) >= 0 {
			continue
		}
		n := 0
		for _, at := range pathRefs(f.Data, base, path.Dir(f.Path), specPath) {
			if n++; n > maxRefsPerFile {
				break
			}
			add(f.Path, offsetPos(f.Path, f.Data, at), "reference")
		}
		if hostRE == nil {
			continue
		}
		for _, loc := range hostRE.FindAllIndex(f.Data, maxRefsPerFile) {
			start := loc[0]
			for start < loc[1] && strings.ContainsRune(" \t\r\n\"'=", rune(f.Data[start])) {
				start++
			}
			add(f.Path, offsetPos(f.Path, f.Data, start), "address")
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pos.Before(out[j].Pos) })
	return out
}

const pathDelims = " \t\r\n\"'`=,()[]{}<>;"

// pathRefs returns the offsets of tokens in data that name target, either
// relative to dir or to the repository root.
func pathRefs(data []byte, base, dir, target string) []int {
	var out []int
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte(base))
		if j < 0 {
			return out
		}
		j += i
		end := j + len(base)
		i = end
		if end < len(data) && !strings.ContainsRune(pathDelims, rune(data[end])) {
			continue
		}
		start := j
		for start > 0 && !strings.ContainsRune(pathDelims, rune(data[start-1])) {
			start--
		}
		tok := strings.TrimPrefix(string(data[start:end]), "file://")
		if path.Join(dir, tok) == target || path.Clean(strings.TrimPrefix(tok, "/")) == target {
			out = append(out, start)
		}
	}
}

// offsetPos is the position of a byte offset; columns count runes.
func offsetPos(file string, data []byte, off int) source.Pos {
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	ls := bytes.LastIndexByte(data[:off], '\n') + 1
	return source.Pos{File: file, Line: line, Col: 1 + utf8.RuneCount(data[ls:off])}
}

// consumerNames lists the distinct consumers.
func consumerNames(refs []consumerRef) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range refs {
		if !seen[r.Consumer] {
			seen[r.Consumer] = true
			out = append(out, r.Consumer)
		}
	}
	sort.Strings(out)
	return out
}

func nameList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func refText(r consumerRef) string {
	switch r.Kind {
	case "copy":
		return r.Consumer + " holds a copy of the contract"
	case "address":
		return r.Consumer + " calls the provider here"
	case "module":
		return r.Consumer + " builds against the module here"
	}
	return r.Consumer + " generates or reads code from the contract here"
}

// report emits one finding per breaking change of c, with the severity the
// consumers call for.
func report(p *rules.Pass, c *contractChange, refs []consumerRef, what string) {
	if c.Problem != nil {
		p.Report(rules.Finding{Location: rules.At(c.Problem.At), Severity: rules.Note, Message: c.Problem.Message})
		return
	}
	names := consumerNames(refs)
	var related []rules.Related
	for _, r := range refs {
		related = append(related, rules.RelatedAt(r.Pos, refText(r)))
	}
	for _, b := range c.Breaking {
		f := rules.Finding{Location: rules.At(b.At)}
		var rel []rules.Related
		if b.Base.IsValid() {
			rel = append(rel, rules.Related{Location: baseLocation(b.Base), Message: "as it was at the merge base"})
		}
		if len(names) == 0 {
			f.Severity = withoutConsumer(p)
			f.Message = fmt.Sprintf("breaking %s change: %s (no consumer found in this repository; consumers elsewhere break)", what, b.Message)
		} else {
			f.Message = fmt.Sprintf("breaking %s change: %s; it breaks %s unless deployed together", what, b.Message, nameList(names))
			rel = append(rel, related...)
		}
		f.Related = rel
		p.Report(f)
	}
}

// changedContracts yields the diff's changed files (modified or renamed)
// that are API specs of one of the given formats, with their base content.
func changedContracts(p *rules.Pass, formats ...string) []changed {
	if p.Diff == nil || p.Diff.ReadBase == nil {
		return nil
	}
	var out []changed
	for _, s := range p.Repo.APISpecs {
		if !contains(formats, s.Format) {
			continue
		}
		fc := p.Diff.Files[s.Path]
		if fc == nil || (fc.Status != 'M' && fc.Status != 'R') {
			continue
		}
		basePath := s.Path
		if fc.OldPath != "" {
			basePath = fc.OldPath
		}
		data, err := p.Diff.ReadBase(basePath)
		if err != nil {
			continue
		}
		out = append(out, changed{spec: s, basePath: basePath, base: data, head: p.Repo.Data(s.Path)})
	}
	return out
}

type changed struct {
	spec       *apispec.Spec
	basePath   string
	base, head []byte
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func specAt(p *rules.Pass, path string) *apispec.Spec {
	for _, s := range p.Repo.APISpecs {
		if s.Path == path {
			return s
		}
	}
	return &apispec.Spec{Path: path}
}
