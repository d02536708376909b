#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang and runs each for a bounded time on a copy
# of its committed seed corpus, so CI never grows the corpus. Fails on any crash, leak, timeout
# or sanitizer report, and when the committed seeds of a target reach fewer coverage points than
# its floor below (a harness or seed change that stops reaching the code it is named for).
# Prints per target: coverage of the seeds and at the end (libFuzzer's cov: and ft:), executions,
# exec/s and the corpus size. Environment:
#   KEYBENCH_FUZZ_SECONDS    seconds per target (default 60)
#   KEYBENCH_FUZZ_BUILD_DIR  build folder (default: build-fuzz)
# Arguments: target names to run (default: every target in tests/fuzz/CMakeLists.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${KEYBENCH_FUZZ_SECONDS:-60}
build=${KEYBENCH_FUZZ_BUILD_DIR:-build-fuzz}
jobs=$(nproc 2>/dev/null || echo 2)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^keybench_fuzz_target(\([a-z0-9_]*\).*/\1/p' tests/fuzz/CMakeLists.txt)
fi

# Coverage points (libFuzzer cov: once the committed seeds are loaded, the INITED line) below
# which a target no longer reaches its code. Set to about 90% of what the seeds reach in the build
# CI fuzzes from (clang 14 on Debian 12, KEYBENCH_FUZZ: every library at -O1 with ASan, UBSan and
# the coverage instrumentation), so compiler and small code changes pass while a harness or
# decoder that stops reaching its code fails; raise a floor when new seeds reach more.
declare -A floor=(
  [stsafe_frame_decoder]=84
  [stsafe_dispatcher]=2925
  [host_response_parser]=945
  [fixture_loader]=2930
  [fault_plan_loader]=890
  [stsafe_state_loader]=2705
  [nrf5340_state_loader]=1625
  [campaign_report_loader]=1870
  [atecc608a_packet_decoder]=118
  [atecc608a_model]=2720
  [remote_request_decoder]=2130
)

# A folder that is already a fuzz build (such as CI's sanitizer build from
# `KEYBENCH_FUZZ=ON tools/test.sh`, tests included) is reused as it is; any other is configured.
if [[ -f "$build/CMakeCache.txt" ]]; then
  if ! grep -q '^KEYBENCH_FUZZ:BOOL=ON$' "$build/CMakeCache.txt"; then
    echo "fuzz.sh: $build is not a KEYBENCH_FUZZ build; name another KEYBENCH_FUZZ_BUILD_DIR" >&2
    exit 2
  fi
else
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DKEYBENCH_WERROR=ON -DKEYBENCH_FUZZ=ON -DKEYBENCH_TESTS=OFF \
    -DKEYBENCH_BENCHMARKS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
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
# libFuzzer status lines: "#N INITED cov: C ft: F corp: K/SIZE ...", "#N DONE cov: ...".
field() { sed -n "s/.*$1 *cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/\\$2/p" "$3" | tail -1; }
# One target per core at a time: each libFuzzer run is a single process, so on 2 cores the stage
# takes half the wall time for the same fuzzing per target.
run_target() {
  local t=$1 status=0
  rm -f "$logs/$t.status"
  cp -r "tests/fuzz/corpus/$t" "$work/$t"
  echo "fuzz: $t for ${seconds}s"
  # -timeout: one input taking 10 s is a hang, and a finding.
  "$build/tests/fuzz/$t" "$work/$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$t-" >"$logs/$t.log" 2>&1 || status=$?
  echo "$status" >"$logs/$t.status"
}
running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
  run_target "$t" &
  running=$((running + 1))
done
wait

for t in "${targets[@]}"; do
  log="$logs/$t.log"
  status=$(cat "$logs/$t.status" 2>/dev/null || echo "?")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  seed_cov=$(field INITED 1 "$log")
  cov=$(field DONE 1 "$log")
  ft=$(field DONE 2 "$log")
  corpus=$(field DONE 3 "$log")
  if [ "$status" != 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
    failed+=("$t")
    summary+=("$t: FAILED (exit $status) after ${execs:-?} executions; log $log")
    echo "---- $t: last lines of $log" >&2
    tail -n 60 "$log" >&2
  elif [ -z "${floor[$t]+set}" ]; then
    failed+=("$t")
    summary+=("$t: FAILED: no coverage floor in tools/fuzz.sh (seeds reach cov ${seed_cov:-?})")
  elif [ -z "$seed_cov" ] || [ -z "$cov" ] || [ "$seed_cov" -lt "${floor[$t]}" ]; then
    failed+=("$t")
    summary+=("$t: FAILED: the seeds reach cov ${seed_cov:-?}, below the floor ${floor[$t]}; log $log")
  else
    summary+=("$t: cov ${seed_cov} (seeds) -> ${cov}, ft ${ft}, ${execs:-?} executions, ${rate:-?} exec/s, corpus ${corpus} inputs (floor ${floor[$t]})")
  fi
done

echo "fuzz summary (${seconds}s per target):"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (reproducers in $artifacts)" >&2
  exit 1
fi
