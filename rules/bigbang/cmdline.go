package bigbang

import (
	"path"
	"strings"
)

// target is what one deploy command deploys, as its arguments name it;
// rules resolve it against the repository model.
type target struct {
	kind  targetKind
	paths []string // repository paths (files or directories), cleaned
	names []string // Argo CD applications, Compose services
	// recursive is kubectl's -R: directories are read recursively.
	recursive bool
	// selector is set when argocd selects applications by label.
	selector string
	// dir is the working directory, where docker compose and skaffold
	// look for their default files.
	dir string
}

type targetKind int

const (
	kubectlFiles   targetKind = iota + 1 // kubectl apply -f, or rendered manifests piped into kubectl
	kustomization                        // kubectl apply -k, kustomize build DIR | kubectl apply
	helmChart                            // helm upgrade/install RELEASE CHART
	skaffoldConfig                       // skaffold run/deploy [-f FILE]
	argoApps                             // argocd app sync/set APP...
	composeUp                            // docker compose [-f FILE...] up [SERVICE...]
)

// deployTargets reads what a deploy command line deploys. dir is the
// working directory the line runs in, relative to the repository root.
// Arguments that are expressions or variables ("${{ ... }}", "$DIR") are
// not resolved and yield no path.
func deployTargets(line, dir string) []target {
	var out []target
	for _, pipe := range splitPipes(line) {
		if len(pipe) == 1 && len(pipe[0]) == 2 && pipe[0][0] == "cd" {
			dir = cdInto(dir, pipe[0][1]) // cd x && kubectl apply -f .
			continue
		}
		if t, ok := pipeTarget(pipe, dir); ok {
			out = append(out, t)
		}
	}
	return out
}

// pipeTarget reads one pipe: its last deploying command, fed by the
// renderer before it when it reads standard input.
func pipeTarget(pipe [][]string, dir string) (target, bool) {
	var rendered *target // what an earlier command of the pipe renders
	for _, words := range pipe {
		words = stripPrefix(words)
		if len(words) == 0 {
			continue
		}
		switch {
		case isCmd(words, "kustomize", "build"), isCmd(words, "kubectl", "kustomize"):
			args, _ := parseArgs(words[2:], nil)
			p := "."
			if len(args) > 0 {
				p = args[0]
			}
			rendered = &target{kind: kustomization, paths: repoPaths(dir, p)}
		case isCmd(words, "helm", "template"):
			args, _ := parseArgs(words[2:], helmBoolFlags)
			if len(args) > 0 {
				rendered = &target{kind: helmChart, paths: repoPaths(dir, args[len(args)-1])}
			}
		case isCmd(words, "kubectl", ""):
			if t, ok := kubectlTarget(words[1:], dir, rendered); ok {
				return t, true
			}
		case isCmd(words, "helm", ""):
			if t, ok := helmTarget(words[1:], dir); ok {
				return t, true
			}
		case isCmd(words, "skaffold", ""):
			if t, ok := skaffoldTarget(words[1:], dir); ok {
				return t, true
			}
		case isCmd(words, "argocd", "app"):
			if t, ok := argoTarget(words[2:]); ok {
				return t, true
			}
		case isCmd(words, "docker", "compose"):
			if t, ok := composeTarget(words[2:], dir); ok {
				return t, true
			}
		case isCmd(words, "docker-compose", ""):
			if t, ok := composeTarget(words[1:], dir); ok {
				return t, true
			}
		}
	}
	return target{}, false
}

// helmBoolFlags are helm flags that take no value.
var helmBoolFlags = map[string]bool{
	"-i": true, "--install": true, "--wait": true, "--wait-for-jobs": true, "--atomic": true,
	"--create-namespace": true, "--dry-run": true, "--debug": true, "--force": true,
	"--reuse-values": true, "--reset-values": true, "--reset-then-reuse-values": true,
	"--cleanup-on-fail": true, "--devel": true, "--skip-crds": true, "--dependency-update": true,
	"--generate-name": true, "--no-hooks": true, "--disable-openapi-validation": true,
	"--render-subchart-notes": true, "--include-crds": true, "--skip-tests": true, "--verify": true,
	"--insecure-skip-tls-verify": true, "--plain-http": true, "--take-ownership": true, "--hide-notes": true,
}

