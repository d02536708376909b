#!/usr/bin/env bash
# Runs the full power-cut and bus sweeps of every flow `keybench list` knows, in the reference mode
# (the flow as `keybench run` runs it) and the resumable mode (`--resume`), writes one report per
# sweep, and exits non-zero when any oracle failed at any cut point, or a sweep checked nothing
# (CI: .ci/run).
#   tools/campaigns.sh [BUILD_DIR] [REPORT_DIR]
#   KEYBENCH_CAMPAIGN_MODES  the modes to run (default: "reference resumable")
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
reports="${2:-$build/campaigns}"
keybench="$build/tools/keybench"
modes=(${KEYBENCH_CAMPAIGN_MODES:-reference resumable})
[[ -x "$keybench" ]] || { echo "campaigns.sh: no keybench at $keybench (build it first)" >&2; exit 2; }
mkdir -p "$reports"

# Flow names are the lines indented by two spaces under "flows:" in `keybench list` (descriptions
# are indented further).
mapfile -t flows < <("$keybench" list | awk '/^flows/{f=1;next} /^[^ ]/{f=0} f && /^  [^ ]/ {print $1}')
[[ ${#flows[@]} -gt 0 ]] || { echo "campaigns.sh: keybench list named no flows" >&2; exit 2; }

failed=()
start=$(date +%s%N)
for flow in "${flows[@]}"; do
  for mode in "${modes[@]}"; do
    for sweep in power-cut bus; do
      name="$flow-$mode-$sweep"
      report="$reports/$name.json"
      status=PASS
      "$keybench" campaign "$flow" --mode "$mode" --sweep "$sweep" --report "$report" > "$reports/$name.txt" \
        2> "$reports/$name.err" || case $? in
          1) status=FAIL ;;
          3) status=EMPTY ;;  # nothing checked is not a pass
          *) status=ERROR ;;
        esac
      [[ $status == PASS ]] || failed+=("$flow/$mode/$sweep:$status")
      printf '%-32s %-9s %-9s %-5s  %s\n' "$flow" "$mode" "$sweep" "$status" \
        "$(grep -m1 'cut points in' "$reports/$name.txt" || head -c 200 "$reports/$name.err")"
    done
  done
done
end=$(date +%s%N)
elapsed_ms=$(((end - start) / 1000000))
printf 'every sweep of %d flows in %d mode(s): %d.%03d s wall; reports in %s\n' "${#flows[@]}" "${#modes[@]}" \
  $((elapsed_ms / 1000)) $((elapsed_ms % 1000)) "$reports"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "campaigns.sh: not passed: ${failed[*]} (summaries: $reports/*.txt, errors: $reports/*.err)" >&2
  exit 1
fi
