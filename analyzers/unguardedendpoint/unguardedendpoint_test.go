package unguardedendpoint_test

import (
	"testing"

	"github.com/lockstep-lint/lockstep/analyzers/internal/flagtest"
	"github.com/lockstep-lint/lockstep/analyzers/unguardedendpoint"
	"github.com/lockstep-lint/lockstep/rules/flags"
)

func TestAnalyzer(t *testing.T) {
	flagtest.Run(t, unguardedendpoint.Analyzer, "routes")
}

func TestDocExample(t *testing.T) {
	flagtest.RunDoc(t, unguardedendpoint.Analyzer, flags.UnguardedNewEndpoint.Meta())
}
