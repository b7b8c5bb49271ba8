package graph

import (
	"regexp"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo"
	"github.com/lockstep-lint/lockstep/rules/repo/kube"
)

// hostIndex maps the names a service is reached by to the service: its
// own name, the Kubernetes Services selecting its workloads, its
// workloads and its Compose services. Lookups are map reads, so resolving
// every address of a 1,000-service monorepo stays linear.
type hostIndex struct {
	names      map[string]string
	namespaces map[string]bool
}

func newHostIndex(r *repo.Repo) *hostIndex {
	x := &hostIndex{names: map[string]string{}, namespaces: map[string]bool{"default": true}}
	set := func(name, svc string) {
		name = strings.ToLower(name)
		if _, taken := x.names[name]; !taken && name != "" {
			x.names[name] = svc
		}
	}
	// Own names first: they win over a Kubernetes Service of another
	// service that happens to share the name.
	for _, s := range r.Services {
		set(s.Name, s.Name)
	}
	idx := kube.NewIndex(r.Objects)
	for _, o := range r.Objects {
		if o.Namespace.Value != "" {
			x.namespaces[strings.ToLower(o.Namespace.Value)] = true
		}
		if o.Kind.Value == "Namespace" && o.Name.Value != "" {
			x.namespaces[strings.ToLower(o.Name.Value)] = true
		}
	}
	for _, s := range r.Services {
		for _, w := range s.Workloads {
			set(w.Name.Value, s.Name)
			for _, ks := range idx.ServicesSelecting(w) {
				set(ks.Name.Value, s.Name)
			}
		}
		for _, cs := range s.Compose {
			set(cs.Name.Value, s.Name)
		}
	}
	return x
}

// lookup resolves a host name: "orders", "orders.shop",
// "orders.shop.svc", "orders.shop.svc.cluster.local". Other dotted names
// (orders.example.com) are outside the cluster and resolve to nothing.
func (x *hostIndex) lookup(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return ""
	}
	labels := strings.Split(host, ".")
	switch {
	case len(labels) == 1:
	case strings.HasSuffix(host, ".svc.cluster.local") || strings.HasSuffix(host, ".svc"):
	case len(labels) == 2 && x.namespaces[labels[1]]:
	default:
		return ""
	}
	return x.names[labels[0]]
}

var (
	// urlRE finds scheme://[user@]host in a value.
	urlRE = regexp.MustCompile(`\b[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/\s"']*@)?([A-Za-z0-9_.-]+)`)
	// hostPortRE is a bare host:port, or a host alone, in an address
	// variable.
	hostPortRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_.-]*)(?::[0-9]{1,5})?$`)
	// addressKey names variables that hold an address of another service.
	addressKey = regexp.MustCompile(`(?i)(?:^|_)(?:ADDR|ADDRESS|URL|URI|ENDPOINT|HOST|HOSTNAME|SERVICE|TARGET|BROKERS?|DSN)S?$`)
)

// addressHosts lists the host names an environment variable's value
// holds: every URL's host, and for address-like names (ORDERS_ADDR,
// *_HOST, *_ENDPOINT) bare host[:port] items of a comma-separated list.
func addressHosts(name, value string) []string {
	var hosts []string
	for _, m := range urlRE.FindAllStringSubmatch(value, -1) {
		hosts = append(hosts, m[1])
	}
	if len(hosts) > 0 || !addressKey.MatchString(name) {
		return hosts
	}
	for _, item := range strings.Split(value, ",") {
		if m := hostPortRE.FindStringSubmatch(strings.TrimSpace(item)); m != nil {
			hosts = append(hosts, m[1])
		}
	}
	return hosts
}

// isWordSep separates the words of a shell script in which host names
// appear: "until nc -z payments 8080", "wget http://orders:8080/healthz".
func isWordSep(r rune) bool { return strings.ContainsRune(" \t\n/:@=\"'`${}()[],;|&<>", r) }

// scriptHosts lists the services a shell script names as hosts.
func (x *hostIndex) scriptHosts(script string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(script, isWordSep) {
		if s := x.lookup(w); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
