// The ATECC608A factory flow and Sign through the full stack: firmware, core/atecc, bus, model.
// Targets (issue: ATECC608A): configure-and-lock simulated/wall >= 1,000, and Sign commands per
// second. The baseline in the same run is the host's own P-256 signature (OpenSSL), so the chip's
// Sign is also reported as a fraction of the signing work it wraps.
#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <memory>
#include <string>

#include "core/atecc/atecc.h"
#include "core/atecc/commands/sign.h"
#include "firmware/atecc_configure_and_lock/atecc_configure_and_lock.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "tests/test_paths.h"
#include "tools/keybench/atecc_profile.h"

namespace {

const std::string kFactory = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/atecc608a-factory.json";
const std::string kMbedChip = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/atecc608a-mbed-example.json";

const kb::fw::AteccConfigProfile& profile() {
  static const kb::fw::AteccConfigProfile p = kb::tools::load_atecc_profile(
      std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/atecc-profiles/mbed-crypto-example.json");
  return p;
}

std::unique_ptr<kb::hal::host::HostTarget> open(const std::string& fixture, kb::hal::Console& console) {
  kb::hal::host::TargetSpec spec;
  spec.fixture = fixture;
  return kb::hal::host::open_target(spec, console);
}

void BM_AteccConfigureAndLockFlow(benchmark::State& state) {
  kb::hal::host::CaptureConsole console({}, /*keep=*/false);
  uint64_t simulated = 0;
  double wall = 0;
  kb::fw::AteccConfigureAndLockOptions o;
  o.profile = profile();
  o.profile_name = "mbed-crypto-example";
  for (auto _ : state) {
    state.PauseTiming();
    auto target = open(kFactory, console);
    state.ResumeTiming();
    const auto t0 = std::chrono::steady_clock::now();
    const kb::core::Status s = kb::fw::run_atecc_configure_and_lock(target->platform(), o);
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!s.ok()) state.SkipWithError("flow failed");
    simulated += target->bench()->scheduler().now();
  }
  state.counters["flows_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["sim_per_wall"] = static_cast<double>(simulated) / 1e9 / wall;
}
BENCHMARK(BM_AteccConfigureAndLockFlow)->Unit(benchmark::kMicrosecond);

// Random, digest into the message digest buffer, Sign: one signature as a host asks for it.
void BM_AteccSignCommand(benchmark::State& state) {
  kb::hal::host::CaptureConsole console({}, /*keep=*/false);
  auto target = open(kMbedChip, console);
  kb::core::atecc::Atecc chip(target->platform().i2c, target->platform().clock);
  std::array<uint8_t, 32> digest{};
  std::array<uint8_t, 64> signature{};
  for (auto _ : state) {
    digest[0]++;
    if (!kb::core::atecc::commands::sign_digest(chip, 0, digest, signature).ok()) state.SkipWithError("sign failed");
  }
  state.counters["signs_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AteccSignCommand)->Unit(benchmark::kMicrosecond);

// Baseline: the host's P-256 signature alone.
void BM_HostP256Sign(benchmark::State& state) {
  kb::hal::openssl::OpensslCrypto crypto(1);
  std::array<uint8_t, 32> key{};
  key[31] = 7;
  std::array<uint8_t, 32> digest{};
  std::array<uint8_t, 64> signature{};
  for (auto _ : state) {
    digest[0]++;
    if (crypto.p256_sign_digest(key, digest, signature) != kb::hal::CryptoResult::kOk) state.SkipWithError("sign");
  }
  state.counters["signs_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HostP256Sign)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