func helmTarget(words []string, dir string) (target, bool) {
	args, _ := parseArgs(words, helmBoolFlags)
	if len(args) == 0 || (args[0] != "upgrade" && args[0] != "install") {
		return target{}, false
	}
	args = args[1:]
	if len(args) == 0 {
		return target{}, false
	}
	// upgrade RELEASE CHART, install [RELEASE] CHART: the chart is last.
	return target{kind: helmChart, paths: repoPaths(dir, args[len(args)-1])}, true
}

// kubectlBoolFlags are kubectl flags that take no value.
var kubectlBoolFlags = map[string]bool{
	"-R": true, "--recursive": true, "--server-side": true, "--force": true, "--force-conflicts": true,
	"--prune": true, "--overwrite": true, "--validate": true, "--wait": true, "--all": true,
	"--record": true, "--insecure-skip-tls-verify": true,
}

func kubectlTarget(words []string, dir string, rendered *target) (target, bool) {
	args, flags := parseArgs(words, kubectlBoolFlags)
	if len(args) == 0 || (args[0] != "apply" && args[0] != "create" && args[0] != "replace") {
		return target{}, false
	}
	t := target{kind: kubectlFiles, recursive: flags.has("-R", "--recursive")}
	for _, f := range flags.values("-f", "--filename") {
		if f == "-" {
			if rendered != nil {
				return *rendered, true
			}
			continue
		}
		t.paths = append(t.paths, repoPaths(dir, f)...)
	}
	if ks := flags.values("-k", "--kustomize"); len(ks) > 0 {
		return target{kind: kustomization, paths: repoPaths(dir, ks[0])}, true
	}
	return t, len(t.paths) > 0
}

// skaffoldValueFlags are the skaffold flags that take a value; skaffold's
// flags are mostly booleans.
var skaffoldValueFlags = map[string]bool{
	"-f": true, "--filename": true, "-p": true, "--profile": true, "-m": true, "--module": true,
	"-n": true, "--namespace": true, "--kube-context": true, "-d": true, "--default-repo": true,
	"-t": true, "--tag": true, "--build-artifacts": true, "-l": true, "--label": true,
}

func skaffoldTarget(words []string, dir string) (target, bool) {
	args, flags := parseArgsValued(words, skaffoldValueFlags)
	if len(args) == 0 || (args[0] != "run" && args[0] != "deploy" && args[0] != "apply") {
		return target{}, false
	}
	file := "skaffold.yaml"
	if f := flags.values("-f", "--filename"); len(f) > 0 {
		file = f[0]
	}
	t := target{kind: skaffoldConfig, paths: repoPaths(dir, file)}
	t.names = flags.values("-m", "--module")
	return t, true
}

func argoTarget(words []string) (target, bool) {
	args, flags := parseArgs(words, map[string]bool{"--prune": true, "--force": true, "--async": true, "--dry-run": true, "--preview-changes": true, "--replace": true, "--server-side": true, "--apply-out-of-sync-only": true})
	if len(args) == 0 || (args[0] != "sync" && args[0] != "set") {
		return target{}, false
	}
	t := target{kind: argoApps}
	if args[0] == "set" && len(args) > 1 {
		args = args[:2] // set takes one application, then its options
	}
	t.names = nonEmpty(args[1:])
	if s := flags.values("-l", "--selector"); len(s) > 0 {
		t.selector = s[0]
	}
	return t, len(t.names) > 0 || t.selector != ""
}

// composeGlobalValueFlags are the docker compose options before the
// subcommand that take a value.
var composeGlobalValueFlags = map[string]bool{
	"-f": true, "--file": true, "-p": true, "--project-name": true, "--profile": true,
	"--env-file": true, "--project-directory": true, "--ansi": true, "--parallel": true, "--progress": true,
}

func composeTarget(words []string, dir string) (target, bool) {
	args, flags := parseArgsValued(words, composeGlobalValueFlags)
	if len(args) == 0 || args[0] != "up" {
		return target{}, false
	}
	t := target{kind: composeUp, names: nonEmpty(args[1:]), dir: dir}
	for _, f := range flags.values("-f", "--file") {
		t.paths = append(t.paths, repoPaths(dir, f)...)
	}
	return t, true
}

// flagSet holds the flags of a command and their values.
type flagSet map[string][]string

func (f flagSet) has(names ...string) bool {
	for _, n := range names {
		if _, ok := f[n]; ok {
			return true
		}
	}
	return false
}

func (f flagSet) values(names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, f[n]...)
	}
	return out
}

