package graph

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/kube"
	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// waitCommand recognises a script that blocks until something answers:
// the wait-for init container idiom.
var waitCommand = regexp.MustCompile(`\b(?:until|while)\b.*\b(?:wget|curl|nc|nslookup|getent|pg_isready|grpc_health_probe)\b|\bwait-for(?:-it)?\b|\bdockerize\b.*-wait\b|\bnc\s+-z\b`)

// netCommand recognises a probe command that talks to the network.
var netCommand = regexp.MustCompile(`\b(?:wget|curl|nc|grpc_health_probe|pg_isready|nslookup|getent|grpcurl|http)\b`)

// workloads reads the Kubernetes workloads of every service: the
// addresses in their containers' environment, init containers waiting
// for another service, and probes that ask another service.
func (b *builder) workloads() {
	for _, s := range b.r.Services {
		for _, o := range s.Workloads {
			if o.Workload == nil {
				continue
			}
			where := o.Kind.Value + " " + o.Name.Value
			for _, c := range o.Workload.InitContainers {
				b.containerEnv(s.Name, where, c, true)
				b.waitingInit(s.Name, where, c)
			}
			for _, c := range o.Workload.Containers {
				b.containerEnv(s.Name, where, c, false)
			}
			b.probes(s.Name, where, o)
		}
	}
}

func (b *builder) containerEnv(svc, where string, c *kube.Container, init bool) {
	for _, e := range c.Env {
		if e.FromRef {
			continue
		}
		b.env(Setting{Service: svc, Name: e.Name, Value: e.Value, Where: where, Init: init})
	}
}

// env records one environment variable of svc and the edges its value
// implies: an address of another service, or a topic.
func (b *builder) env(st Setting) {
	b.g.Env = append(b.g.Env, st)
	svc, where, name, value := st.Service, st.Where, st.Name, st.Value
	if !value.Pos.IsValid() || value.Value == "" {
		return
	}
	if topicKey.MatchString(name.Value) && !strings.Contains(value.Value, "://") {
		b.topics(svc, where, name, value)
		return
	}
	for _, h := range addressHosts(name.Value, value.Value) {
		if to := b.g.hosts.lookup(h); to != "" {
			b.add(svc, to, Calls, Evidence{Pos: value.Pos, Via: ViaEnv, Detail: fmt.Sprintf("%s=%s in %s", name.Value, value.Value, where)})
		}
	}
}

// waitingInit records an init container that loops until another
// service answers: the pod cannot start while that service is down.
func (b *builder) waitingInit(svc, where string, c *kube.Container) {
	words := append(append([]source.String(nil), c.Command...), c.Args...)
	var parts []string
	for _, w := range words {
		parts = append(parts, w.Value)
	}
	if !waitCommand.MatchString(strings.Join(parts, " ")) {
		return
	}
	for _, w := range words {
		for _, to := range b.g.hosts.scriptHosts(w.Value) {
			b.add(svc, to, WaitsFor, Evidence{Pos: w.Pos, Via: ViaInitContainer,
				Detail: fmt.Sprintf("init container %q of %s waits for %s", c.Name.Value, where, to)})
		}
	}
}

// podSpecPaths says where each workload kind keeps its pod spec.
var podSpecPaths = map[string][]string{
	"Deployment":  {"spec", "template", "spec"},
	"StatefulSet": {"spec", "template", "spec"},
	"DaemonSet":   {"spec", "template", "spec"},
	"ReplicaSet":  {"spec", "template", "spec"},
	"Job":         {"spec", "template", "spec"},
	"Rollout":     {"spec", "template", "spec"},
	"CronJob":     {"spec", "jobTemplate", "spec", "template", "spec"},
	"Pod":         {"spec"},
}

// probes records readiness and startup probes that ask another service:
// the pod is not ready (or not started) while that service is down.
func (b *builder) probes(svc, where string, o *kube.Object) {
	p, ok := podSpecPaths[o.Kind.Value]
	if !ok || o.Node == nil {
		return
	}
	spec := source.Path(o.Node, p...)
	for _, c := range source.Items(source.Get(spec, "containers")) {
		name := source.Str(o.Path, source.Get(c, "name")).Value
		for _, key := range []string{"readinessProbe", "startupProbe"} {
			probe := source.Get(c, key)
			if probe == nil || !source.IsMap(probe) {
				continue
			}
			via := ViaReadiness
			if key == "startupProbe" {
				via = ViaStartup
			}
			detail := fmt.Sprintf("%s of container %q of %s", key, name, where)
			if h := source.Str(o.Path, source.Path(probe, "httpGet", "host")); h.Value != "" {
				if to := b.g.hosts.lookup(h.Value); to != "" {
					b.add(svc, to, WaitsFor, Evidence{Pos: h.Pos, Via: via, Detail: detail + " asks " + to})
				}
			}
			b.probeCommand(svc, via, detail, o.Path, source.Path(probe, "exec", "command"))
		}
	}
}

func (b *builder) probeCommand(svc, via, detail, file string, n *yaml.Node) {
	if n == nil || n.Kind != yaml.SequenceNode {
		return
	}
	words := source.Strings(file, n)
	var parts []string
	for _, w := range words {
		parts = append(parts, w.Value)
	}
	if !netCommand.MatchString(strings.Join(parts, " ")) {
		return
	}
	for _, w := range words {
		for _, to := range b.g.hosts.scriptHosts(w.Value) {
			b.add(svc, to, WaitsFor, Evidence{Pos: w.Pos, Via: via, Detail: detail + " asks " + to})
		}
	}
}
