#!/usr/bin/env bash
# Cost of the lockstep plugin inside golangci-lint: a generated Go module
# of PACKAGES packages (default 60) plus the big-bang example's YAML,
# linted by the standard linters with and without lockstep, each run with
# an empty cache, median of REPS (default 3). Needs the binary that
# .ci/golangci-lint builds: pass it as $1 or let this script build it.
set -euo pipefail
cd "$(dirname "$0")/../.."
packages=${PACKAGES:-60}
reps=${REPS:-3}
bin=${1:-}
if [ -z "$bin" ]; then
  bin=$(LOCKSTEP_GOLANGCI_LINT_PRINT=1 .ci/golangci-lint >/dev/null 2>&1; ls -t "${XDG_CACHE_HOME:-$HOME/.cache}"/lockstep-ci/golangci-lint-lockstep-* | head -1)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
mkdir -p "$repo"
cp -r testdata/examples/ivory-jenga/.github testdata/examples/ivory-jenga/deploy "$repo/"
printf 'module example.com/bench\n\ngo 1.22\n' > "$repo/go.mod"
for i in $(seq 1 "$packages"); do
  d="$repo/pkg/p$i"; mkdir -p "$d"
  cat > "$d/p.go" <<GO
// Package p$i is generated.
package p$i

import (
	"fmt"
	"net/http"
	"strings"
)

// Handler serves a greeting.
func Handler(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" {
		name = "p$i"
	}
	_, _ = fmt.Fprintf(w, "hello %s\n", name)
}

// Sum adds numbers.
func Sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}
GO
done
mkdir -p "$repo/cmd/app"
printf 'package main\n\nimport "example.com/bench/pkg/p1"\n\nfunc main() { println(p1.Sum(1, 2)) }\n' > "$repo/cmd/app/main.go"
cat > "$work/without.yml" <<'YML'
version: "2"
linters:
  default: standard
YML
cat > "$work/with.yml" <<'YML'
version: "2"
linters:
  default: standard
  enable: [lockstep]
  settings:
    custom:
      lockstep:
        type: module
        settings:
          severity: warning
issues:
  uniq-by-line: false
YML
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
  for _ in $(seq 1 "$reps"); do
    cache=$(mktemp -d)
    s=$(date +%s.%N)
    (cd "$repo" && GOLANGCI_LINT_CACHE=$cache "$bin" run --allow-parallel-runners -c "$1" ./... >/dev/null 2>&1 || true)
    e=$(date +%s.%N)
    rm -rf "$cache"
    echo "$e - $s" | bc
  done | median
}
(cd "$repo" && go build ./... )
without=$(measure "$work/without.yml")
with=$(measure "$work/with.yml")
printf 'golangci-lint run over %d packages (standard linters, empty cache, median of %d)\n' "$((packages + 1))" "$reps"
printf '  without lockstep: %6.2f s\n  with lockstep:    %6.2f s\n  ratio:            %6.2f (goal <= 1.10)\n' "$without" "$with" "$(echo "$with / $without" | bc -l)"
