package graph

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// topicKey names variables that hold message topics, queues or subjects.
var topicKey = regexp.MustCompile(`(?i)(?:^|_)(?:TOPIC|QUEUE|SUBJECT|STREAM|EXCHANGE)S?(?:_NAMES?)?$`)

// topicName is a plausible topic: no spaces, no interpolation.
var topicName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`)

// topics records the topics a variable names (comma-separated), as
// asynchronous edges to a topic node that other services meet on.
func (b *builder) topics(svc, where string, name, value source.String) {
	for _, t := range strings.Split(value.Value, ",") {
		t = strings.TrimSpace(t)
		if !topicName.MatchString(t) {
			continue
		}
		id := "topic:" + t
		b.node(id, TopicNode, t, value.Pos)
		b.add(svc, id, Topic, Evidence{Pos: value.Pos, Via: ViaTopicEnv, Detail: fmt.Sprintf("%s=%s in %s", name.Value, value.Value, where)})
	}
}

// topicObjects declares the topics of KafkaTopic objects (Strimzi), so
// that the graph shows where a topic is defined even before a service
// names it.
func (b *builder) topicObjects() {
	for _, o := range b.r.Objects {
		if o.Kind.Value != "KafkaTopic" || o.Name.Value == "" {
			continue
		}
		name := o.Name.Value
		if n := source.Str(o.Path, source.Path(o.Node, "spec", "topicName")); n.Value != "" {
			name = n.Value
		}
		b.node("topic:"+name, TopicNode, name, o.Name.Pos)
	}
}
