#!/usr/bin/env bash
# Writes docs/images/audit-report.png: headless Chromium's picture of the
# HTML audit report of the sample organization in
# cmd/lockstep/internal/audit/auditreport (the same page the browser test
# checks). Needs /usr/bin/chromium (Debian package chromium).
#   testdata/audit/screenshot.sh [WIDTH,HEIGHT]
set -euo pipefail
cd "$(dirname "$0")/../.."

size=${1:-1400,2000}
out="$PWD/docs/images/audit-report.png"
if [ ! -x /usr/bin/chromium ]; then
  echo "screenshot.sh: /usr/bin/chromium is missing (apt-get install --no-install-recommends chromium)" >&2
  exit 1
fi
go test ./cmd/lockstep/internal/audit/auditreport -run 'TestHTMLInChromium$' -count=1 \
  -args -screenshot="$out" -window-size="$size"
echo "wrote $out ($(wc -c <"$out") bytes, $size)"
