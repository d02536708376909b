// The keybench command line as a user drives it: exit codes, one-line reasons, state files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/flows/cli_runner.h"
#include "tests/test_paths.h"

namespace {

using ::testing::HasSubstr;

using Outcome = kb::test::CliOutcome;
using kb::test::run_keybench;

Outcome keybench(const std::string& args, bool stderr_too = true) {
  return run_keybench(args, stderr_too);
}

std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("keybench-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::filesystem::remove(p);
  return p;
}

std::string fixture(const std::string& name) {
  return std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + name;
}

TEST(Cli, HelpOnEveryCommand) {
  EXPECT_EQ(keybench("--help").exit_code, 0);
  Outcome run = keybench("run --help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("--target"));
  EXPECT_THAT(run.out, HasSubstr("--state"));
  EXPECT_EQ(keybench("list --help").exit_code, 0);
}

TEST(Cli, NoCommandOrUnknownCommandFails) {
  EXPECT_EQ(keybench("").exit_code, 2);
  Outcome o = keybench("frobnicate");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_THAT(o.out, HasSubstr("unknown command 'frobnicate'"));
}

TEST(Cli, UnknownFlowNamesTheKnownOnes) {
  Outcome o = keybench("run no-such-flow");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_THAT(o.out, HasSubstr("unknown flow 'no-such-flow'"));
  EXPECT_THAT(o.out, HasSubstr("host-key-provisioning"));
}

TEST(Cli, UnknownOptionIsRefused) {
  Outcome o = keybench("run host-key-provisioning --frob");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_THAT(o.out, HasSubstr("frob"));
}

TEST(Cli, BadTargetListsTheAcceptedForms) {
  Outcome o = keybench("run host-key-provisioning --target usb:3");
  EXPECT_NE(o.exit_code, 0);
  EXPECT_THAT(o.out, HasSubstr("accepted forms"));
  EXPECT_THAT(o.out, HasSubstr("i2c:/dev/i2c-N"));
  Outcome addr = keybench("run host-key-provisioning --target i2c:/dev/i2c-1@0x99");
  EXPECT_NE(addr.exit_code, 0);
  EXPECT_THAT(addr.out, HasSubstr("7-bit"));
}

TEST(Cli, MissingI2cAdapterIsExplained) {
  Outcome o = keybench("run host-key-provisioning --target i2c:/dev/i2c-keybench-absent");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr("/dev/i2c-keybench-absent"));
}

TEST(Cli, BadFixtureNamesFileAndJsonPath) {
  auto bad = scratch("bad-bench.json");
  std::ofstream(bad) << R"({"bus": {"rate_hz": 123}, "devices": []})";
  Outcome o = keybench("run host-key-provisioning --target sim:" + bad.string());
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr(bad.string()));
  EXPECT_THAT(o.out, HasSubstr("$.bus.rate_hz"));

  Outcome missing = keybench("run host-key-provisioning --target sim:/nonexistent/bench.json");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.out, HasSubstr("cannot open"));
}

TEST(Cli, RunPrintsPassAndSimulatedDuration) {
  Outcome o = keybench("run host-key-provisioning");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr(" - stse_host_key_provisioning : PASS"));
  EXPECT_THAT(o.out, HasSubstr("simulated"));
}

TEST(Cli, StateFileCarriesTheChipFromOneRunToTheNext) {
  auto state = scratch("state.json");
  Outcome first = keybench("run host-key-provisioning --state " + state.string());
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_THAT(first.out, HasSubstr("Open host key slot to re-provisioning"));
  ASSERT_TRUE(std::filesystem::exists(state));
  Outcome second = keybench("run host-key-provisioning --state " + state.string());
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_THAT(second.out, HasSubstr("already set"));
}

TEST(Cli, CorruptStateFileIsRefusedAndLeftAlone) {
  auto state = scratch("corrupt-state.json");
  std::ofstream(state) << "{\"format\": \"keybench-state/1\", \"devices\": [ {\"name\": \"stsafe\"";
  Outcome o = keybench("run host-key-provisioning --state " + state.string());
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr("not valid JSON"));
  std::ifstream in(state);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "{\"format\": \"keybench-state/1\", \"devices\": [ {\"name\": \"stsafe\"");
}

TEST(Cli, LockedBenchFailsWithAOneLineReason) {
  Outcome o = keybench("run host-key-provisioning --target sim:" + fixture("stsafe-host-key-locked.json"));
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr("keybench: host-key-provisioning failed: refused"));
}

TEST(Cli, JsonOutputIsOneParsableObject) {
  Outcome o = keybench("run host-key-provisioning --json");
  ASSERT_EQ(o.exit_code, 0) << o.out;
  nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["flow"], "host-key-provisioning");
  EXPECT_EQ(j["result"], "pass");
  EXPECT_GT(j["simulated_ns"].get<uint64_t>(), 1000000000u);
  EXPECT_THAT(j["transcript"].get<std::string>(), HasSubstr("PASS"));
}

TEST(Cli, ListShowsFlowsAndBenches) {
  Outcome o = keybench("list");
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_THAT(o.out, HasSubstr("host-key-provisioning"));
  EXPECT_THAT(o.out, HasSubstr("stsafe-host-key-locked.json"));
}

TEST(Cli, RunAllRunsEveryFlow) {
  Outcome o = keybench("run all");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("[keybench] host-key-provisioning: PASS"));
}

}  // namespace
