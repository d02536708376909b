#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang and runs each for a bounded time on a copy
# of its committed seed corpus, so CI never grows the corpus. Fails on any crash, leak, timeout
# or sanitizer report, and prints the executions of each target. Environment:
#   KEYBENCH_FUZZ_SECONDS    seconds per target (default 60)
#   KEYBENCH_FUZZ_BUILD_DIR  build folder (default: build-fuzz)
# Arguments: target names to run (default: every target).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${KEYBENCH_FUZZ_SECONDS:-60}
build=${KEYBENCH_FUZZ_BUILD_DIR:-build-fuzz}
jobs=$(nproc 2>/dev/null || echo 2)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(stsafe_frame_decoder stsafe_dispatcher host_response_parser fixture_loader)
  # The fault-plan loader target is listed once simulator/fault/ has committed its loader.
  if grep -q '^keybench_fuzz_target(fault_plan_loader' tests/fuzz/CMakeLists.txt; then targets+=(fault_plan_loader); fi
fi

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DKEYBENCH_WERROR=ON -DKEYBENCH_FUZZ=ON -DKEYBENCH_TESTS=OFF \
  -DKEYBENCH_BENCHMARKS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
logs="$build/fuzz-logs"
artifacts="$build/fuzz-artifacts"
mkdir -p "$logs" "$artifacts"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0

failed=()
summary=()
for t in "${targets[@]}"; do
  cp -r "tests/fuzz/corpus/$t" "$work/$t"
  echo "fuzz: $t for ${seconds}s"
  status=0
  # -timeout: one input taking 10 s is a hang, and a finding.
  "$build/tests/fuzz/$t" "$work/$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$t-" >"$logs/$t.log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t.log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$logs/$t.log" | tail -1 || true)
  if [ "$status" -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$logs/$t.log"; then
    failed+=("$t")
    summary+=("$t: FAILED (exit $status) after ${execs:-?} executions; log $logs/$t.log")
    echo "---- $t: last lines of $logs/$t.log" >&2
    tail -n 60 "$logs/$t.log" >&2
  else
    summary+=("$t: ${execs:-?} executions, ${rate:-?} exec/s, ${cov:-cov: ?} (corpus copy: $(ls "$work/$t" | wc -l) inputs)")
  fi
done

echo "fuzz summary (${seconds}s per target):"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (reproducers in $artifacts)" >&2
  exit 1
fi
