#!/usr/bin/env bash
# Benchmarks lockstep against the tools people already run on the same
# inputs: actionlint on workflows, kube-score on Kubernetes manifests. It
# installs the peers at pinned versions with `go install` (into a
# temporary GOBIN, never into the repository), generates synthetic
# monorepos of 100 and 1,000 services, and prints the median wall time,
# CPU time (user+sys) and peak RSS of each tool over REPS runs, with the
# ratios lockstep/peer.
#
#   bash testdata/bench/run.sh            # REPS=5 SIZES="100 1000"
#   REPS=3 SIZES=100 bash testdata/bench/run.sh
#
# docs/performance.md explains the table and records its latest figures.
set -euo pipefail
cd "$(dirname "$0")/../.."

REPS=${REPS:-5}
SIZES=${SIZES:-"100 1000"}
ACTIONLINT_VERSION=v1.7.12
KUBE_SCORE_VERSION=v1.20.0
GO_RULES=LS302,LS303,LS305,LS306 # the rules that read Go source through go/packages
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/lockstep-bench.XXXXXX")}
BIN=$WORK/bin
# lockstep's cache of Go-source findings, kept with the work files.
export LOCKSTEP_CACHE_DIR=$WORK/cache
mkdir -p "$BIN"

echo "# building lockstep and installing peers into $BIN" >&2
go build -o "$BIN/lockstep" ./cmd/lockstep
go build -o "$BIN/lockstep-corpus" ./cmd/lockstep-corpus
[ -x "$BIN/actionlint" ] || GOBIN=$BIN go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
[ -x "$BIN/kube-score" ] || GOBIN=$BIN go install "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION"

TIME=/usr/bin/time
if ! [ -x "$TIME" ]; then
  echo "# /usr/bin/time not found (Debian package 'time'): peak RSS will show as -" >&2
  TIME=""
fi

# measure CMD... : runs CMD $REPS times; prints "median_wall_s median_cpu_s
# median_rss_kb". CPU time is user+sys of the command and its children: on
# a shared machine it moves far less than wall time.
measure() {
  local walls=() cpus=() rsses=() out
  for _ in $(seq "$REPS"); do
    if [ -n "$TIME" ]; then
      out=$("$TIME" -f "%e %U %S %M" "$@" 2>&1 >/dev/null | tail -n 1) || true # linters exit 1 on findings
      read -r w u s m <<<"$out"
      walls+=("$w"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}')"); rsses+=("$m")
    else
      local start end
      start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N)
      walls+=("$(awk -v d=$((end - start)) 'BEGIN{printf "%.2f", d/1e9}')"); cpus+=("-"); rsses+=("-")
    fi
  done
  printf '%s %s %s\n' "$(median "${walls[@]}")" "$(median "${cpus[@]}")" "$(median "${rsses[@]}")"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "-" }'; }

