// The nRF flows through the keybench command line: a plain `sim` target means the flow's nRF5340
// fixture, state files carry the chip between runs, reasons name the nRF failure.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
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

std::string fixture(const std::string& name) {
  return std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + name;
}

TEST(NrfCli, PlainSimRunsTheIdentityFlowOnAnAssemblyChip) {
  Outcome o = keybench("run identity-key-generation");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("Successfully switched to PSA lifecycle state PROVISIONING!\n"));
  EXPECT_THAT(o.out, HasSubstr("[keybench] identity-key-generation: PASS"));
}

TEST(NrfCli, StateFileCarriesTheLifecycleToTheNextRun) {
  auto dir = std::filesystem::temp_directory_path() / ("keybench-nrf-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto state = dir / "nrf-state.json";
  std::filesystem::remove(state);
  Outcome first = keybench("run provisioning-image --state " + state.string());
  ASSERT_EQ(first.exit_code, 0) << first.out;
  Outcome second = keybench("run provisioning-image --state " + state.string());
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_THAT(second.out,
              HasSubstr("keybench: provisioning-image failed: device status 0x90 (lifecycle state is not ASSEMBLY)"));
  std::filesystem::remove_all(dir);
}

TEST(NrfCli, ABrownOutDuringTheHukWriteFailsTheRunNamingTheStep) {
  // NVM write 12 is slot 3's PERM, the MKEK's second half: the HUK write fails there.
  auto dir = std::filesystem::temp_directory_path() / ("keybench-nrf-huk-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto plan = dir / "plan.json";
  const auto state = dir / "state.json";
  std::FILE* f = std::fopen(plan.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(
      R"({"format": "keybench-faults/1", "faults": [{"when": {"nvm_write": 12}, "do": {"action": "brown_out"}}]})", f);
  std::fclose(f);
  Outcome o = keybench("run identity-key-generation --state " + state.string() + " --fault " + plan.string());
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("The HUK writing to: 3 failed with error code: -28701\n"
                               "Failure: Writing random HUK keys failed. Exiting!\n"));
  EXPECT_THAT(o.out, ::testing::Not(HasSubstr("Writing the identity key to KMU")));
  EXPECT_THAT(o.out, ::testing::Not(HasSubstr("Success!")));
  EXPECT_THAT(o.out, HasSubstr("keybench: identity-key-generation failed: device status 0x02 (hardware unique key "
                               "write failed (HW_UNIQUE_KEY_ERR_WRITE_FAILED))\n"));
  std::filesystem::remove_all(dir);
}

TEST(NrfCli, JsonReportNamesTheHalfWrittenSlot) {
  Outcome o =
      keybench("run identity-key-generation --json --target sim:" + fixture("nrf5340-identity-half-written.json"));
  EXPECT_EQ(o.exit_code, 1);
  nlohmann::json j = nlohmann::json::parse(o.out.substr(o.out.find('{')));
  EXPECT_EQ(j["result"], "fail");
  EXPECT_THAT(j["reason"].get<std::string>(), HasSubstr("KIDENT_ALREADY_FILLED"));
}

TEST(NrfCli, RunAllIncludesTheNrfFlows) {
  Outcome o = keybench("run all");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("[keybench] identity-key-generation: PASS"));
  EXPECT_THAT(o.out, HasSubstr("[keybench] provisioning-image: PASS"));
}

// A factory line re-runs an interrupted station: with --resume the nRF flow picks up where the cut
// left it, instead of refusing because the lifecycle already moved to PROVISIONING.
TEST(NrfCli, ResumeFinishesARunCutAfterTheLifecycleMoved) {
  auto dir = std::filesystem::temp_directory_path() / ("keybench-nrf-resume-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto state = dir / "nrf-state.json";
  auto plan = dir / "cut.json";
  {
    // NVM write 0 is the lifecycle word; the cut lands on the first HUK word after it.
    FILE* f = std::fopen(plan.string().c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        R"({"format": "keybench-faults/1", "faults": [{"when": {"nvm_write": 1}, "do": {"action": "power_cut"}}]})", f);
    std::fclose(f);
  }
  Outcome cut = keybench("run provisioning-image --state " + state.string() + " --fault " + plan.string());
  ASSERT_EQ(cut.exit_code, 1) << cut.out;
  Outcome refused = keybench("run provisioning-image --state " + state.string());
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.out, HasSubstr("lifecycle state is not ASSEMBLY"));
  Outcome resumed = keybench("run provisioning-image --resume --state " + state.string());
  EXPECT_EQ(resumed.exit_code, 0) << resumed.out;
  EXPECT_THAT(resumed.out, HasSubstr("[keybench] provisioning-image: PASS"));
  std::filesystem::remove_all(dir);
}

}  // namespace
