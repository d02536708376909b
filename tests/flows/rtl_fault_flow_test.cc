// Faults only the RTL bus can express (sda_glitch, sda_hold_low, scl_glitch, stretch_timeout,
// missing_stop, arbitration_loss) under host key provisioning: what the host library does with each,
// and the refusal of such a plan on the transaction-level bus.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "firmware/host_key_provisioning/host_key_provisioning.h"
#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "simulator/fault/fault_injector.h"
#include "simulator/fault/fault_plan.h"
#include "simulator/fixture/json_view.h"
#include "simulator/rtl/rtl_bus.h"
#include "tests/test_paths.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

#define SKIP_WITHOUT_RTL() \
  if (!sim::rtl::rtl_bus_available()) GTEST_SKIP() << "built without Verilator"

sim::fault::FaultPlan plan_at(uint64_t transaction, const std::string& action) {
  return sim::fault::parse_fault_plan_text(
      R"({"format": "keybench-faults/1", "faults": [{"when": {"bus_transaction": )" + std::to_string(transaction) +
          R"(}, "do": )" + action + "}]}",
      "<test plan>");
}

struct FlowRun {
  hal::host::CaptureConsole console;
  std::unique_ptr<hal::host::HostTarget> target;
  core::Status status;
  uint64_t transactions = 0;
  // Every write the chip acknowledged whole, in order: a frame taken twice would show here.
  std::vector<std::vector<uint8_t>> taken_writes;

  explicit FlowRun(bool rtl) {
    hal::host::TargetSpec spec;
    spec.rtl_bus = rtl;
    target = hal::host::open_target(spec, console);
  }
  sim::Bench& bench() { return *target->bench(); }
  void go() {
    fw::HostKeyProvisioningOptions o;
    o.address7 = target->stsafe_address();
    const uint64_t before = bench().bus().transaction_count();
    bench().bus().set_observer([this](const sim::BusTransaction& t) {
      if (!t.is_read && t.outcome == sim::BusOutcome::kAck) taken_writes.emplace_back(t.data.begin(), t.data.end());
    });
    status = fw::run_host_key_provisioning(target->platform(), o);
    bench().bus().set_observer(nullptr);
    transactions = bench().bus().transaction_count() - before;
  }
  nlohmann::json state() { return bench().save_state()["devices"][0]["state"]; }
  std::string reason() {
    char buf[128];
    return status.describe(buf, sizeof buf);
  }
};

TEST(RtlFaultPlan, RtlOnlyActionsAreRefusedOnTheTransactionBus) {
  for (const char* action :
       {R"({"action": "sda_glitch", "bit": 12, "width_ns": 40})", R"({"action": "sda_hold_low", "clocks": 4})",
        R"({"action": "scl_glitch", "bit": 12, "width_ns": 200})",
        R"({"action": "stretch_timeout", "bit": 20, "stretch_ns": 40000000})", R"({"action": "missing_stop"})",
        R"({"action": "arbitration_loss", "bit": 9})"}) {
    FlowRun r(false);
    try {
      r.bench().install_fault_plan(plan_at(3, action));
      FAIL() << "plan accepted: " << action;
    } catch (const sim::FixtureError& e) {
      EXPECT_EQ(e.path(), "$.faults[0].do.action");
      EXPECT_THAT(e.problem(), HasSubstr("works only on the RTL bus (--bus rtl"));
    }
    EXPECT_EQ(r.bench().faults(), nullptr);
  }
}

TEST(RtlFaultPlan, BadFieldsAreNamed) {
  EXPECT_THROW(plan_at(0, R"({"action": "sda_glitch", "bit": 3, "width_ns": 40})"), sim::FixtureError);
  EXPECT_THROW(plan_at(0, R"({"action": "sda_glitch", "bit": 9, "width_ns": 0})"), sim::FixtureError);
  EXPECT_THROW(plan_at(0, R"({"action": "sda_hold_low"})"), sim::FixtureError);
  EXPECT_THROW(plan_at(0, R"({"action": "sda_hold_low", "clocks": 2, "hold_ns": 5})"), sim::FixtureError);
  EXPECT_THROW(plan_at(0, R"({"action": "scl_glitch", "bit": 2, "width_ns": 100})"), sim::FixtureError);
  EXPECT_THROW(plan_at(0, R"({"action": "stretch_timeout", "bit": 12})"), sim::FixtureError);
  EXPECT_THROW(plan_at(0, R"({"action": "missing_stop", "stretch_ns": 5})"), sim::FixtureError);
  EXPECT_THROW(plan_at(0, R"({"action": "arbitration_loss", "bit": 8})"), sim::FixtureError);
}