printf '%-34s %8s %8s %8s %11s %14s\n' "what" "services" "wall s" "CPU s" "peak RSS MB" "ratio wall, CPU"
declare -A check_wall check_cpu cold_wall cold_cpu yaml_wall yaml_cpu
for n in $SIZES; do
  dir=$WORK/corpus-$n
  [ -d "$dir" ] || "$BIN/lockstep-corpus" -services "$n" -seed 1 -out "$dir" >/dev/null
  # The same inputs for each pair: the workflows alone (a git repository,
  # which actionlint needs to find them), and the plain manifests alone.
  wf=$WORK/workflows-$n; mf=$WORK/manifests-$n
  if ! [ -d "$wf" ]; then
    mkdir -p "$wf/.github" "$mf"
    cp -r "$dir/.github/workflows" "$wf/.github/"
    git -C "$wf" init -q
    for f in "$dir"/deploy/*/base/deployment.yaml "$dir"/deploy/*/base/service.yaml; do
      svc=$(basename "$(dirname "$(dirname "$f")")"); cp "$f" "$mf/$svc-$(basename "$f")"
    done
  fi
  # row LABEL WALL CPU RSS_KB [RATIO]
  row() {
    printf '%-34s %8s %8s %8s %11s %14s\n' "$1" "$n" "$2" "$3" \
      "$( [ "$4" = - ] && echo - || awk -v k="$4" 'BEGIN{printf "%.1f", k/1024}')" "${5:-}"
  }
  pair() { echo "$(ratio "$1" "$3")x, $(ratio "$2" "$4")x"; }

  # The floor first: each lockstep row's ratio is to it.
  read -r ft fc fm < <(measure "$BIN/lockstep-corpus" -parse "$dir"); row "floor: read + YAML-parse only" "$ft" "$fc" "$fm"
  # The Go-source rules load with go/packages (go list and export data, in
  # workspaces) the corpus's Go modules that may call a flag package: the
  # fifth on libs/flags and libs/flags itself. Their findings are cached
  # (docs/performance.md): one run fills the cache, the repetitions use it,
  # as a re-run or a CI job with the cache directory restored would.
  "$BIN/lockstep" check --offline --fail-on never "$dir" >/dev/null 2>&1 || true
  read -r t c m < <(measure "$BIN/lockstep" check --offline --fail-on never "$dir"); row "lockstep check (whole corpus)" "$t" "$c" "$m" "$(pair "$t" "$c" "$ft" "$fc")"
  check_wall[$n]=$t; check_cpu[$n]=$c
  read -r nt nc nm < <(measure env LOCKSTEP_CACHE=off "$BIN/lockstep" check --offline --fail-on never "$dir"); row "  Go-source findings not cached" "$nt" "$nc" "$nm" "$(pair "$nt" "$nc" "$ft" "$fc")"
  cold_wall[$n]=$nt; cold_cpu[$n]=$nc
  read -r yt yc ym < <(measure "$BIN/lockstep" check --offline --fail-on never --disable "$GO_RULES" "$dir"); row "  without the Go-source rules" "$yt" "$yc" "$ym" "$(pair "$yt" "$yc" "$ft" "$fc")"
  yaml_wall[$n]=$yt; yaml_cpu[$n]=$yc
  read -r at ac am < <(cd "$wf" && measure "$BIN/actionlint" -shellcheck= -pyflakes=); row "actionlint (workflows)" "$at" "$ac" "$am"
  read -r lt lc lm < <(measure "$BIN/lockstep" check --offline --fail-on never "$wf"); row "lockstep check (same workflows)" "$lt" "$lc" "$lm" "$(pair "$lt" "$lc" "$at" "$ac")"
  read -r kt kc km < <(measure "$BIN/kube-score" score "$mf"/*.yaml); row "kube-score score (manifests)" "$kt" "$kc" "$km"
  read -r lt lc lm < <(measure "$BIN/lockstep" check --offline --fail-on never "$mf"); row "lockstep check (same manifests)" "$lt" "$lc" "$lm" "$(pair "$lt" "$lc" "$kt" "$kc")"
done
set -- $SIZES
if [ $# -ge 2 ]; then
  echo
  echo "lockstep check, whole corpus: $1 -> $2 services costs $(ratio "${check_wall[$2]}" "${check_wall[$1]}")x the wall time, $(ratio "${check_cpu[$2]}" "${check_cpu[$1]}")x the CPU time"
  echo "  Go-source findings not cached: $(ratio "${cold_wall[$2]}" "${cold_wall[$1]}")x the wall time, $(ratio "${cold_cpu[$2]}" "${cold_cpu[$1]}")x the CPU time"
  echo "  without the Go-source rules: $(ratio "${yaml_wall[$2]}" "${yaml_wall[$1]}")x the wall time, $(ratio "${yaml_cpu[$2]}" "${yaml_cpu[$1]}")x the CPU time"
fi
echo "(work files in $WORK)" >&2
