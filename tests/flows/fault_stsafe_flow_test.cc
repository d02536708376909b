// Fault plans on the STSAFE-A120 flows, end to end: the plan's faults land in the host library,
// the flow reports them by name, and the chip's NVM rules decide what survives a power cut.
// Plans: fixtures/faults/*.json.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "core/status.h"
#include "firmware/host_key_provisioning/host_key_provisioning.h"
#include "simulator/fault/fault_injector.h"
#include "simulator/fault/fault_plan.h"
#include "simulator/fixture/json_view.h"
#include "tests/flows/flow_fixture.h"
#include "tests/test_paths.h"

namespace kb::test {
namespace {

using sim::fault::FaultRecord;
using ::testing::HasSubstr;

// Keys other than the fixture's, so old and new can be told apart.
constexpr std::array<uint8_t, 16> kNewMac = {0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5,
                                             0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5};
constexpr std::array<uint8_t, 16> kNewCipher = {0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A,
                                                0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A};

std::string fault_plan_path(const std::string& name) {
  return std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/faults/" + name;
}

std::string describe(core::Status s) {
  char buf[160];
  return s.describe(buf, sizeof buf);
}

core::Status provision(SimRun& r, bool new_keys = false) {
  fw::HostKeyProvisioningOptions o;
  o.address7 = r.target->stsafe_address();
  if (new_keys) {
    o.mac_key = kNewMac;
    o.cipher_key = kNewCipher;
  }
  return fw::run_host_key_provisioning(r.target->platform(), o);
}

const std::vector<FaultRecord>& records(SimRun& r) {
  return r.bench().faults()->records();
}

sim::fault::FaultPlan power_cut_at_word(uint64_t k) {
  return sim::fault::parse_fault_plan(
      {{"format", "keybench-faults/1"},
       {"faults", {{{"when", {{"nvm_write", k}, {"device", "stsafe"}}}, {"do", {{"action", "power_cut"}}}}}}},
      "sweep");
}

TEST(FaultStsafeFlow, APowerCutDuringTheHostKeyWriteLeavesTheOldKeyOrTheNewNeverAMix) {
  // The state fixture holds the example's keys; the flow writes others. Each run cuts the supply
  // on one more NVM word, until a run outlives the plan.
  const std::string old_mac = "00112233445566778899AABBCCDDEEFF";
  const std::string new_mac = "A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5";
  size_t cuts_in_host_key_write = 0;
  for (uint64_t k = 0;; ++k) {
    SimRun r("stsafe-keys-written.json");
    r.bench().install_fault_plan(power_cut_at_word(k));
    core::Status s = provision(r, /*new_keys=*/true);
    const nlohmann::json key = r.device_state()["host_key"];
    if (records(r).empty()) {
      ASSERT_TRUE(s.ok()) << "cut point " << k << " is past the last write: " << describe(s);
      EXPECT_EQ(key["mac_key"], new_mac);
      EXPECT_EQ(key["cipher_key"], "5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A");
      break;
    }
    ASSERT_LT(k, 100u) << "the sweep never ended";
    const FaultRecord& f = records(r)[0];
    EXPECT_THAT(f.where, HasSubstr("Write Host Key V2 Plaintext (0x1F 0x07) / host key bank")) << k;
    cuts_in_host_key_write += 1;
    EXPECT_FALSE(s.ok()) << "cut at word " << k << " and the flow passed";
    EXPECT_EQ(s.code(), core::Code::kBusAddressNack) << "the supply stays off: " << describe(s);
    EXPECT_THAT(r.console.text(), HasSubstr("stse_host_key_provisioning")) << k;
    r.bench().power_on();
    r.bench().power_cycle();
    const nlohmann::json rebooted = r.device_state()["host_key"];
    EXPECT_TRUE(rebooted["mac_key"] == old_mac || rebooted["mac_key"] == new_mac) << "cut at word " << k;
    const bool old_key = rebooted["mac_key"] == old_mac;
    EXPECT_EQ(rebooted["cipher_key"], old_key ? "0123456789ABCDEF0123456789ABCDEF" : "5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A")
        << "mac and cipher key from the same record, cut at word " << k;
  }
  // 19 data words and the commit word of a host key bank (simulator/stsafe_a120/state_store.h).
  EXPECT_EQ(cuts_in_host_key_write, 20u);
}

TEST(FaultStsafeFlow, APlanFileCutsTheHostKeyWriteAndTheRecordSaysWhere) {
  SimRun r("stsafe-keys-written.json");
  r.bench().install_fault_plan(sim::fault::load_fault_plan_file(fault_plan_path("host-key-write-power-cut.json")));
  core::Status s = provision(r, /*new_keys=*/true);
  EXPECT_FALSE(s.ok());
  ASSERT_EQ(records(r).size(), 1u);
  const FaultRecord& f = records(r)[0];
  EXPECT_EQ(f.trigger, "NVM write 7 on stsafe (word at 0x0070)");
  EXPECT_EQ(f.action, "power_cut");
  EXPECT_EQ(f.where, "Write Host Key V2 Plaintext (0x1F 0x07) / host key bank B");
  EXPECT_FALSE(r.bench().powered());
}

TEST(FaultStsafeFlow, ADataNackOnAResponseIsANamedBusError) {
  SimRun r;
  r.bench().install_fault_plan(sim::fault::load_fault_plan_file(fault_plan_path("response-data-nack.json")));
  core::Status s = provision(r);
  EXPECT_EQ(s.code(), core::Code::kBusDataNack) << describe(s);
  EXPECT_STREQ(core::code_name(s.code()), core::code_name(core::Code::kBusDataNack));
  EXPECT_THAT(r.console.text(), HasSubstr("stse_init"));
  ASSERT_EQ(records(r).size(), 1u);
  EXPECT_EQ(records(r)[0].trigger, "command 0x14 #1");
  EXPECT_THAT(records(r)[0].detail, HasSubstr("ends in a NACK"));
}

TEST(FaultStsafeFlow, AForcedStatusSurfacesAsThatStatus) {
  SimRun r;
  const nlohmann::json before = r.device_state()["host_key"];
  r.bench().install_fault_plan(sim::fault::load_fault_plan_file(fault_plan_path("host-key-write-access-denied.json")));
  core::Status s = provision(r);
  EXPECT_EQ(s, core::Status::device(core::Domain::kStsafe, 0x11)) << describe(s);
  EXPECT_EQ(describe(s), "device status 0x11 (access condition not satisfied)");
  EXPECT_THAT(r.console.text(), HasSubstr("stse_host_key_provisioning"));
  EXPECT_EQ(r.device_state()["host_key"], before) << "the forced answer replaced the write";
}

TEST(FaultStsafeFlow, AClockStretchPastTheHostTimeoutIsATimeout) {
  SimRun r;
  r.bench().install_fault_plan(sim::fault::load_fault_plan_file(fault_plan_path("clock-stretch-timeout.json")));
  core::Status s = provision(r);
  EXPECT_EQ(s.code(), core::Code::kBusTimeout) << describe(s);
  ASSERT_EQ(records(r).size(), 1u);
  EXPECT_THAT(records(r)[0].detail, HasSubstr("past the 25000000 ns bus timeout"));
}

TEST(FaultStsafeFlow, APlanCombinesWithACarriedState) {
  // A state carried from an earlier run (keybench run --state) and then a plan: the plan counts
  // only this run's writes, whatever the state load programmed.
  SimRun first;
  ASSERT_TRUE(provision(first).ok());
  const nlohmann::json carried = first.bench().save_state();

  SimRun r;
  r.bench().load_state(carried, "carried");
  r.bench().install_fault_plan(power_cut_at_word(0));
  EXPECT_FALSE(provision(r, /*new_keys=*/true).ok());
  ASSERT_EQ(records(r).size(), 1u);
  EXPECT_EQ(records(r)[0].where, "Write Host Key V2 Plaintext (0x1F 0x07) / host key bank B")
      << "write 0 is the flow's first, not the state load's";
}

// One run of the flow under the noisy plan: what a reviewer compares between runs.
struct Outcome {
  std::string transcript;
  nlohmann::json faults;
  nlohmann::json state;
  core::Status status;
};

Outcome noisy_run() {
  SimRun r;
  r.bench().install_fault_plan(sim::fault::load_fault_plan_file(fault_plan_path("noisy-bus.json")));
  Outcome o;
  o.status = provision(r);
  o.transcript = r.console.text();
  o.faults = sim::fault::to_json(records(r));
  o.state = r.bench().save_state();  // includes the virtual time at the end
  return o;
}

TEST(FaultStsafeFlow, AProbabilisticPlanRunsTheSameEveryTime) {
  const Outcome a = noisy_run();
  const Outcome b = noisy_run();
  EXPECT_FALSE(a.faults.empty()) << "the plan should inject something in a whole flow";
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.transcript, b.transcript);
  EXPECT_EQ(a.faults, b.faults);
  EXPECT_EQ(a.state, b.state);
}

TEST(FaultStsafeFlow, APlanThatDoesNotFitTheBenchStopsBeforeTheRun) {
  SimRun r;
  try {
    r.bench().install_fault_plan(sim::fault::load_fault_plan_file(fault_plan_path("nrf-identity-key-brown-out.json")));
    FAIL() << "a plan for an nrf5340 accepted on an STSAFE bench";
  } catch (const sim::FixtureError& e) {
    EXPECT_THAT(e.file(), HasSubstr("nrf-identity-key-brown-out.json"));
    EXPECT_EQ(e.path(), "$.faults[0].when.device");
    EXPECT_EQ(e.problem(), "no device \"nrf5340\" on the bench (stsafe)");
  }
  EXPECT_EQ(r.bench().faults(), nullptr);
}

}  // namespace
}  // namespace kb::test