TEST(RtlFaultPlan, BusCannotLeaveTheRtlLevelUnderAnRtlPlan) {
  SKIP_WITHOUT_RTL();
  FlowRun r(true);
  r.bench().install_fault_plan(plan_at(3, R"({"action": "sda_hold_low", "clocks": 4})"));
  EXPECT_THROW(r.bench().set_bus_level(sim::BusLevel::kTransaction), sim::FixtureError);
  EXPECT_EQ(r.bench().bus_level(), sim::BusLevel::kRtl);
}

TEST(RtlFaultFlow, SpikeInsideTheFilterChangesNothing) {
  SKIP_WITHOUT_RTL();
  FlowRun clean(true);
  clean.go();
  ASSERT_TRUE(clean.status.ok()) << clean.console.text();
  FlowRun r(true);
  auto& injector = r.bench().install_fault_plan(plan_at(3, R"({"action": "sda_glitch", "bit": 12, "width_ns": 40})"));
  r.go();
  ASSERT_TRUE(r.status.ok()) << r.console.text();
  ASSERT_EQ(injector.records().size(), 1u);
  EXPECT_THAT(injector.records()[0].detail, HasSubstr("inside the 50 ns spike filter"));
  EXPECT_EQ(r.state(), clean.state());
  EXPECT_EQ(r.transactions, clean.transactions);
  EXPECT_EQ(r.console.text(), clean.console.text());
}

TEST(RtlFaultFlow, LongerSpikeBreaksTheFrameAndTheHostStopsWithANamedError) {
  SKIP_WITHOUT_RTL();
  FlowRun r(true);
  // 300 ns of SDA high inside a 0 bit of the first command byte: the target sees STOP, START, and
  // an address that is not its own, so it stops acknowledging.
  r.bench().install_fault_plan(plan_at(3, R"({"action": "sda_glitch", "bit": 12, "width_ns": 300})"));
  r.go();
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.reason(), "data byte not acknowledged");
  EXPECT_THAT(r.console.text(), Not(HasSubstr(": PASS")));
  // The broken frame never reached the model: no host key, nothing written.
  EXPECT_FALSE(r.state()["host_key"]["present"].get<bool>());
}

TEST(RtlFaultFlow, StuckTargetIsRecoveredAndTheFlowCarriesOn) {
  SKIP_WITHOUT_RTL();
  FlowRun clean(true);
  clean.go();
  ASSERT_TRUE(clean.status.ok());
  FlowRun r(true);
  auto& injector = r.bench().install_fault_plan(plan_at(3, R"({"action": "sda_hold_low", "clocks": 4})"));
  r.go();
  ASSERT_TRUE(r.status.ok()) << r.console.text();
  ASSERT_EQ(injector.records().size(), 1u);
  // Same transactions, same chip: the recovery clocks and STOP are invisible to the host library
  // except for their time, and nothing is written twice.
  EXPECT_EQ(r.transactions, clean.transactions);
  EXPECT_EQ(r.state(), clean.state());
  EXPECT_EQ(r.console.text(), clean.console.text());
  EXPECT_GT(r.bench().scheduler().now(), clean.bench().scheduler().now());
}

TEST(RtlFaultFlow, TargetHoldingSdaPastRecoveryIsABusError) {
  SKIP_WITHOUT_RTL();
  FlowRun r(true);
  r.bench().install_fault_plan(plan_at(3, R"({"action": "sda_hold_low", "hold_ns": 500000000})"));
  r.go();
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.reason(), "bus error");
  EXPECT_FALSE(r.state()["host_key"]["present"].get<bool>());
}

TEST(RtlFaultFlow, SclSpikeInsideTheFilterChangesNothing) {
  SKIP_WITHOUT_RTL();
  FlowRun clean(true);
  clean.go();
  ASSERT_TRUE(clean.status.ok()) << clean.console.text();
  FlowRun r(true);
  auto& injector = r.bench().install_fault_plan(plan_at(3, R"({"action": "scl_glitch", "bit": 12, "width_ns": 40})"));
  r.go();
  ASSERT_TRUE(r.status.ok()) << r.console.text();
  ASSERT_EQ(injector.records().size(), 1u);
  EXPECT_THAT(injector.records()[0].detail, HasSubstr("inside the 50 ns spike filter"));
  EXPECT_EQ(r.state(), clean.state());
  EXPECT_EQ(r.transactions, clean.transactions);
  EXPECT_EQ(r.console.text(), clean.console.text());
  EXPECT_EQ(r.bench().scheduler().now(), clean.bench().scheduler().now());
}

