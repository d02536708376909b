// The secure data storage application (zone access and counter access) on the simulated
// STSAFE-A120, end to end, as `keybench run secure-data-storage` runs it; the refusals of a locked
// zone and an exhausted counter are FAIL verdicts naming the chip's status.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "firmware/secure_data_storage/secure_data_storage.h"
#include "tests/flows/cli_runner.h"
#include "tests/flows/flow_fixture.h"
#include "tests/flows/i2c_dev_bridge.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

nlohmann::json zone(const nlohmann::json& state, int index) {
  for (const auto& z : state["data_partitions"]) {
    if (z["zone"] == index) return z;
  }
  return nullptr;
}

core::Status run(hal::Platform& platform, const fw::SecureDataStorageOptions& o = {}) {
  return fw::run_secure_data_storage(platform, o);
}

TEST(SecureDataStorageFlow, ZoneAndCounterAccessOnTheDefaultBench) {
  SimRun r;
  const core::Status s = run(r.target->platform());
  const std::string& out = r.console.text();
  ASSERT_TRUE(s.ok()) << out;
  EXPECT_THAT(out, HasSubstr(" - Data partition (8 zones):\n"));
  EXPECT_THAT(out, HasSubstr("\t    5 | counter | ALWAYS    | ALWAYS   * |     64 | 500000\n"));
  EXPECT_THAT(out, HasSubstr(" - Read zone 1 (offset 0, 100 bytes):\n"));
  EXPECT_THAT(out, HasSubstr(" - Zone 1 read back : equals the update\n"));
  EXPECT_THAT(out, HasSubstr("\t o counter value : 500000\n"));
  EXPECT_THAT(out, HasSubstr("\t o new counter value : 499999\n"));
  EXPECT_THAT(out, HasSubstr(" - Counter zone 5 : 500000 -> 499999, down by 1, associated data equals the "
                             "decrement's\n"));
  EXPECT_THAT(out, HasSubstr(" - Zone access and counter access : SUCCESS\n"));
  EXPECT_THAT(out, Not(HasSubstr("ERROR")));

  // The chip holds what the flow wrote: 100 bytes at the start of zone 1 (a state file leaves out
  // the zone's trailing zero bytes), and they are the bytes the update printed.
  const nlohmann::json state = r.device_state();
  const std::string data = zone(state, 1)["data"].get<std::string>();
  ASSERT_EQ(data.size(), 2u * 100);
  const size_t update = out.find(" - Update zone 1 (offset 0, 100 random bytes, atomic):\n");
  ASSERT_NE(update, std::string::npos);
  char first[16];
  std::snprintf(first, sizeof first, "0x%s 0x%s", data.substr(0, 2).c_str(), data.substr(2, 2).c_str());
  EXPECT_EQ(out.substr(out.find('\n', update) + 1, 4 + 9), std::string("\t   ") + first);
  EXPECT_EQ(zone(state, 5)["counter"], 499999);
  EXPECT_EQ(zone(state, 6)["counter"], 500000);
}

TEST(SecureDataStorageFlow, EveryRunSpendsTheAmountAgain) {
  SimRun r;
  fw::SecureDataStorageOptions o;
  o.decrement = 1000;
  ASSERT_TRUE(run(r.target->platform(), o).ok()) << r.console.text();
  r.console.clear();
  ASSERT_TRUE(run(r.target->platform(), o).ok()) << r.console.text();
  EXPECT_THAT(r.console.text(), HasSubstr(" - Counter zone 5 : 499000 -> 498000, down by 1000"));
  EXPECT_EQ(zone(r.device_state(), 5)["counter"], 498000);
}

TEST(SecureDataStorageFlow, ShortZoneIsUpdatedOverItsLength) {
  fw::SecureDataStorageOptions o;
  o.data_zone = 2;
  o.data_bytes = 600;
  o.counter_zone = 6;
  o.associated_bytes = 64;
  SimRun r;
  ASSERT_TRUE(run(r.target->platform(), o).ok()) << r.console.text();
  EXPECT_THAT(r.console.text(), HasSubstr(" - Read zone 2 (offset 0, 600 bytes):\n"));
  EXPECT_THAT(r.console.text(), HasSubstr(" - Read counter zone 6 (offset 0, 64 bytes)\n"));
  EXPECT_EQ(zone(r.device_state(), 6)["counter"], 499999);
}

