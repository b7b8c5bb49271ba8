package ci

import (
	"path"
	"strings"

	"github.com/lockstep-lint/lockstep/rules/repo/source"
)

// script classifies the lines of a script. A line ending in a backslash
// continues on the next: the command is classified whole (a --dry-run on
// the third line of a helm upgrade counts) and sits at its first line.
// A line "cd DIR" sets the directory of the lines after it.
func (c *Classifier) script(lines []source.String, dir string) []Command {
	var out []Command
	for i := 0; i < len(lines); i++ {
		text := lines[i]
		for strings.HasSuffix(text.Value, `\`) && i+1 < len(lines) {
			i++
			text.Value = strings.TrimSuffix(text.Value, `\`) + " " + lines[i].Value
		}
		out = append(out, Command{Text: text, Activities: c.Command(text.Value), Dir: dir})
		dir = changeDir(dir, text.Value)
	}
	return out
}

// changeDir follows a line that is only "cd DIR" to the directory later
// lines run in; a variable or a path out of the repository loses track,
// and the root is assumed.
func changeDir(dir, line string) string {
	rest, ok := strings.CutPrefix(line, "cd ")
	if !ok || strings.ContainsAny(rest, "&|;()") {
		return dir
	}
	target := strings.Trim(strings.TrimSpace(rest), `"'`)
	if target == "" || strings.ContainsAny(target, "$`~ ") || path.IsAbs(target) {
		return ""
	}
	p := path.Join(dir, target)
	if p == ".." || strings.HasPrefix(p, "../") {
		return ""
	}
	if p == "." {
		return ""
	}
	return p
}

// finishJob settles what depends on the whole job: docker compose up is a
// deploy in a job that deploys otherwise, and a test harness elsewhere.
func finishJob(j *Job) {
	deploys := j.Environment.Value != ""
	for _, c := range j.Commands {
		deploys = deploys || c.Activities.Has(Deploy)
	}
	for _, a := range j.Actions {
		deploys = deploys || a.Activities.Has(Deploy)
	}
	if !deploys {
		return
	}
	for i := range j.Commands {
		if j.Commands[i].Activities.Has(Compose) {
			j.Commands[i].Activities = j.Commands[i].Activities.With(Deploy)
		}
	}
}
