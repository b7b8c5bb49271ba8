package actions

import (
	"go.yaml.in/yaml/v3"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

func (d *decoder) jobs(w *Workflow, v *yaml.Node) {
	for _, p := range d.pairs(v, "jobs") {
		id := source.Str(d.file, p.Key)
		path := "jobs." + id.Value
		if !source.IsMap(p.Value) {
			d.invalid(p.Value, path, "a mapping")
			continue
		}
		w.Jobs = append(w.Jobs, d.job(id, source.Resolve(p.Value), path))
	}
}

func (d *decoder) job(id source.String, v *yaml.Node, path string) *Job {
	j := &Job{ID: id, Pos: id.Pos}
	runsOn := false
	for _, p := range source.Pairs(v) {
		k, val := p.Key, p.Value
		sub := path + "." + k.Value
		switch k.Value {
		case "name":
			j.Name = d.str(val, sub)
		case "needs":
			j.Needs = d.strs(val, sub)
		case "if":
			j.If = d.str(val, sub)
		case "runs-on":
			runsOn = true
			d.runsOn(j, val, sub)
		case "environment":
			j.Environment = d.environment(k, val, sub)
		case "concurrency":
			j.Concurrency = d.concurrency(k, val, sub)
		case "permissions":
			j.Permissions = d.permissions(k, val, sub)
		case "strategy":
			j.Strategy = d.strategy(k, val, sub)
		case "uses":
			j.Uses = d.str(val, sub)
		case "with":
			j.With = d.kvs(val, sub)
		case "secrets":
			if source.IsScalar(val) && !source.IsNull(val) {
				j.SecretsMode = source.Str(d.file, val)
			} else {
				j.Secrets = d.kvs(val, sub)
			}
		case "env":
			j.Env = d.env(val, sub)
		case "steps":
			for i, s := range d.seq(val, sub) {
				if st := d.step(s, index(sub, i)); st != nil {
					j.Steps = append(j.Steps, st)
				}
			}
		case "outputs":
			j.Outputs = d.kvs(val, sub)
		}
	}
	if !runsOn && j.Uses.Pos.Line == 0 {
		d.problems = append(d.problems, source.Problemf(j.Pos, source.ReasonInvalid,
			"%s: missing required key %q (or %q for a reusable workflow)", path, "runs-on", "uses"))
	}
	return j
}

// runsOn reads a label, a list of labels, or {group, labels}.
func (d *decoder) runsOn(j *Job, v *yaml.Node, path string) {
	if !source.IsMap(v) {
		j.RunsOn = d.strs(v, path)
		return
	}
	for _, p := range source.Pairs(v) {
		switch p.Key.Value {
		case "group":
			j.RunnerGroup = d.str(p.Value, path+".group")
		case "labels":
			j.RunsOn = d.strs(p.Value, path+".labels")
		}
	}
}

func (d *decoder) strategy(k, v *yaml.Node, path string) *Strategy {
	s := &Strategy{Pos: d.pos(k)}
	if isExpr(v) {
		return s
	}
	for _, p := range d.pairs(v, path) {
		sub := path + "." + p.Key.Value
		switch p.Key.Value {
		case "matrix":
			s.Matrix = d.matrix(p.Key, p.Value, sub)
		case "fail-fast":
			s.FailFast = d.str(p.Value, sub)
		case "max-parallel":
			s.MaxParallel = d.str(p.Value, sub)
		}
	}
	return s
}

// matrix reads literal dimensions plus include and exclude, or a single
// expression for the whole matrix.
func (d *decoder) matrix(k, v *yaml.Node, path string) *Matrix {
	m := &Matrix{Pos: d.pos(k)}
	if isExpr(v) {
		m.Expr = source.Str(d.file, v)
		return m
	}
	for _, p := range d.pairs(v, path) {
		sub := path + "." + p.Key.Value
		switch p.Key.Value {
		case "include":
			m.Include = d.combinations(p.Value, sub)
		case "exclude":
			m.Exclude = d.combinations(p.Value, sub)
		default:
			if dim := d.matrixDim(p.Key, p.Value, sub); dim != nil {
				m.Dims = append(m.Dims, dim)
			}
		}
	}
	return m
}

func (d *decoder) matrixDim(k, v *yaml.Node, path string) *MatrixDim {
	dim := &MatrixDim{Name: source.Str(d.file, k)}
	if isExpr(v) {
		dim.Expr = source.Str(d.file, v)
		return dim
	}
	r := source.Resolve(v)
	if r == nil || r.Kind != yaml.SequenceNode {
		d.invalid(v, path, "a sequence of values or an expression")
		return nil
	}
	for _, c := range source.Items(r) {
		dim.Values = append(dim.Values, d.anyValue(c))
	}
	return dim
}

// combinations reads include or exclude: a list of mappings. An expression
// in their place is valid and read as nothing.
func (d *decoder) combinations(v *yaml.Node, path string) [][]KV {
	if isExpr(v) {
		return nil
	}
	var out [][]KV
	for i, c := range d.seq(v, path) {
		if isExpr(c) {
			continue
		}
		if !source.IsMap(c) {
			d.invalid(c, index(path, i), "a mapping")
			continue
		}
		out = append(out, d.kvs(c, index(path, i)))
	}
	return out
}

func (d *decoder) step(v *yaml.Node, path string) *Step {
	if !source.IsMap(v) {
		d.invalid(v, path, "a mapping")
		return nil
	}
	s := &Step{Pos: d.pos(v)}
	for _, p := range source.Pairs(v) {
		val := p.Value
		sub := path + "." + p.Key.Value
		switch p.Key.Value {
		case "id":
			s.ID = d.str(val, sub)
		case "name":
			s.Name = d.str(val, sub)
		case "if":
			s.If = d.str(val, sub)
		case "uses":
			s.Uses = d.str(val, sub)
		case "run":
			s.Run = d.str(val, sub)
			s.Script = d.text.Lines(d.file, val)
		case "shell":
			s.Shell = d.str(val, sub)
		case "working-directory":
			s.WorkingDirectory = d.str(val, sub)
		case "with":
			s.With = d.kvs(val, sub)
		case "env":
			s.Env = d.env(val, sub)
		}
	}
	if s.Uses.Pos.Line == 0 && s.Run.Pos.Line == 0 {
		d.problems = append(d.problems, source.Problemf(s.Pos, source.ReasonInvalid,
			"%s: missing required key %q or %q", path, "run", "uses"))
	}
	return s
}
