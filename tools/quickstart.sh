#!/usr/bin/env bash
# Fresh Debian 12 machine to every provisioning flow on the default simulated bench.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup-debian.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -G Ninja -DKEYBENCH_WERROR=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs" --target keybench
./build/tools/keybench run all
