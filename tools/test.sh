#!/usr/bin/env bash
# Configures, builds and runs the whole test suite. Environment:
#   KEYBENCH_BUILD_DIR  build folder (default: build)
#   KEYBENCH_SANITIZE   ON for an AddressSanitizer + UndefinedBehaviorSanitizer build
set -euo pipefail
cd "$(dirname "$0")/.."
build=${KEYBENCH_BUILD_DIR:-build}
sanitize=${KEYBENCH_SANITIZE:-OFF}
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build" -G Ninja -DKEYBENCH_WERROR=ON -DKEYBENCH_SANITIZE="$sanitize" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs"
