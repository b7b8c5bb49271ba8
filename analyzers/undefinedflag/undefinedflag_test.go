package undefinedflag_test

import (
	"testing"

	"github.com/lockstep-lint/lockstep/analyzers/internal/flagtest"
	"github.com/lockstep-lint/lockstep/analyzers/undefinedflag"
	"github.com/lockstep-lint/lockstep/rules/flags"
)

func TestAnalyzer(t *testing.T) {
	flagtest.Run(t, undefinedflag.Analyzer, "undefined", "nodefs")
}

func TestDocExample(t *testing.T) {
	flagtest.RunDoc(t, undefinedflag.Analyzer, flags.UndefinedFlag.Meta())
}
