// Throughput of the device authentication applications through the full stack (firmware → host
// library → bus → STSAFE-A120 model, OpenSSL X.509 and P-256 on the host): certificate size and
// chunked read of zone 0, chain check, Generate Signature of a random challenge, verification.
// Target (issue 12): simulated/wall ≥ 1,000. Each iteration runs on a fresh default bench
// (factory personalised); the bench CA is computed once, outside the timing.
// Baseline in the same run (BM_DeviceAuthenticationCryptoFloor): the three P-256 operations the
// flow cannot do without (the chip's signature, the check of the certificate's signature, the
// check of the challenge's), each on keys and contexts OpenSSL already holds, which is as cheap
// as OpenSSL makes them; `max_sim_per_cpu` is the ratio the flow would have if nothing else cost
// anything.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <array>
#include <chrono>
#include <memory>
#include <vector>

#include "firmware/device_authentication/device_authentication.h"
#include "hal/crypto_openssl/openssl_certificates.h"
#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/personalisation.h"
#include "tests/bench/thread_cpu_clock.h"

namespace {

using Clock = std::chrono::steady_clock;

// A fresh default bench (factory personalised) and a device authentication run on it.
class FreshBench {
 public:
  FreshBench(const std::vector<uint8_t>& ca, kb::hal::openssl::OpensslCertificates& x509, bool multistep)
      : target_(kb::hal::host::open_target(kb::hal::host::TargetSpec{}, console_)),
        start_(target_->bench()->scheduler().now()) {
    options_.ca_certificate = ca;
    options_.certificates = &x509;
    options_.multistep = multistep;
  }
  kb::core::Status authenticate() { return kb::fw::run_device_authentication(target_->platform(), options_); }
  uint64_t simulated_ns() const { return target_->bench()->scheduler().now() - start_; }

 private:
  kb::hal::host::CaptureConsole console_{{}, /*keep=*/false};
  std::unique_ptr<kb::hal::host::HostTarget> target_;
  uint64_t start_;
  kb::fw::DeviceAuthenticationOptions options_;
};

void device_authentication(benchmark::State& state, bool multistep) {
  const std::vector<uint8_t>& ca = kb::sim::stsafe_a120::factory_personalisation(0).ca_certificate;
  kb::hal::openssl::OpensslCertificates x509;
  uint64_t simulated = 0;
  double wall = 0, cpu = 0;
  for (auto _ : state) {
    state.PauseTiming();
    FreshBench run(ca, x509, multistep);
    state.ResumeTiming();
    const auto t0 = Clock::now();
    const auto c0 = kb::bench::ThreadCpuClock::now();
    const kb::core::Status s = run.authenticate();
    cpu += std::chrono::duration<double>(kb::bench::ThreadCpuClock::now() - c0).count();
    wall += std::chrono::duration<double>(Clock::now() - t0).count();
    if (!s.ok()) state.SkipWithError("device authentication failed");
    simulated += run.simulated_ns();
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["flows_per_s"] = benchmark::Counter(n, benchmark::Counter::kIsRate);
  state.counters["wall_ms_per_flow"] = wall * 1e3 / n;
  state.counters["sim_ms_per_flow"] = static_cast<double>(simulated) / 1e6 / n;
  state.counters["sim_per_wall"] = static_cast<double>(simulated) / 1e9 / wall;
  state.counters["sim_per_cpu"] = static_cast<double>(simulated) / 1e9 / cpu;
}

void BM_DeviceAuthenticationFlow(benchmark::State& state) {
  device_authentication(state, false);
}
BENCHMARK(BM_DeviceAuthenticationFlow)->Unit(benchmark::kMillisecond);

void BM_DeviceAuthenticationMultistepFlow(benchmark::State& state) {
  device_authentication(state, true);
}
BENCHMARK(BM_DeviceAuthenticationMultistepFlow)->Unit(benchmark::kMillisecond);

using Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;

// The simulated time of one default flow, for the floor's ratio.
uint64_t simulated_ns_of_one_flow() {
  kb::hal::openssl::OpensslCertificates x509;
  FreshBench run(kb::sim::stsafe_a120::factory_personalisation(0).ca_certificate, x509, /*multistep=*/false);
  return run.authenticate().ok() ? run.simulated_ns() : 0;
}

void BM_DeviceAuthenticationCryptoFloor(benchmark::State& state) {
  const uint64_t simulated = simulated_ns_of_one_flow();
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
  PkeyCtx signer(key ? EVP_PKEY_CTX_new(key.get(), nullptr) : nullptr, EVP_PKEY_CTX_free);
  PkeyCtx verifier(key ? EVP_PKEY_CTX_new(key.get(), nullptr) : nullptr, EVP_PKEY_CTX_free);
  if (simulated == 0 || !signer || !verifier || EVP_PKEY_sign_init(signer.get()) != 1 ||
      EVP_PKEY_verify_init(verifier.get()) != 1) {
    state.SkipWithError("no flow or no OpenSSL P-256 key");
    return;
  }
  std::array<unsigned char, 32> digest{};
  std::array<unsigned char, 80> signature{};
  double cpu = 0;
  for (auto _ : state) {
    const auto c0 = kb::bench::ThreadCpuClock::now();
    size_t length = signature.size();
    bool ok = EVP_PKEY_sign(signer.get(), signature.data(), &length, digest.data(), digest.size()) == 1;
    for (int check = 0; check < 2; ++check)
      ok = ok && EVP_PKEY_verify(verifier.get(), signature.data(), length, digest.data(), digest.size()) == 1;
    cpu += std::chrono::duration<double>(kb::bench::ThreadCpuClock::now() - c0).count();
    if (!ok) state.SkipWithError("an OpenSSL P-256 operation failed");
    ++digest[0];
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["floor_us_per_flow"] = cpu * 1e6 / n;
  state.counters["sim_ms_per_flow"] = static_cast<double>(simulated) / 1e6;
  state.counters["max_sim_per_cpu"] = static_cast<double>(simulated) / 1e9 / (cpu / n);
}
BENCHMARK(BM_DeviceAuthenticationCryptoFloor)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