TEST(SecureDataStorageFlowFailures, LockedZoneUpdateIsAFailNamingTheRefusal) {
  SimRun r("stsafe-zone-update-locked.json");
  const nlohmann::json before = zone(r.device_state(), 1);
  const core::Status s = run(r.target->platform());
  EXPECT_EQ(s, core::Status::device(core::Domain::kStsafe, 0x11));
  const std::string& out = r.console.text();
  EXPECT_THAT(out, HasSubstr(" ## The chip refuses the update: zone 1's update access condition is NEVER\n"));
  EXPECT_THAT(out, HasSubstr(" ## stse_data_storage_update_data_zone ERROR : device status 0x11 (access condition "
                             "not satisfied)\n"));
  EXPECT_THAT(out, Not(HasSubstr("SUCCESS")));
  EXPECT_THAT(out, Not(HasSubstr("Counter access"))) << "the run stops at the refusal";
  EXPECT_EQ(zone(r.device_state(), 1), before);
}

TEST(SecureDataStorageFlowFailures, ExhaustedCounterIsAFailNamingTheRefusal) {
  SimRun r("stsafe-counter-exhausted.json");
  const core::Status s = run(r.target->platform());
  EXPECT_EQ(s, core::Status::device(core::Domain::kStsafe, 0x13));
  const std::string& out = r.console.text();
  EXPECT_THAT(out, HasSubstr(" ## The chip refuses the decrement: counter 0 is below 1, and a counter never goes "
                             "below zero\n"));
  EXPECT_THAT(out, HasSubstr(" ## stse_data_storage_decrement_counter_zone ERROR : device status 0x13 (counter limit "
                             "exceeded)\n"));
  EXPECT_THAT(out, Not(HasSubstr("SUCCESS")));
  EXPECT_EQ(zone(r.device_state(), 5)["counter"], 0);
  EXPECT_EQ(zone(r.device_state(), 5)["data"], "00000001");
}

TEST(SecureDataStorageFlowFailures, ZoneOfTheWrongTypeIsRefusedBeforeItIsTouched) {
  fw::SecureDataStorageOptions o;
  o.data_zone = 5;
  SimRun r;
  EXPECT_EQ(run(r.target->platform(), o), core::Status(core::Code::kInvalidArgument));
  EXPECT_THAT(r.console.text(), HasSubstr(" ## Zone 5 is a counter zone, not a data zone\n"));
  o = {};
  o.counter_zone = 9;
  r.console.clear();
  EXPECT_EQ(run(r.target->platform(), o), core::Status(core::Code::kInvalidArgument));
  EXPECT_THAT(r.console.text(), HasSubstr(" ## Zone 9 is not in the chip's data partition\n"));
}

TEST(SecureDataStorageOverI2cDev, PassesThroughTheI2cDevBackend) {
  I2cDevRun run_(sim::Bench::make_default());
  ASSERT_TRUE(run(run_.platform).ok()) << run_.console.text();
  EXPECT_THAT(run_.console.text(), HasSubstr(" - Zone access and counter access : SUCCESS\n"));
  EXPECT_GT(run_.kernel.transfers, 10);
}

TEST(SecureDataStorageCli, VerdictsAndExitCodes) {
  CliOutcome o = run_keybench("run secure-data-storage");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("[keybench] secure-data-storage: PASS"));
  o = run_keybench("run secure-data-storage --target sim:" + fixture_path("stsafe-zone-update-locked.json"));
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("[keybench] secure-data-storage: FAIL: device status 0x11 (access condition not "
                               "satisfied)"));
  EXPECT_THAT(o.out, Not(HasSubstr("PASS")));
  o = run_keybench("run secure-data-storage --target sim:" + fixture_path("stsafe-counter-exhausted.json"));
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("[keybench] secure-data-storage: FAIL: device status 0x13 (counter limit exceeded)"));
  EXPECT_THAT(o.out, Not(HasSubstr("PASS")));
}

}  // namespace
}  // namespace kb::test
