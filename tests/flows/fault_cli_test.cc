// `keybench run FLOW --fault PLAN` as a user runs it: a bad plan stops the command before any flow
// runs; injected faults go to stderr one line each, or under "faults" with --json.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace kb::test {
#include "tests/flows/cli_runner.h"
#include "tests/test_paths.h"

namespace {

using ::testing::HasSubstr;

using Outcome = kb::test::CliOutcome;
using kb::test::run_keybench;

Outcome keybench(const std::string& args, bool stderr_too = true) {
  return run_keybench(args, stderr_too);
}

std::string repo(const std::string& path) {
  return std::string(KEYBENCH_SOURCE_DIR) + "/" + path;
}

TEST(FaultCli, ABadPlanIsNamedAndNothingRuns) {
  const std::string plan = testing::TempDir() + "keybench-bad-plan.json";
  std::ofstream(plan)
      << R"({"format": "keybench-faults/1", "faults": [{"when": {"time_ns": 5}, "do": {"action": "melt"}}]})";
  Outcome o = keybench("run host-key-provisioning --fault " + plan);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr(plan + ": $.faults[0].do.action: \"melt\" is not one of address_nack,"));
  EXPECT_THAT(o.out, ::testing::Not(HasSubstr("Initialize target"))) << "the flow must not start";
}

TEST(FaultCli, EachInjectedFaultIsOneLineOnStderr) {
  Outcome o = keybench("run host-key-provisioning --target sim:" + repo("fixtures/benches/stsafe-keys-written.json") +
                       " --fault " + repo("fixtures/faults/host-key-write-power-cut.json"));
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr("keybench: fault #0 at "));
  EXPECT_THAT(o.out, HasSubstr(": NVM write 7 on stsafe (word at 0x0070) -> power_cut on stsafe (Write Host Key V2 "
                               "Plaintext (0x1F 0x07) / host key bank B): supply off;"));
}

TEST(FaultCli, JsonCarriesTheFaults) {
  Outcome o =
      keybench("run host-key-provisioning --json --fault " + repo("fixtures/faults/host-key-write-access-denied.json"),
               /*stderr_too=*/false);
  EXPECT_EQ(o.exit_code, 1);
  nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["result"], "fail");
  EXPECT_EQ(j["reason"], "device status 0x11 (access condition not satisfied)");
  ASSERT_EQ(j["faults"].size(), 1u);
  EXPECT_EQ(j["faults"][0]["action"], "force_status");
  EXPECT_EQ(j["faults"][0]["trigger"], "command 0x1F 0x07 #1");
}

}  // namespace
}  // namespace kb::test
