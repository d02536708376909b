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
namespace {

using ::testing::HasSubstr;

struct Outcome {
  int exit_code;
  std::string out;
};

// stderr_too: stdout and stderr together; else stdout only (stderr dropped).
Outcome keybench(const std::string& args, bool stderr_too = true) {
  std::string cmd = std::string(KEYBENCH_CLI) + " " + args + (stderr_too ? " 2>&1" : " 2>/dev/null") + " </dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  Outcome o{-1, {}};
  if (p == nullptr) return o;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) o.out.append(buf.data(), n);
  int status = pclose(p);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
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
