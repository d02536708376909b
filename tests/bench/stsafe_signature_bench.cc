// Signatures per second per curve on the simulated STSAFE-A120 (issue 12): Generate signature
// (0x16) through the full stack (host library, bus, model) with a key generated in private slot 1,
// against a baseline measured in the same run: the host's own signature on the same curve
// (OpenSSL, hal::Crypto::ec_sign). Counters:
//   signs_per_s           chip signatures per wall second (the simulator's throughput)
//   sim_signs_per_s       chip signatures per simulated second (what the modelled chip's timing
//                         table gives a host on a 400 kHz bus)
//   host_signs_per_s      the baseline
//   chip_sign_in_host_signs  wall time of one chip signature in host signatures
#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <vector>

#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/stsafe.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"

namespace {

using kb::core::stsafe::EccCurve;

kb::hal::EcCurve host_curve(EccCurve c) {
  return static_cast<kb::hal::EcCurve>(static_cast<uint8_t>(c));  // same order (hal/crypto.h, core/stsafe/types.h)
}

size_t message_bytes(EccCurve c) {
  if (c == EccCurve::kEd25519) return 64;
  const size_t n = kb::core::stsafe::coordinate_bytes(c);
  return n > 48 ? 64 : n;
}

// Wall seconds per host signature on the curve, measured now.
double host_sign_seconds(EccCurve curve) {
  constexpr int kRuns = 200;
  kb::hal::openssl::OpensslCrypto crypto(1);
  const kb::hal::EcCurve c = host_curve(curve);
  std::vector<uint8_t> priv(kb::hal::ec_private_key_bytes(c)), pub(kb::hal::ec_public_key_bytes(c));
  std::vector<uint8_t> message(message_bytes(curve), 0x5A), signature(kb::hal::ec_signature_bytes(c));
  if (crypto.ec_generate(c, priv, pub) != kb::hal::CryptoResult::kOk) return 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kRuns; ++i) {
    message[0] = static_cast<uint8_t>(i);
    benchmark::DoNotOptimize(crypto.ec_sign(c, priv, message, signature));
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / kRuns;
}

void BM_StsafeGenerateSignature(benchmark::State& state) {
  const auto curve = static_cast<EccCurve>(state.range(0));
  const double baseline = host_sign_seconds(curve);
  kb::hal::host::CaptureConsole console({}, /*keep=*/false);
  auto target = kb::hal::host::open_target({}, console);
  kb::hal::Platform& p = target->platform();
  kb::core::stsafe::Stsafe se(p.i2c, p.clock, p.crypto, target->stsafe_address());
  std::vector<uint8_t> pub(kb::core::stsafe::public_key_bytes(curve));
  // No usage limit, so the loop never runs the key out.
  if (!se.init().ok() || !se.generate_key_pair(1, curve, 0, pub).ok()) {
    state.SkipWithError("key pair generation failed");
    return;
  }
  std::vector<uint8_t> message(message_bytes(curve), 0x5A), signature(kb::core::stsafe::signature_bytes(curve));
  const uint64_t sim_start = p.clock.now_ns();
  double wall = 0;
  for (auto _ : state) {
    message[0]++;
    const auto t0 = std::chrono::steady_clock::now();
    if (!se.generate_signature(1, curve, message, signature).ok()) state.SkipWithError("signature failed");
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  const double simulated = static_cast<double>(p.clock.now_ns() - sim_start) / 1e9;
  const double n = static_cast<double>(state.iterations());
  state.SetLabel(kb::hal::ec_curve_name(host_curve(curve)));
  state.counters["signs_per_s"] = benchmark::Counter(n, benchmark::Counter::kIsRate);
  state.counters["sim_signs_per_s"] = simulated > 0 ? n / simulated : 0;
  state.counters["host_signs_per_s"] = baseline > 0 ? 1.0 / baseline : 0;
  state.counters["chip_sign_in_host_signs"] = baseline > 0 && n > 0 ? wall / n / baseline : 0;
}
BENCHMARK(BM_StsafeGenerateSignature)
    ->ArgName("curve")
    ->DenseRange(static_cast<int>(EccCurve::kNistP256), static_cast<int>(EccCurve::kBrainpoolP512r1))
    ->Arg(static_cast<int>(EccCurve::kEd25519))
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
