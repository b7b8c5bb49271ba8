package riskyflagdefault_test

import (
	"testing"

	"github.com/lockstep-lint/lockstep/analyzers/internal/flagtest"
	"github.com/lockstep-lint/lockstep/analyzers/riskyflagdefault"
	"github.com/lockstep-lint/lockstep/rules/flags"
)

func TestAnalyzer(t *testing.T) {
	flagtest.Run(t, riskyflagdefault.Analyzer, "defaults")
}

func TestDocExample(t *testing.T) {
	flagtest.RunDoc(t, riskyflagdefault.Analyzer, flags.RiskyFlagDefault.Meta())
}
