// keybench replay's choices about how to play a recording: the bus level it was made on (the RTL
// bus or the transaction level, or --bus).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "simulator/rtl/rtl_bus.h"
#include "simulator/trace/transaction_trace.h"
#include "tests/flows/cli_runner.h"
#include "tests/scratch_dir.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;

class ReplayOptions : public ScratchDirTest {};

TEST_F(ReplayOptions, ARecordingMadeOnTheRtlBusReplaysOnTheRtlBus) {
  if (!sim::rtl::rtl_bus_available()) GTEST_SKIP() << "built without Verilator";
  const std::string rtl = path("rtl.jsonl");
  const CliOutcome run = run_keybench("run host-key-provisioning --bus rtl --record " + rtl);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(sim::trace::load_trace_file(rtl).header.bus, "rtl");

  const CliOutcome o = run_keybench("replay --json " + rtl, false);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  const nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["result"], "same");
  EXPECT_EQ(j["bus"], "rtl");
  EXPECT_GT(j["transactions"].get<int>(), 10);
  // Virtual time repeats exactly on the level it was recorded on.
  EXPECT_EQ(j["replayed_ns"], j["recorded_ns"]);
  EXPECT_THAT(run_keybench("replay " + rtl).out, HasSubstr("steps on the rtl bus"));

  // --bus overrides the recording's level; the transaction level charges START and STOP one
  // bit-time each, so the same transfers take another time.
  const CliOutcome forced = run_keybench("replay --json --bus transaction " + rtl, false);
  const nlohmann::json f = nlohmann::json::parse(forced.out);
  EXPECT_EQ(f["bus"], "transaction") << forced.out;
  EXPECT_NE(f.value("replayed_ns", uint64_t{0}), j["replayed_ns"].get<uint64_t>()) << forced.out;
}

TEST_F(ReplayOptions, ATransactionLevelRecordingStaysThereUnlessTold) {
  const std::string file = path("hkp.jsonl");
  ASSERT_EQ(run_keybench("run host-key-provisioning --record " + file).exit_code, 0);
  EXPECT_EQ(sim::trace::load_trace_file(file).header.bus, "transaction");
  const CliOutcome o = run_keybench("replay --json " + file, false);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_EQ(nlohmann::json::parse(o.out)["bus"], "transaction");
  if (sim::rtl::rtl_bus_available()) {
    const CliOutcome rtl = run_keybench("replay --json --bus rtl " + file, false);
    EXPECT_EQ(nlohmann::json::parse(rtl.out)["bus"], "rtl") << rtl.out;
  }
  const CliOutcome bad = run_keybench("replay --bus wire " + file);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.out, HasSubstr("--bus: 'wire' is not a bus level (transaction, rtl)"));
}

}  // namespace
}  // namespace kb::test
