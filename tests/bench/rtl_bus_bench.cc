// The RTL bus (simulator/rtl): raw speed in SCL cycles per second of wall time, and each STSAFE
// flow's slowdown against the transaction-level bus in the same run. Target (issue 14): host key
// provisioning over the RTL bus at simulated/wall >= 10.
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "simulator/rtl/rtl_bus.h"
#include "tools/keybench/flow_registry.h"

namespace {

// A target that takes everything: the bus alone is measured.
class Sink : public kb::sim::I2cTarget {
 public:
  bool accept_write() override { return true; }
  size_t on_write(std::span<const uint8_t> data) override { return data.size(); }
  bool accept_read() override { return true; }
  void on_read(std::span<uint8_t> out) override {
    for (auto& b : out) b = 0x5A;
  }
};

void BM_RtlBusSclCycles(benchmark::State& state) {
  if (!kb::sim::rtl::rtl_bus_available()) {
    state.SkipWithError("built without Verilator");
    return;
  }
  kb::sim::Scheduler s;
  kb::sim::I2cBus bus(s, 400000);
  Sink sink;
  bus.attach(0x20, &sink);
  bus.set_bit_level(kb::sim::rtl::make_rtl_bus(s));
  uint8_t frame[64] = {};
  uint64_t cycles = 0;
  for (auto _ : state) {
    bus.write(0x20, frame);
    cycles += 9 * (sizeof frame + 1) + 1;  // data and acknowledge clocks, and the STOP's
  }
  state.counters["scl_cycles_per_s"] = benchmark::Counter(static_cast<double>(cycles), benchmark::Counter::kIsRate);
  // Simulated seconds per wall second.
  state.counters["sim_per_wall"] = benchmark::Counter(static_cast<double>(s.now()) / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RtlBusSclCycles);

// One flow on a fresh default bench at either level.
void run_flow(benchmark::State& state, const kb::tools::Flow* flow, bool rtl) {
  if (rtl && !kb::sim::rtl::rtl_bus_available()) {
    state.SkipWithError("built without Verilator");
    return;
  }
  uint64_t simulated = 0;
  double wall = 0;
  for (auto _ : state) {
    kb::hal::host::CaptureConsole console({}, /*keep=*/false);
    kb::hal::host::TargetSpec spec;
    spec.rtl_bus = rtl;
    auto target = kb::hal::host::open_target(spec, console);
    const uint64_t start = target->platform().clock.now_ns();
    const auto t0 = std::chrono::steady_clock::now();
    const bool ok = flow->run(*target, kb::tools::FlowOptions{}).ok();
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    simulated += target->platform().clock.now_ns() - start;
    if (!ok) state.SkipWithError("flow failed");
  }
  state.counters["flows_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["sim_per_wall"] = static_cast<double>(simulated) / 1e9 / wall;
}

}  // namespace

// Every STSAFE flow that runs on the default bench, on both buses side by side; the slowdown is
// the ratio of the two flows_per_s. Registered from main: the flow table is another file's static.
int main(int argc, char** argv) {
  for (const kb::tools::Flow& f : kb::tools::flows()) {
    if (!f.default_fixture.empty()) continue;
    const std::string name(f.name);
    benchmark::RegisterBenchmark(("BM_Flow/" + name + "/transaction").c_str(),
                                 [&f](benchmark::State& s) { run_flow(s, &f, false); });
    benchmark::RegisterBenchmark(("BM_Flow/" + name + "/rtl").c_str(),
                                 [&f](benchmark::State& s) { run_flow(s, &f, true); });
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
