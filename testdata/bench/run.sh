#!/usr/bin/env bash
# Benchmarks lockstep against the tools people already run on the same
# inputs: actionlint on workflows, kube-score on Kubernetes manifests. It
# installs the peers at pinned versions with `go install` (into a
# temporary GOBIN, never into the repository), generates synthetic
# monorepos of 100 and 1,000 services, and prints the median wall time
# and peak RSS of each tool over REPS runs, with the ratios lockstep/peer.
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
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/lockstep-bench.XXXXXX")}
BIN=$WORK/bin
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

# measure NAME CMD... : runs CMD $REPS times; prints "median_seconds median_rss_kb".
measure() {
  local walls=() rsses=() out
  for _ in $(seq "$REPS"); do
    if [ -n "$TIME" ]; then
      out=$("$TIME" -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1) || true # linters exit 1 on findings
      walls+=("${out% *}"); rsses+=("${out#* }")
    else
      local start end
      start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N)
      walls+=("$(awk -v d=$((end - start)) 'BEGIN{printf "%.2f", d/1e9}')"); rsses+=("-")
    fi
  done
  printf '%s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')" \
    "$(printf '%s\n' "${rsses[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "-" }'; }

printf '%-34s %7s %10s %12s %10s\n' "what" "services" "median s" "peak RSS MB" "ratio"
declare -A check_time
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
  row() { printf '%-34s %7s %10s %12s %10s\n' "$1" "$n" "$2" "$( [ "$3" = - ] && echo - || awk -v k="$3" 'BEGIN{printf "%.1f", k/1024}')" "${4:-}"; }

  read -r t m < <(measure "$BIN/lockstep" check --offline --fail-on never "$dir"); row "lockstep check (whole corpus)" "$t" "$m"
  check_time[$n]=$t
  read -r ft fm < <(measure "$BIN/lockstep-corpus" -parse "$dir"); row "floor: read + YAML-parse only" "$ft" "$fm" "$(ratio "$t" "$ft")x"
  read -r at am < <(cd "$wf" && measure "$BIN/actionlint" -shellcheck= -pyflakes=); row "actionlint (workflows)" "$at" "$am"
  read -r lt lm < <(measure "$BIN/lockstep" check --offline --fail-on never "$wf"); row "lockstep check (same workflows)" "$lt" "$lm" "$(ratio "$lt" "$at")x"
  read -r kt km < <(measure "$BIN/kube-score" score "$mf"/*.yaml); row "kube-score score (manifests)" "$kt" "$km"
  read -r lt lm < <(measure "$BIN/lockstep" check --offline --fail-on never "$mf"); row "lockstep check (same manifests)" "$lt" "$lm" "$(ratio "$lt" "$kt")x"
done
set -- $SIZES
if [ $# -ge 2 ]; then
  echo
  echo "lockstep check, whole corpus: $1 -> $2 services costs $(ratio "${check_time[$2]}" "${check_time[$1]}")x the time"
fi
echo "(work files in $WORK)" >&2
