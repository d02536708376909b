#!/usr/bin/env bash
# Configures, builds and runs the whole test suite. Environment:
#   KEYBENCH_BUILD_DIR   build folder (default: build)
#   KEYBENCH_BUILD_TYPE  CMake build type (default: Release, so the suite runs on the -O3 code a
#                        user ships and GCC's -O3 warnings stop the build; RelWithDebInfo to debug)
#   KEYBENCH_SANITIZE    ON for an AddressSanitizer + UndefinedBehaviorSanitizer build
#   KEYBENCH_PSA         ON (default: the PSA Crypto parts on Mbed TLS 2.28 must build; the source
#                        tree comes from tools/setup-debian.sh), AUTO or OFF
#   KEYBENCH_FUZZ        ON (clang: CC=clang CXX=clang++) for the sanitizer build whose libraries
#                        also carry libFuzzer's instrumentation: the fuzz targets' seeds run as
#                        tests, and tools/fuzz.sh can fuzz from the same folder without a rebuild
# Sanitized builds leave out the benchmarks: their numbers would mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${KEYBENCH_BUILD_DIR:-build}
build_type=${KEYBENCH_BUILD_TYPE:-Release}
sanitize=${KEYBENCH_SANITIZE:-OFF}
fuzz=${KEYBENCH_FUZZ:-OFF}
psa=${KEYBENCH_PSA:-ON}
jobs=$(nproc 2>/dev/null || echo 2)
benchmarks=ON
if [[ $sanitize == ON || $fuzz == ON ]]; then benchmarks=OFF; fi
# The fuzz instrumentation brings the sanitizers with it.
if [[ $fuzz == ON ]]; then sanitize=OFF; fi
cmake -S . -B "$build" -G Ninja -DKEYBENCH_WERROR=ON -DKEYBENCH_SANITIZE="$sanitize" -DKEYBENCH_FUZZ="$fuzz" -DKEYBENCH_PSA="$psa" \
  -DKEYBENCH_BENCHMARKS="$benchmarks" -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs"
