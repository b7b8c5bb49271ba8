package dynamicflagkey_test

import (
	"testing"

	"github.com/lockstep-lint/lockstep/analyzers/dynamicflagkey"
	"github.com/lockstep-lint/lockstep/analyzers/internal/flagtest"
	"github.com/lockstep-lint/lockstep/rules/flags"
)

func TestAnalyzer(t *testing.T) {
	flagtest.Run(t, dynamicflagkey.Analyzer, "keys")
}

func TestDocExample(t *testing.T) {
	flagtest.RunDoc(t, dynamicflagkey.Analyzer, flags.DynamicFlagKey.Meta())
}
