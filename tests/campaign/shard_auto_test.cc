// `--shard auto`: the shard from GitLab CI's parallel variables or a Kubernetes Indexed Job's
// completion index, each form and the values that must be refused; then through the command line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "tests/flows/cli_runner.h"
#include "tools/campaign/shard.h"

namespace kb::tools::campaign {
namespace {

using ::testing::HasSubstr;

// NAME='VALUE' is not a decimal number, built by appending (GCC 12 -O3 and "x" + std::string&&).
std::string not_decimal(const char* name, const char* value) {
  std::string out = name;
  out += "='";
  out += value;
  out += "' is not a decimal number";
  return out;
}

Environment env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string refusal(std::map<std::string, std::string> vars, std::optional<uint64_t> shards = std::nullopt) {
  try {
    Shard s = resolve_auto_shard(env_of(std::move(vars)), shards);
    std::string out = "accepted ";
    out += s.to_string();
    return out;
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
}

TEST(ShardAuto, GitLabParallelIsOneBased) {
  Shard s = resolve_auto_shard(env_of({{"CI_NODE_INDEX", "3"}, {"CI_NODE_TOTAL", "5"}}), std::nullopt);
  EXPECT_EQ(s.to_string(), "3/5");
  EXPECT_EQ(resolve_auto_shard(env_of({{"CI_NODE_INDEX", "1"}, {"CI_NODE_TOTAL", "1"}}), std::nullopt).to_string(),
            "1/1");
  EXPECT_EQ(resolve_auto_shard(env_of({{"CI_NODE_INDEX", "5"}, {"CI_NODE_TOTAL", "5"}}), 5).to_string(), "5/5");
}

TEST(ShardAuto, KubernetesIndexedJobIsZeroBasedWithTheCountGiven) {
  EXPECT_EQ(resolve_auto_shard(env_of({{"JOB_COMPLETION_INDEX", "0"}}), 4).to_string(), "1/4");
  EXPECT_EQ(resolve_auto_shard(env_of({{"JOB_COMPLETION_INDEX", "3"}}), 4).to_string(), "4/4");
  EXPECT_EQ(
      resolve_auto_shard(env_of({{"JOB_COMPLETION_INDEX", "2"}, {"KEYBENCH_SHARDS", "8"}}), std::nullopt).to_string(),
      "3/8");
  // --shards wins over the variable.
  EXPECT_EQ(resolve_auto_shard(env_of({{"JOB_COMPLETION_INDEX", "2"}, {"KEYBENCH_SHARDS", "8"}}), 3).to_string(),
            "3/3");
}

TEST(ShardAuto, EveryIndexOfAJobCoversTheSweepOnce) {
  // The N pods of an Indexed Job, or the N nodes of a GitLab job, get N distinct shards.
  for (uint64_t i = 0; i < 6; ++i) {
    EXPECT_EQ(resolve_auto_shard(env_of({{"JOB_COMPLETION_INDEX", std::to_string(i)}}), 6).index, i + 1);
    EXPECT_EQ(
        resolve_auto_shard(env_of({{"CI_NODE_INDEX", std::to_string(i + 1)}, {"CI_NODE_TOTAL", "6"}}), std::nullopt)
            .index,
        i + 1);
  }
}

TEST(ShardAuto, NothingInTheEnvironmentIsRefused) {
  EXPECT_THAT(refusal({}), HasSubstr("none of CI_NODE_INDEX/CI_NODE_TOTAL"));
  EXPECT_THAT(refusal({}, 4), HasSubstr("none of"));
  EXPECT_THAT(refusal({{"KEYBENCH_SHARDS", "4"}}), HasSubstr("none of"));
}

TEST(ShardAuto, HalfAPairOrBothEnginesAreRefused) {
  EXPECT_THAT(refusal({{"CI_NODE_INDEX", "1"}}), HasSubstr("CI_NODE_TOTAL is not"));
  EXPECT_THAT(refusal({{"CI_NODE_TOTAL", "4"}}), HasSubstr("CI_NODE_INDEX is not"));
  EXPECT_THAT(refusal({{"CI_NODE_INDEX", "1"}, {"CI_NODE_TOTAL", "2"}, {"JOB_COMPLETION_INDEX", "0"}}, 2),
              HasSubstr("both"));
  EXPECT_THAT(refusal({{"JOB_COMPLETION_INDEX", "0"}}), HasSubstr("--shards N or KEYBENCH_SHARDS"));
}

TEST(ShardAuto, BadValuesAreRefusedWithTheVariableNamed) {
  EXPECT_THAT(refusal({{"CI_NODE_INDEX", "0"}, {"CI_NODE_TOTAL", "4"}}), HasSubstr("GitLab counts from 1"));
  EXPECT_THAT(refusal({{"CI_NODE_INDEX", "5"}, {"CI_NODE_TOTAL", "4"}}), HasSubstr("CI_NODE_INDEX=5 must be 1.."));
  EXPECT_THAT(refusal({{"CI_NODE_INDEX", "1"}, {"CI_NODE_TOTAL", "0"}}), HasSubstr("CI_NODE_TOTAL must be at least 1"));
  for (const char* bad : {"", "-1", "+2", " 2", "2 ", "0x2", "two", "1.0", "99999999999999999999999"}) {
    EXPECT_THAT(refusal({{"CI_NODE_INDEX", bad}, {"CI_NODE_TOTAL", "4"}}), HasSubstr(not_decimal("CI_NODE_INDEX", bad)))
        << bad;
    EXPECT_THAT(refusal({{"JOB_COMPLETION_INDEX", bad}}, 4), HasSubstr(not_decimal("JOB_COMPLETION_INDEX", bad)))
        << bad;
    EXPECT_THAT(refusal({{"JOB_COMPLETION_INDEX", "0"}, {"KEYBENCH_SHARDS", bad}}),
                HasSubstr(not_decimal("KEYBENCH_SHARDS", bad)))
        << bad;
  }
  EXPECT_THAT(refusal({{"JOB_COMPLETION_INDEX", "4"}}, 4), HasSubstr("must be 0..3 for 4 shards"));
  EXPECT_THAT(refusal({{"JOB_COMPLETION_INDEX", "0"}, {"KEYBENCH_SHARDS", "0"}}),
              HasSubstr("KEYBENCH_SHARDS must be at least 1"));
  EXPECT_THAT(refusal({{"JOB_COMPLETION_INDEX", "0"}}, 0), HasSubstr("--shards must be at least 1"));
  EXPECT_THAT(refusal({{"CI_NODE_INDEX", "1"}, {"CI_NODE_TOTAL", "4"}}, 3),
              HasSubstr("disagrees with CI_NODE_TOTAL=4"));
}

// Through the command line: the CI's variables, set for the child only.
class ShardAutoCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("keybench-shard-auto-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    // The suite itself may run as a CI shard: none of its own variables may leak into the child.
    for (const char* v : kVars) {
      if (const char* old = std::getenv(v)) saved_[v] = old;
      ::unsetenv(v);
    }
  }
  void TearDown() override {
    for (const char* v : kVars) ::unsetenv(v);
    for (const auto& [k, v] : saved_) ::setenv(k.c_str(), v.c_str(), 1);
    std::filesystem::remove_all(dir_);
  }
  std::string path(const char* name) const { return (dir_ / name).string(); }
  static constexpr const char* kVars[] = {"CI_NODE_INDEX", "CI_NODE_TOTAL", "JOB_COMPLETION_INDEX", "KEYBENCH_SHARDS"};
  std::filesystem::path dir_;
  std::map<std::string, std::string> saved_;
};

nlohmann::json load(const std::string& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

const char* kSweep = "campaign host-key-provisioning --sweep bus --shard auto --report ";

TEST_F(ShardAutoCli, GitLabVariablesPickTheShardRecordedInTheReport) {
  ::setenv("CI_NODE_INDEX", "2", 1);
  ::setenv("CI_NODE_TOTAL", "3", 1);
  kb::test::CliOutcome o = kb::test::run_keybench(std::string(kSweep) + path("g.json"));
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_EQ(load(path("g.json"))["shards"], (nlohmann::json{"2/3"}));
}

TEST_F(ShardAutoCli, AnIndexedJobsPodsMergeIntoTheWholeSweep) {
  ::setenv("KEYBENCH_SHARDS", "2", 1);
  for (const char* i : {"0", "1"}) {
    ::setenv("JOB_COMPLETION_INDEX", i, 1);
    kb::test::CliOutcome o = kb::test::run_keybench(std::string(kSweep) + path(i[0] == '0' ? "k0.json" : "k1.json"));
    ASSERT_EQ(o.exit_code, 0) << o.out;
  }
  EXPECT_EQ(load(path("k0.json"))["shards"], (nlohmann::json{"1/2"}));
  ::unsetenv("KEYBENCH_SHARDS");
  ::unsetenv("JOB_COMPLETION_INDEX");
  kb::test::CliOutcome m = kb::test::run_keybench("campaign merge " + path("k0.json") + " " + path("k1.json") +
                                                  " --report " + path("all.json"));
  EXPECT_EQ(m.exit_code, 0) << m.out;
  EXPECT_EQ(load(path("all.json"))["shards"], (nlohmann::json{"1/2", "2/2"}));
  // --shards instead of the variable.
  ::setenv("JOB_COMPLETION_INDEX", "3", 1);
  kb::test::CliOutcome o = kb::test::run_keybench(std::string(kSweep) + path("k3.json") + " --shards 4");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_EQ(load(path("k3.json"))["shards"], (nlohmann::json{"4/4"}));
}

TEST_F(ShardAutoCli, BadValuesAreUsageErrorsAndWriteNoReport) {
  kb::test::CliOutcome none = kb::test::run_keybench(std::string(kSweep) + path("n.json"));
  EXPECT_EQ(none.exit_code, 2) << none.out;
  EXPECT_THAT(none.out, HasSubstr("none of CI_NODE_INDEX"));
  ::setenv("CI_NODE_INDEX", "0", 1);
  ::setenv("CI_NODE_TOTAL", "3", 1);
  kb::test::CliOutcome zero = kb::test::run_keybench(std::string(kSweep) + path("z.json"));
  EXPECT_EQ(zero.exit_code, 2) << zero.out;
  EXPECT_THAT(zero.out, HasSubstr("GitLab counts from 1"));
  ::unsetenv("CI_NODE_INDEX");
  ::unsetenv("CI_NODE_TOTAL");
  ::setenv("JOB_COMPLETION_INDEX", "1", 1);
  kb::test::CliOutcome bad = kb::test::run_keybench(std::string(kSweep) + path("b.json") + " --shards x");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_THAT(bad.out, HasSubstr("--shards 'x'"));
  kb::test::CliOutcome stray = kb::test::run_keybench(
      "campaign host-key-provisioning --sweep bus --shard 1/2 --shards 2 --report " + path("s.json"));
  EXPECT_EQ(stray.exit_code, 2) << stray.out;
  EXPECT_THAT(stray.out, HasSubstr("--shards goes with --shard auto"));
  for (const char* f : {"n.json", "z.json", "b.json", "s.json"}) EXPECT_FALSE(std::filesystem::exists(path(f))) << f;
}

}  // namespace
}  // namespace kb::tools::campaign