// parseArgs splits words into positional arguments and flags; a flag
// takes the next word as its value unless it is boolean, written as
// --flag=value, or followed by another flag.
func parseArgs(words []string, boolean map[string]bool) ([]string, flagSet) {
	return parse(words, func(flag string) bool { return !boolean[flag] })
}

// parseArgsValued is parseArgs for commands whose flags are boolean
// unless listed in valued.
func parseArgsValued(words []string, valued map[string]bool) ([]string, flagSet) {
	return parse(words, func(flag string) bool { return valued[flag] })
}

func parse(words []string, takesValue func(string) bool) ([]string, flagSet) {
	var args []string
	flags := flagSet{}
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "--":
			return append(args, words[i+1:]...), flags
		case strings.HasPrefix(w, "-") && w != "-":
			name, value, hasValue := strings.Cut(w, "=")
			if !hasValue && len(name) > 2 && name[1] != '-' && takesValue(name[:2]) {
				name, value, hasValue = name[:2], name[2:], true // -fFILE
			}
			if !hasValue && takesValue(name) && i+1 < len(words) && (words[i+1] == "-" || !strings.HasPrefix(words[i+1], "-")) {
				i++
				value = words[i]
			}
			flags[name] = append(flags[name], value)
		default:
			args = append(args, w)
		}
	}
	return args, flags
}

// repoPaths turns a path argument into repository paths: relative to the
// working directory, split at commas (kubectl -f a,b), without
// unresolvable ones (variables, URLs, paths outside the repository).
func repoPaths(dir, arg string) []string {
	var out []string
	for _, p := range strings.Split(arg, ",") {
		if p == "" || strings.ContainsAny(p, "$`*?") || strings.Contains(p, "://") || path.IsAbs(p) {
			continue
		}
		p = path.Join(dir, p)
		if p == ".." || strings.HasPrefix(p, "../") {
			continue
		}
		out = append(out, p)
	}
	return out
}

// isCmd reports whether words run tool with sub as its first
// non-flag argument ("" for any).
func isCmd(words []string, tool, sub string) bool {
	if len(words) == 0 || path.Base(words[0]) != tool {
		return false
	}
	if sub == "" {
		return true
	}
	for _, w := range words[1:] {
		if !strings.HasPrefix(w, "-") {
			return w == sub
		}
	}
	return false
}

// stripPrefix drops what runs a command without being it: sudo, env
// assignments, "exec", "time".
func stripPrefix(words []string) []string {
	for len(words) > 0 {
		w := words[0]
		if w == "sudo" || w == "exec" || w == "time" || w == "env" || (strings.Contains(w, "=") && !strings.HasPrefix(w, "-")) {
			words = words[1:]
			continue
		}
		return words
	}
	return words
}

// splitPipes splits a shell line into pipes (at &&, || and ;) of
// commands (at |) of words, honouring quotes. It is no shell: enough to
// read the arguments of deploy commands.
func splitPipes(line string) [][][]string {
	var pipes [][][]string
	var pipe [][]string
	var words []string
	var word strings.Builder
	inWord := false
	var quote byte
	flushWord := func() {
		if inWord {
			words = append(words, word.String())
			word.Reset()
			inWord = false
		}
	}
	flushCmd := func() {
		flushWord()
		if len(words) > 0 {
			pipe = append(pipe, words)
		}
		words = nil
	}
	flushPipe := func() {
		flushCmd()
		if len(pipe) > 0 {
			pipes = append(pipes, pipe)
		}
		pipe = nil
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				word.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == '$' && strings.HasPrefix(line[i:], "${{"):
			end := strings.Index(line[i:], "}}")
			if end < 0 {
				end = len(line) - i - 2
			}
			word.WriteString(line[i : i+end+2])
			inWord = true
			i += end + 1
		case c == ' ' || c == '\t':
			flushWord()
		case c == ';' || c == '(' || c == ')':
			flushPipe()
		case (c == '&' || c == '|') && i+1 < len(line) && line[i+1] == c:
			flushPipe()
			i++
		case c == '|':
			flushCmd()
		case c == '&' || c == '>' || c == '<':
			flushCmd() // background or redirection: what follows is no argument of ours
			for i+1 < len(line) && line[i+1] != ' ' {
				i++
			}
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	flushPipe()
	return pipes
}

func nonEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// cdInto is the directory after "cd arg" from dir; "" (the root) when it
// cannot be followed.
func cdInto(dir, arg string) string {
	if p := repoPaths(dir, arg); len(p) == 1 && p[0] != "." {
		return p[0]
	}
	return ""
}
