#!/usr/bin/env bash
# Cross-compiles the nRF5340 application-core images (core, firmware and hal/nrf for a Cortex-M33
# with hard float, newlib-nano) and prints their flash and RAM use. Needs the Debian packages
# gcc-arm-none-eabi, libnewlib-arm-none-eabi and libstdc++-arm-none-eabi-newlib. Environment:
#   KEYBENCH_BOARD_BUILD_DIR  build folder (default: build-board)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${KEYBENCH_BOARD_BUILD_DIR:-build-board}
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S hal/nrf/board -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/arm-none-eabi.cmake" -DKEYBENCH_WERROR=ON \
  -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
cmake --build "$build" -j "$jobs" >/dev/null
for elf in "$build"/keybench_*.elf; do
  arm-none-eabi-size "$elf"
  # Berkeley columns: text data bss. Flash holds text and the initial values of data; RAM holds
  # data and bss (the 16 KiB stack reserve comes on top).
  read -r text data bss _ < <(arm-none-eabi-size "$elf" | tail -1)
  echo "$(basename "$elf" .elf): flash $((text + data)) bytes, RAM $((data + bss)) bytes static + 16384 stack"
done
