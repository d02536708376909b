// Every flow on both buses: the transaction-level bus and the RTL bus (simulator/rtl) must give the
// same transcript, the same bus transactions and the same device state; simulated durations differ
// only by how the two levels account for START and STOP (docs/fidelity.md, "RTL bus").
#include <gtest/gtest.h>

#include <cstdio>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "simulator/fault/fault_injector.h"
#include "simulator/fault/fault_plan.h"
#include "simulator/rtl/i2c_timing.h"
#include "simulator/rtl/rtl_bus.h"
#include "tests/test_paths.h"
#include "tools/keybench/flow_registry.h"

namespace kb::test {
namespace {

struct Seen {
  uint8_t address7;
  bool is_read;
  std::vector<uint8_t> data;
  sim::BusOutcome outcome;
  bool operator==(const Seen&) const = default;
};

struct FlowRun {
  bool passed = false;
  std::string transcript;
  nlohmann::json state;
  uint64_t simulated_ns = 0;
  std::vector<Seen> transactions;
  std::vector<bool> stops;               // per transaction: ended with a STOP (else a repeated START follows)
  std::vector<sim::Nanoseconds> bit_ns;  // per transaction: the bit-time (the ATECC wake runs at 100 kHz)
};

struct StopListener final : sim::I2cWireListener {
  FlowRun* run;
  void on_wire(const sim::WireTransaction& t) override {
    run->stops.push_back(t.stop);
    run->bit_ns.push_back(t.bit_ns);
  }
};

FlowRun run_flow(const tools::Flow& flow, bool rtl, const sim::fault::FaultPlan* plan = nullptr,
                 std::vector<std::string>* fault_details = nullptr) {
  hal::host::CaptureConsole console;
  hal::host::TargetSpec spec;
  if (!flow.default_fixture.empty()) {
    spec.fixture = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + std::string(flow.default_fixture);
  }
  spec.rtl_bus = rtl;
  auto target = hal::host::open_target(spec, console);
  sim::Bench& bench = *target->bench();
  if (plan != nullptr) bench.install_fault_plan(*plan);
  FlowRun r;
  bench.bus().set_observer([&](const sim::BusTransaction& t) {
    r.transactions.push_back({t.address7, t.is_read, {t.data.begin(), t.data.end()}, t.outcome});
  });
  StopListener listener;
  listener.run = &r;
  bench.bus().add_wire_listener(&listener);
  const uint64_t start = target->platform().clock.now_ns();
  r.passed = flow.run(*target, tools::FlowOptions{}).ok();
  r.simulated_ns = target->platform().clock.now_ns() - start;
  r.transcript = console.text();
  if (plan != nullptr && fault_details != nullptr) {
    for (const auto& rec : bench.faults()->records()) fault_details->push_back(rec.trigger + " -> " + rec.detail);
  }
  nlohmann::json saved = bench.save_state();
  r.state = saved["devices"];
  bench.bus().remove_wire_listener(&listener);
  return r;
}

TEST(RtlEquivalence, EveryFlowRunsTheSameOnBothBuses) {
  if (!sim::rtl::rtl_bus_available()) GTEST_SKIP() << "built without Verilator";
  size_t compared = 0;
  for (const tools::Flow& flow : tools::flows()) {
    SCOPED_TRACE(std::string(flow.name));
    const FlowRun tl = run_flow(flow, false);
    const FlowRun rtl = run_flow(flow, true);
    ASSERT_TRUE(tl.passed) << tl.transcript;
    EXPECT_TRUE(rtl.passed) << rtl.transcript;
    EXPECT_EQ(rtl.transcript, tl.transcript);
    EXPECT_EQ(rtl.state, tl.state);
    ASSERT_EQ(rtl.transactions.size(), tl.transactions.size());
    EXPECT_TRUE(rtl.transactions == tl.transactions);
    ASSERT_EQ(rtl.stops, tl.stops);
    ASSERT_EQ(rtl.bit_ns, tl.bit_ns);
    // START/STOP accounting: the transaction level charges one bit-time for each START, repeated
    // START and STOP; the RTL bus takes tHD;STA for a START, tLOW + tSU;STA + tHD;STA for a
    // repeated START and tLOW + tSU;STO + tBUF for a STOP (bus free time included). Byte bits
    // cost one period on both. With the same transactions, that is the whole difference.
    const auto ns = [](sim::Nanoseconds v) { return static_cast<int64_t>(v); };
    int64_t expected = 0;
    for (size_t i = 0; i < tl.stops.size(); ++i) {
      const sim::rtl::I2cTiming t =
          sim::rtl::timing_for_rate(static_cast<uint32_t>((1000000000ull + tl.bit_ns[i] / 2) / tl.bit_ns[i]));
      const bool repeated = i > 0 && !tl.stops[i - 1];
      expected += (repeated ? ns(t.low + t.su_sta + t.hd_sta) : ns(t.hd_sta)) - ns(t.period);
      if (tl.stops[i]) expected += ns(t.low + t.su_sto + t.buf) - ns(t.period);
    }
    const int64_t diff = ns(rtl.simulated_ns) - ns(tl.simulated_ns);
    EXPECT_EQ(diff, expected) << "transaction level " << tl.simulated_ns << " ns, RTL " << rtl.simulated_ns << " ns, "
                              << tl.transactions.size() << " transactions";
    std::printf("  %-34s %5zu transactions, transaction level %10.3f ms, RTL %10.3f ms (%+.3f ms)\n",
                std::string(flow.name).c_str(), tl.transactions.size(), tl.simulated_ns / 1e6, rtl.simulated_ns / 1e6,
                diff / 1e6);
    ++compared;
  }
  EXPECT_EQ(compared, tools::flows().size());
}

// The committed STSAFE fault plans under host key provisioning: the same faults land on the same
// transactions, with the same outcome, on both buses.
TEST(RtlEquivalence, FaultPlansActTheSameOnBothBuses) {
  if (!sim::rtl::rtl_bus_available()) GTEST_SKIP() << "built without Verilator";
  const tools::Flow* flow = tools::find_flow("host-key-provisioning");
  ASSERT_NE(flow, nullptr);
  for (const char* name : {"clock-stretch-timeout.json", "host-key-write-access-denied.json",
                           "host-key-write-power-cut.json", "noisy-bus.json", "response-data-nack.json"}) {
    SCOPED_TRACE(name);
    const sim::fault::FaultPlan plan =
        sim::fault::load_fault_plan_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/faults/" + name);
    std::vector<std::string> tl_faults;
    std::vector<std::string> rtl_faults;
    const FlowRun tl = run_flow(*flow, false, &plan, &tl_faults);
    const FlowRun rtl = run_flow(*flow, true, &plan, &rtl_faults);
    EXPECT_FALSE(tl.passed);  // every one of these plans breaks the flow
    EXPECT_EQ(rtl.passed, tl.passed);
    EXPECT_EQ(rtl.transcript, tl.transcript);
    EXPECT_EQ(rtl.state, tl.state);
    EXPECT_TRUE(rtl.transactions == tl.transactions);
    EXPECT_FALSE(tl_faults.empty());
    EXPECT_EQ(rtl_faults, tl_faults);
  }
}

}  // namespace
}  // namespace kb::test
