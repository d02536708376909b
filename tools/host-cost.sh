#!/usr/bin/env bash
# Host-side cost of the plaintext host key provisioning flow, in instructions, measured with
# valgrind's callgrind on `keybench run host-key-provisioning` (default bench), against the
# targets: flow <= 12000, initialisation <= 15000. Exits 1 when a target is missed.
#   tools/host-cost.sh [BUILD_DIR]     (default: build; configured when missing, keybench brought up to date)
#
# What is counted (two callgrind runs of the flow, collection switched by --toggle-collect)
#   Initialisation = kb::core::stsafe::Stsafe::init() from entry to return: boot wait, query
#     product data, command count, command access table.
#   Flow = kb::fw::run_host_key_provisioning(...) from entry to return, less the initialisation and
#     less the console output: two control-field queries, one put, one plaintext write, the driver
#     object's construction and destruction, and the firmware's own logic.
#   Outside the model = callgrind's total less the inclusive cost of every call from the sim HAL
#     backend (kb::hal::sim, the only host code that reaches the bench) into a function of
#     namespace kb::sim: the model and all it calls.
#   Console output = the inclusive cost of every call into a console function (a member of a
#     *Console class, or a function taking a kb::hal::Console& first) from a function that is not one.
#   Process start (loading the bench fixture) and exit are not collected.
# The numbers depend on compiler and flags: the targets are for GCC 12 and the Release build
# of tools/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
flow_target=12000
init_target=15000

command -v valgrind >/dev/null || { echo "host-cost.sh: valgrind is not installed (tools/setup-debian.sh)" >&2; exit 2; }
# An existing build folder is brought up to date (keybench only); a missing one is configured first.
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S . -B "$build" -G Ninja -DKEYBENCH_WERROR=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target keybench >/dev/null
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flow_fn='kb::fw::run_host_key_provisioning(*'
init_fn='kb::core::stsafe::Stsafe::init()'

# profile NAME TOGGLE...: one callgrind run of the flow collecting only inside the toggles.
profile() {
  local name=$1 toggles=() fn
  shift
  for fn in "$@"; do toggles+=("--toggle-collect=$fn"); done
  if ! valgrind --tool=callgrind --callgrind-out-file="$work/$name.out" --compress-strings=no --compress-pos=no \
    --collect-atstart=no "${toggles[@]}" "$build/tools/keybench" run host-key-provisioning \
    >"$work/$name.txt" 2>"$work/$name.valgrind"; then
    cat "$work/$name.txt" "$work/$name.valgrind" >&2
    echo "host-cost.sh: the flow failed under callgrind" >&2
    exit 1
  fi
  # A toggle that never fired leaves an empty profile, and a number that means nothing.
  grep -qF "fn=${1%(\*}" "$work/$name.out" ||
    { echo "host-cost.sh: the profile never entered $1: not the flow this script measures" >&2; exit 2; }
}

# Prints "host model console" for one profile. A cost line right after calls= is that call's
# inclusive cost; every other cost line is a function's own.
split_cost() {
  awk '
    function is_console(name) { return name ~ /Console::|\(kb::hal::Console&/ }
    /^fn=/ { fn = substr($0, 4); next }
    /^cfn=/ { cfn = substr($0, 5); next }
    /^calls=/ { in_call = 1; next }
    /^[0-9]/ {
      if (in_call && index(fn, "kb::hal::sim::") == 1 && index(cfn, "kb::sim::") == 1) model += $2
      if (in_call && !is_console(fn) && is_console(cfn)) console += $2
      in_call = 0
      next
    }
    /^totals:/ { total = $2 }
    END { printf "%d %d %d\n", total - model - console, model, console }
  ' "$1"
}

# Toggling at init's entry and return as well switches collection off inside it.
profile flow "$flow_fn" "$init_fn"
profile init "$init_fn"
read -r flow_host flow_model flow_console < <(split_cost "$work/flow.out")
read -r init_host init_model init_console < <(split_cost "$work/init.out")

status() {
  if (($1 <= $2)); then echo PASS; else echo FAIL; fi
}
flow_status=$(status "$flow_host" "$flow_target")
init_status=$(status "$init_host" "$init_target")
verdict=PASS
[[ $flow_status == PASS && $init_status == PASS ]] || verdict=FAIL

echo "host-cost ($build, ${build_type:-unknown build type}): instructions outside kb::sim, callgrind"
printf '  %-15s %7d  (target <= %d)  %s   (not counted: model %d, console %d)\n' flow "$flow_host" "$flow_target" \
  "$flow_status" "$flow_model" "$flow_console"
printf '  %-15s %7d  (target <= %d)  %s   (not counted: model %d, console %d)\n' initialisation "$init_host" \
  "$init_target" "$init_status" "$init_model" "$init_console"
echo "host-cost: $verdict"
[[ $verdict == PASS ]]
