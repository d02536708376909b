// Throughput of the host key provisioning flow on the simulator, end to end: firmware, host
// library, bus, model. Targets (issue: foundation): >= 20,000 flows/s on one core, simulated/wall
// ratio > 1,000. The baseline in the same run is one echo command through the same stack, so the
// flow is also reported as a multiple of the cheapest round trip.
#include <benchmark/benchmark.h>

#include <chrono>

#include "core/stsafe/stsafe.h"
#include "firmware/host_key_provisioning/host_key_provisioning.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/host/stdio_console.h"
#include "hal/sim/sim_backend.h"
#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/stsafe.h"

namespace {

struct FreshBench {
  kb::sim::Bench bench{400000};
  kb::hal::sim::SimI2cInitiator i2c{bench};
  kb::hal::sim::SimClock clock{bench};
  kb::hal::sim::SimPowerLine power{bench};
  FreshBench() { bench.add("stsafe", 0x20, std::make_unique<kb::sim::stsafe_a120::Stsafe>(bench.scheduler())); }
};

kb::hal::openssl::OpensslCrypto& crypto() {
  static kb::hal::openssl::OpensslCrypto c(1);
  return c;
}

void report(benchmark::State& state, uint64_t simulated_ns, double wall_s) {
  state.counters["flows_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["sim_per_wall"] = static_cast<double>(simulated_ns) / 1e9 / wall_s;
}

void BM_HostKeyProvisioningFlow(benchmark::State& state) {
  kb::hal::host::CaptureConsole console({}, /*keep=*/false);
  uint64_t simulated = 0;
  double wall = 0;
  for (auto _ : state) {
    FreshBench b;
    kb::hal::Platform p{b.i2c, b.clock, b.power, crypto(), console, nullptr};
    auto t0 = std::chrono::steady_clock::now();
    kb::core::Status s = kb::fw::run_host_key_provisioning(p, {});
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!s.ok()) state.SkipWithError("flow failed");
    simulated += b.bench.scheduler().now();
  }
  report(state, simulated, wall);
}
BENCHMARK(BM_HostKeyProvisioningFlow);

// Baseline: one echo of 16 bytes on an initialised chip.
void BM_EchoRoundTrip(benchmark::State& state) {
  FreshBench b;
  kb::core::stsafe::Stsafe se(b.i2c, b.clock);
  const uint8_t in[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  uint8_t out[16];
  uint64_t start = b.bench.scheduler().now();
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    if (!se.echo(in, out).ok()) state.SkipWithError("echo failed");
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  state.counters["sim_per_wall"] = static_cast<double>(b.bench.scheduler().now() - start) / 1e9 / wall;
}
BENCHMARK(BM_EchoRoundTrip);

}  // namespace

BENCHMARK_MAIN();