TEST(RtlFaultFlow, WiderSclSpikeDesynchronisesTheFrameAndTheHostNamesTheNack) {
  SKIP_WITHOUT_RTL();
  FlowRun r(true);
  // An extra clock before bit 12 of the command frame: the target acknowledges one bit early, and
  // at the initiator's own acknowledge clock nobody pulls SDA.
  auto& injector = r.bench().install_fault_plan(plan_at(3, R"({"action": "scl_glitch", "bit": 12, "width_ns": 200})"));
  r.go();
  ASSERT_FALSE(r.status.ok());
  ASSERT_EQ(injector.records().size(), 1u);
  EXPECT_THAT(injector.records()[0].detail, HasSubstr("clocks an extra bit"));
  EXPECT_EQ(r.reason(), "data byte not acknowledged");
  EXPECT_THAT(r.console.text(), Not(HasSubstr(": PASS")));
  EXPECT_FALSE(r.state()["host_key"]["present"].get<bool>());
}

TEST(RtlFaultFlow, StretchPastTheTimeoutAtABitIsANamedBusTimeout) {
  SKIP_WITHOUT_RTL();
  FlowRun r(true);
  auto& injector =
      r.bench().install_fault_plan(plan_at(3, R"({"action": "stretch_timeout", "bit": 20, "stretch_ns": 40000000})"));
  r.go();
  ASSERT_FALSE(r.status.ok());
  ASSERT_EQ(injector.records().size(), 1u);
  EXPECT_THAT(injector.records()[0].detail, HasSubstr("past the 25000000 ns bus timeout"));
  EXPECT_EQ(r.reason(), "bus timeout");
  EXPECT_THAT(r.console.text(), Not(HasSubstr(": PASS")));
  // The frame was cut off in its second byte: the chip never saw a command.
  EXPECT_FALSE(r.state()["host_key"]["present"].get<bool>());
}

TEST(RtlFaultFlow, StretchWithinTheTimeoutAtABitOnlyCostsTime) {
  SKIP_WITHOUT_RTL();
  FlowRun clean(true);
  clean.go();
  ASSERT_TRUE(clean.status.ok());
  FlowRun r(true);
  r.bench().install_fault_plan(plan_at(3, R"({"action": "stretch_timeout", "bit": 20, "stretch_ns": 5000000})"));
  r.go();
  ASSERT_TRUE(r.status.ok()) << r.console.text();
  EXPECT_EQ(r.transactions, clean.transactions);
  EXPECT_EQ(r.state(), clean.state());
  EXPECT_GE(r.bench().scheduler().now(), clean.bench().scheduler().now() + 5000000);
}

TEST(RtlFaultFlow, MissingStopIsCarriedByTheNextRepeatedStart) {
  SKIP_WITHOUT_RTL();
  FlowRun clean(true);
  clean.go();
  ASSERT_TRUE(clean.status.ok());
  FlowRun r(true);
  auto& injector = r.bench().install_fault_plan(plan_at(3, R"({"action": "missing_stop"})"));
  r.go();
  ASSERT_TRUE(r.status.ok()) << r.console.text();
  ASSERT_EQ(injector.records().size(), 1u);
  // The chip takes a write at its last byte, so the command runs as it would have; the read that
  // follows begins with a repeated START, which the target front end takes like a START.
  EXPECT_EQ(r.transactions, clean.transactions);
  EXPECT_EQ(r.state(), clean.state());
  EXPECT_EQ(r.console.text(), clean.console.text());
}

TEST(RtlFaultFlow, LostArbitrationIsRetriedAndNothingIsWrittenTwice) {
  SKIP_WITHOUT_RTL();
  FlowRun clean(true);
  clean.go();
  ASSERT_TRUE(clean.status.ok());
  FlowRun r(true);
  auto& injector = r.bench().install_fault_plan(plan_at(3, R"({"action": "arbitration_loss", "bit": 9})"));
  r.go();
  ASSERT_TRUE(r.status.ok()) << r.console.text();
  ASSERT_EQ(injector.records().size(), 1u);
  // One transaction more: the command frame that lost the bus went out again, whole, once.
  EXPECT_EQ(r.transactions, clean.transactions + 1);
  EXPECT_EQ(r.state(), clean.state());
  EXPECT_EQ(r.console.text(), clean.console.text());
}

