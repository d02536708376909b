// The PSA factory provisioning flow through the full stack: the application, Mbed TLS's PSA core
// and X.509 writer, keybench's ITS in the bench's MCU flash, the secure element's driver (the
// ATECC608A's or the STSAFE-A120's), bus and model. Target (issue 13): factory provisioning flows
// per second for each chip, simulated/wall >= 1,000.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>

#include "core/its/flash_its.h"
#include "firmware/factory_provisioning/factory_provisioning.h"
#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "hal/sim/sim_flash_region.h"
#include "simulator/bench/bench.h"
#include "simulator/mcu/mcu_flash.h"
#include "tests/test_paths.h"

namespace {

void factory_provisioning(benchmark::State& state, const std::string& fixture, kb::fw::FactorySecureElement se) {
  const std::string bench_file = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + fixture;
  kb::hal::host::CaptureConsole console({}, /*keep=*/false);
  uint64_t simulated = 0;
  double wall = 0;
  for (auto _ : state) {
    state.PauseTiming();
    kb::hal::host::TargetSpec spec;
    spec.fixture = bench_file;
    auto target = kb::hal::host::open_target(spec, console);
    auto* flash = target->bench()->first<kb::sim::mcu::McuFlash>();
    kb::hal::sim::SimFlashRegion region(flash->nvm(), &target->bench()->scheduler());
    kb::core::its::FlashIts its(region);
    state.ResumeTiming();
    const auto t0 = std::chrono::steady_clock::now();
    const uint64_t sim0 = target->bench()->scheduler().now();
    kb::fw::FactoryProvisioningOptions o;
    o.its = &its;
    o.se = se;
    if (its.mount() != kb::core::its::ItsStatus::kOk) state.SkipWithError("ITS mount failed");
    const kb::core::Status s = kb::fw::run_factory_provisioning(target->platform(), o);
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!s.ok()) state.SkipWithError("flow failed");
    simulated += target->bench()->scheduler().now() - sim0;
  }
  state.counters["flows_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["sim_per_wall"] = static_cast<double>(simulated) / 1e9 / wall;
  state.counters["sim_ms_per_flow"] = static_cast<double>(simulated) / 1e6 / static_cast<double>(state.iterations());
}

void BM_PsaFactoryProvisioningAtecc608a(benchmark::State& state) {
  factory_provisioning(state, "atecc608a-psa-factory.json", kb::fw::FactorySecureElement::kAtecc608a);
}
BENCHMARK(BM_PsaFactoryProvisioningAtecc608a)->Unit(benchmark::kMillisecond);

void BM_PsaFactoryProvisioningStsafeA120(benchmark::State& state) {
  factory_provisioning(state, "stsafe-psa-factory.json", kb::fw::FactorySecureElement::kStsafeA120);
}
BENCHMARK(BM_PsaFactoryProvisioningStsafeA120)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
