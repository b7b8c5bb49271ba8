package auditreport

import (
	"github.com/lockstep-lint/lockstep/cmd/lockstep/internal/audit/record"
	"github.com/lockstep-lint/lockstep/rules"
)

// Scores rate one repository per category from 0 to 100; 100 means no
// finding. Overall is the worst of the four deployment categories: input
// findings say what lockstep could not read, not how the repository
// deploys, so they are scored but do not pull Overall down.
type Scores struct {
	Overall    int `json:"overall"`
	Input      int `json:"input"`
	BigBang    int `json:"big-bang"`
	Protection int `json:"protection"`
	Flags      int `json:"flags"`
	Coupling   int `json:"coupling"`
}

// The points a finding costs, by severity. Three errors, seven warnings
// or twenty notes take a category to zero; one error alone leaves a C.
const (
	errorCost   = 40
	warningCost = 15
	noteCost    = 5
)

// categories lists the rule families in ID order.
var categories = []rules.Category{
	rules.CategoryInput, rules.CategoryBigBang, rules.CategoryProtection,
	rules.CategoryFlags, rules.CategoryCoupling,
}

// Of is the score of one category.
func (s *Scores) Of(c rules.Category) int {
	switch c {
	case rules.CategoryInput:
		return s.Input
	case rules.CategoryBigBang:
		return s.BigBang
	case rules.CategoryProtection:
		return s.Protection
	case rules.CategoryFlags:
		return s.Flags
	case rules.CategoryCoupling:
		return s.Coupling
	}
	return 100
}

func (s *Scores) set(c rules.Category, v int) {
	switch c {
	case rules.CategoryInput:
		s.Input = v
	case rules.CategoryBigBang:
		s.BigBang = v
	case rules.CategoryProtection:
		s.Protection = v
	case rules.CategoryFlags:
		s.Flags = v
	case rules.CategoryCoupling:
		s.Coupling = v
	}
}

// score rates findings: 100 less the cost of each finding, floored at 0.
func score(findings []record.Finding) *Scores {
	lost := map[rules.Category]int{}
	for _, f := range findings {
		lost[rules.Category(f.Category)] += cost(f.Severity)
	}
	s := &Scores{Overall: 100}
	for _, c := range categories {
		v := max(0, 100-lost[c])
		s.set(c, v)
		if c != rules.CategoryInput {
			s.Overall = min(s.Overall, v)
		}
	}
	return s
}

func cost(severity string) int {
	switch severity {
	case "error":
		return errorCost
	case "warning":
		return warningCost
	case "note":
		return noteCost
	}
	return 0
}

// Grade is a score's letter: A from 90, B from 75, C from 50, D from 25,
// F below.
func Grade(score int) string {
	switch {
	case score >= 90:
		return "A"
	case score >= 75:
		return "B"
	case score >= 50:
		return "C"
	case score >= 25:
		return "D"
	}
	return "F"
}

func (g *Grades) add(score int) {
	switch Grade(score) {
	case "A":
		g.A++
	case "B":
		g.B++
	case "C":
		g.C++
	case "D":
		g.D++
	default:
		g.F++
	}
}