TEST(RtlFaultFlow, ArbitrationLostOnEveryAttemptIsNamedOnceTheRetriesRunOut) {
  SKIP_WITHOUT_RTL();
  FlowRun r(true);
  r.bench().install_fault_plan(sim::fault::parse_fault_plan_text(
      R"({"format": "keybench-faults/1", "faults": [{"when": {"probability": 1},
          "do": {"action": "arbitration_loss", "bit": 9}}]})",
      "<test plan>"));
  r.go();
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.reason(), "arbitration lost to another initiator");
  EXPECT_THAT(r.console.text(), Not(HasSubstr(": PASS")));
  EXPECT_FALSE(r.state()["host_key"]["present"].get<bool>());
}

TEST(RtlFaultFlow, CommittedRtlPlansDoWhatTheyDescribe) {
  SKIP_WITHOUT_RTL();
  const std::string dir = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/faults/";
  const auto plan = [&dir](const char* name) { return sim::fault::load_fault_plan_file(dir + name); };
  FlowRun clean(true);
  clean.go();
  ASSERT_TRUE(clean.status.ok()) << clean.console.text();

  // rtl-arbitration-loss: the host library tries the transfer again and the flow passes; the frame
  // that lost the bus reached no one, so the chip takes each frame once.
  FlowRun retried(true);
  auto& lost = retried.bench().install_fault_plan(plan("rtl-arbitration-loss.json"));
  retried.go();
  EXPECT_TRUE(retried.status.ok()) << retried.console.text();
  ASSERT_EQ(lost.records().size(), 1u);
  EXPECT_EQ(retried.transactions, clean.transactions + 1);
  EXPECT_EQ(retried.taken_writes, clean.taken_writes);
  EXPECT_EQ(retried.state(), clean.state());

  // rtl-scl-glitch: the frame goes out of step and the host names the NACK.
  FlowRun glitched(true);
  glitched.bench().install_fault_plan(plan("rtl-scl-glitch.json"));
  glitched.go();
  ASSERT_FALSE(glitched.status.ok());
  EXPECT_EQ(glitched.reason(), "data byte not acknowledged");
  EXPECT_FALSE(glitched.state()["host_key"]["present"].get<bool>());

  // rtl-missing-stop: the next transfer's repeated START carries on; same transactions, each frame
  // taken once, the same chip.
  FlowRun unstopped(true);
  auto& missing = unstopped.bench().install_fault_plan(plan("rtl-missing-stop.json"));
  unstopped.go();
  EXPECT_TRUE(unstopped.status.ok()) << unstopped.console.text();
  ASSERT_EQ(missing.records().size(), 1u);
  EXPECT_EQ(unstopped.transactions, clean.transactions);
  EXPECT_EQ(unstopped.taken_writes, clean.taken_writes);
  EXPECT_EQ(unstopped.state(), clean.state());
  EXPECT_EQ(unstopped.console.text(), clean.console.text());

  // rtl-stretch-timeout: the named bus timeout; the cut frame was never taken, nothing after it went
  // out, and no host key was written.
  FlowRun stretched(true);
  auto& stretch = stretched.bench().install_fault_plan(plan("rtl-stretch-timeout.json"));
  stretched.go();
  ASSERT_FALSE(stretched.status.ok());
  EXPECT_EQ(stretched.reason(), "bus timeout");
  ASSERT_EQ(stretch.records().size(), 1u);
  EXPECT_THAT(stretch.records()[0].detail, HasSubstr("past the 25000000 ns bus timeout"));
  EXPECT_THAT(stretched.console.text(), Not(HasSubstr(": PASS")));
  ASSERT_LE(stretched.taken_writes.size(), clean.taken_writes.size());
  EXPECT_TRUE(std::equal(stretched.taken_writes.begin(), stretched.taken_writes.end(), clean.taken_writes.begin()))
      << "only the writes before the cut frame";
  EXPECT_LT(stretched.taken_writes.size(), 3u) << "the fourth transaction's frame was not taken";
  EXPECT_FALSE(stretched.state()["host_key"]["present"].get<bool>());

  for (const char* name :
       {"rtl-arbitration-loss.json", "rtl-scl-glitch.json", "rtl-missing-stop.json", "rtl-stretch-timeout.json"}) {
    SCOPED_TRACE(name);
    FlowRun transaction_bus(false);
    EXPECT_THROW(transaction_bus.bench().install_fault_plan(plan(name)), sim::FixtureError);
  }
}

}  // namespace
}  // namespace kb::test
