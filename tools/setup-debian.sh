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

# Mbed TLS 2.28 LTS source, for the PSA Crypto core (KEYBENCH_PSA): Debian's own source package,
# fetched with a private apt configuration under the build cache, so the machine's apt sources and
# lists stay as they are. Debian 12's binary libmbedtls is built without MBEDTLS_PSA_CRYPTO_SE_C, so
# keybench compiles the sources itself with its own config header (third_party/mbedtls_config).
# KEYBENCH_CACHE_DIR (default ~/.cache/keybench) holds the tree as mbedtls-2.28, CMake's default
# KEYBENCH_MBEDTLS_SOURCE_DIR. Skipped when the tree is already there.
fetch_mbedtls_source() {
  local cache=${KEYBENCH_CACHE_DIR:-${HOME:-/root}/.cache/keybench}
  local tree="$cache/mbedtls-2.28" start
  if [ -f "$tree/.keybench-source" ] && [ -f "$tree/library/psa_crypto_se.c" ]; then
    echo "setup: Mbed TLS source already in $tree ($(cat "$tree/.keybench-source"))"
    return 0
  fi
  start=$(date +%s)
  local apt="$cache/apt" work
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/sources.list.d"
  # The mirror the machine already uses for Debian 12 (deb822 or one-line form), else Debian's.
  local mirror
  mirror=$(sed -n 's/^URIs: *\([^ ]*debian\)\/\?$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1 || true)
  if [ -z "$mirror" ]; then
    mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\?\([^ ]*\) bookworm .*/\2/p' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1 || true)
  fi
  mirror=${mirror:-http://deb.debian.org/debian}
  echo "deb-src $mirror bookworm main" > "$apt/sources.list"
  local opts=(-q -o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/sources.list.d"
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache")
  # As root apt would download as _apt, which cannot write into the cache folder.
  if [ "$(id -u)" -eq 0 ]; then opts+=(-o APT::Sandbox::User=root); fi
  apt-get "${opts[@]}" update >/dev/null
  work=$(mktemp -d "$cache/mbedtls-src.XXXXXX")
  (cd "$work" && apt-get "${opts[@]}" source mbedtls >/dev/null)
  local unpacked
  unpacked=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'mbedtls-2.28*' | head -1)
  if [ -z "$unpacked" ]; then
    echo "setup: apt-get source mbedtls gave no mbedtls-2.28 tree (bookworm has 2.28.x); see $work" >&2
    return 1
  fi
  basename "$unpacked" > "$unpacked/.keybench-source"
  rm -rf "$tree"
  mv "$unpacked" "$tree"
  rm -rf "$work"
  echo "setup: Mbed TLS source $(cat "$tree/.keybench-source") in $tree from $mirror ($(($(date +%s) - start)) s)"
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  fetch_mbedtls_source
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
fetch_mbedtls_source
echo "setup: done"
