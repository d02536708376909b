#!/usr/bin/env bash
# Runs the full power-cut and bus sweeps of every flow `keybench list` knows, writes one report per
# sweep, and exits non-zero when any oracle failed at any cut point (CI: .ci/run).
#   tools/campaigns.sh [BUILD_DIR] [REPORT_DIR]
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
reports="${2:-$build/campaigns}"
keybench="$build/tools/keybench"
[[ -x "$keybench" ]] || { echo "campaigns.sh: no keybench at $keybench (build it first)" >&2; exit 2; }
mkdir -p "$reports"

# Flow names are the lines indented by two spaces under "flows:" in `keybench list` (descriptions
# are indented further).
mapfile -t flows < <("$keybench" list | awk '/^flows/{f=1;next} /^[^ ]/{f=0} f && /^  [^ ]/ {print $1}')
[[ ${#flows[@]} -gt 0 ]] || { echo "campaigns.sh: keybench list named no flows" >&2; exit 2; }

failed=()
start=$(date +%s%N)
for flow in "${flows[@]}"; do
  for sweep in power-cut bus; do
    report="$reports/$flow-$sweep.json"
    if "$keybench" campaign "$flow" --sweep "$sweep" --report "$report" > "$reports/$flow-$sweep.txt"; then
      status=PASS
    else
      status=FAIL
      failed+=("$flow/$sweep")
    fi
    printf '%-32s %-9s %s  %s\n' "$flow" "$sweep" "$status" "$(grep -m1 'cut points in' "$reports/$flow-$sweep.txt" || true)"
  done
done
end=$(date +%s%N)
elapsed_ms=$(((end - start) / 1000000))
printf 'every sweep of %d flows: %d.%03d s wall; reports in %s\n' "${#flows[@]}" $((elapsed_ms / 1000)) \
  $((elapsed_ms % 1000)) "$reports"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "campaigns.sh: oracles failed in: ${failed[*]} (summaries: $reports/*.txt)" >&2
  exit 1
fi
