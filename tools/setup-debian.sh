#!/usr/bin/env bash
# Installs every Debian 12 package keybench needs to build, test and benchmark.
# Idempotent: packages already present are left alone and nothing is downloaded twice.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  # libFuzzer (tools/fuzz.sh): clang, libclang_rt.fuzzer-x86_64.a from libclang-rt-14-dev, and
  # llvm for /usr/bin/llvm-symbolizer, without which sanitizer stack traces have no names.
  clang clang-format libclang-rt-14-dev llvm
  libboost-program-options-dev libboost-dev
  libcrypto++-dev libssl-dev
  nlohmann-json3-dev
  libgtest-dev libgmock-dev googletest
  libbenchmark-dev
  # tools/host-cost.sh counts the host side's instructions with callgrind.
  valgrind
  # The RTL I2C bus (simulator/rtl) is Verilated; sigrok-cli runs PulseView's I2C decoder on its
  # waveforms in a test.
  verilator sigrok-cli
  gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "setup: not root and no sudo. Run as root, or install these packages yourself:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
