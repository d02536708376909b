// Bad input on the command line and in the files it names: each refused up front, with a reason
// that names the problem, and the run's warnings when an option or a plan did nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "tests/flows/cli_runner.h"
#include "tests/scratch_dir.h"
#include "tests/test_paths.h"

namespace {

namespace fs = std::filesystem;
using kb::test::run_keybench;
using ::testing::HasSubstr;
using ::testing::Not;

class CliInput : public kb::test::ScratchDirTest {
 protected:
  static std::string repo(const std::string& rel) { return std::string(KEYBENCH_SOURCE_DIR) + "/" + rel; }
  // A default-bench fixture with the STSAFE at this address (JSON text, quoted or not).
  std::string stsafe_bench_at(const std::string& address_json) const {
    return write("bench.json",
                 R"({"devices": [{"name": "stsafe", "type": "stsafe-a120", "address": )" + address_json + "}]}");
  }
};

TEST_F(CliInput, BadTargetStringIsAUsageError) {
  auto o = run_keybench("run host-key-provisioning --target usb:3");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_THAT(o.out, HasSubstr("accepted forms"));
  EXPECT_EQ(run_keybench("run host-key-provisioning --target i2c:/dev/i2c-1@0x99").exit_code, 2);
}

TEST_F(CliInput, NodeThatIsNotAnAdapterIsNamedBeforeTheBanner) {
  auto o = run_keybench("run host-key-provisioning --target i2c:/dev/null");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr("/dev/null: not an I2C adapter"));
  EXPECT_THAT(o.out, Not(HasSubstr("stse_host_key_provisioning")));
}

TEST_F(CliInput, FifoFixtureIsRefusedWithoutHanging) {
  std::string fifo = (dir_ / "bench.json").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto o = run_keybench("run host-key-provisioning --target sim:" + fifo);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr("is a FIFO, not a regular file"));
}

TEST_F(CliInput, ListWithAFifoAmongTheFixturesDoesNotHang) {
  write("a.json", R"({"description": "one bench", "devices": []})");
  ASSERT_EQ(::mkfifo((dir_ / "b.json").c_str(), 0600), 0);
  auto o = run_keybench("list --fixtures " + dir_.string());
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_THAT(o.out, HasSubstr("one bench"));
  EXPECT_THAT(o.out, HasSubstr("unreadable: " + (dir_ / "b.json").string() + ": $: is a FIFO"));
}

TEST_F(CliInput, DeviceAndDirectoryAreRefusedByType) {
  EXPECT_THAT(run_keybench("run host-key-provisioning --target sim:/dev/zero").out,
              HasSubstr("/dev/zero: $: is a device, not a regular file"));
  EXPECT_THAT(run_keybench("run host-key-provisioning --target sim:" + dir_.string()).out,
              HasSubstr("is a directory, not a file"));
}

TEST_F(CliInput, DuplicateKeyInAFixtureIsAnError) {
  std::string bench = write("dup.json", R"({"bus": {"rate_hz": 100000, "rate_hz": 400000}, "devices": []})");
  auto o = run_keybench("run host-key-provisioning --target sim:" + bench);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr(bench + ": $.bus.rate_hz: key \"rate_hz\" given twice in one object"));
}

TEST_F(CliInput, HugeNumberNamesFileAndPath) {
  std::string bench = write("huge.json", R"({"bus": {"rate_hz": 1e400}, "devices": []})");
  auto o = run_keybench("run host-key-provisioning --target sim:" + bench);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr(bench + ": $.bus.rate_hz: not valid JSON"));
}

TEST_F(CliInput, AddressStringsHaveOneRule) {
  // Leading zeros are decimal, never octal: "010" is 10 (0x0A), "08" is 8.
  auto ten = run_keybench("run host-key-provisioning --json --target sim:" + stsafe_bench_at(R"("010")"), false);
  ASSERT_EQ(ten.exit_code, 0) << ten.out;
  auto eight = run_keybench("run host-key-provisioning --target sim:" + stsafe_bench_at(R"("08")"));
  EXPECT_EQ(eight.exit_code, 0) << eight.out;
  // Reserved addresses are refused by the fixture as by the state loader.
  for (const char* reserved : {R"("0x00")", R"("0x7F")", "3"}) {
    auto o = run_keybench("run host-key-provisioning --target sim:" + stsafe_bench_at(reserved));
    EXPECT_EQ(o.exit_code, 1) << reserved;
    EXPECT_THAT(o.out, HasSubstr("$.devices[0].address: address is reserved")) << reserved;
  }
  auto octal_looking = run_keybench("run host-key-provisioning --target sim:" + stsafe_bench_at(R"("0o17")"));
  EXPECT_THAT(octal_looking.out, HasSubstr("expected a decimal number or 0x and hex digits"));
}

TEST_F(CliInput, AddressOnADeviceOffTheBusIsAnError) {
  std::string bench = write("nrf.json", R"({"devices": [{"name": "soc", "type": "nrf5340", "address": "0x20"}]})");
  auto o = run_keybench("run identity-key-generation --target sim:" + bench);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr("$.devices[0].address: a nrf5340 is not on the I2C bus"));
}

TEST_F(CliInput, JsonOutputIsAnObjectWhenTheRunCannotStart) {
  auto o = run_keybench("run host-key-provisioning --json --target sim:/nonexistent/bench.json", false);
  EXPECT_EQ(o.exit_code, 1);
  nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j.at("result"), "error");
  EXPECT_THAT(j.at("reason").get<std::string>(), HasSubstr("cannot open"));
}

TEST_F(CliInput, FaultPlanThatNeverFiredSaysSo) {
  std::string plan = repo("fixtures/faults/noisy-bus.json");
  auto o = run_keybench("run identity-key-generation --fault " + plan);
  EXPECT_THAT(o.out, HasSubstr("warning: fault plan " + plan + " injected nothing into identity-key-generation"));
  auto j = run_keybench("run identity-key-generation --json --fault " + plan, false);
  nlohmann::json parsed = nlohmann::json::parse(j.out);
  ASSERT_EQ(parsed.at("warnings").size(), 1u);
  EXPECT_THAT(parsed.at("warnings")[0].get<std::string>(), HasSubstr("injected nothing"));
  EXPECT_TRUE(parsed.at("faults").empty());
}

TEST_F(CliInput, ResumeOnAFlowWithoutAResumableModeSaysSo) {
  auto o = run_keybench("run host-key-provisioning --resume");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("warning: --resume: host-key-provisioning has no resumable mode"));
  auto nrf = run_keybench("run identity-key-generation --resume");
  EXPECT_THAT(nrf.out, Not(HasSubstr("warning")));
}

TEST_F(CliInput, VcdWithoutTheRtlBusDrawsTheTransactionsAndNeedsASimulatedTarget) {
  const std::string vcd = (dir_ / "hkp.vcd").string();
  auto o = run_keybench("run host-key-provisioning --vcd " + vcd);
  ASSERT_EQ(o.exit_code, 0) << o.out;
  std::ifstream in(vcd);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(text, HasSubstr("synthesized edges"));
  EXPECT_THAT(text, HasSubstr("$var wire 1 , byte[0] $end"));
  auto refused = run_keybench("run host-key-provisioning --target i2c:/dev/i2c-1 --vcd " + vcd);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.out, HasSubstr("--vcd draws a simulated bus"));
}

}  // namespace
