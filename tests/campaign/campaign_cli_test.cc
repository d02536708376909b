// keybench campaign through the command line: a small sweep, shard reports, merge and its refusals.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "tests/flows/cli_runner.h"

namespace {

namespace fs = std::filesystem;

struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult run(const std::string& args) {
  kb::test::CliOutcome o = kb::test::run_keybench(args);
  return {o.exit_code, std::move(o.out)};
}

nlohmann::json load(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

class CampaignCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("keybench-campaign-cli-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(CampaignCli, ShardReportFollowsTheSchema) {
  CommandResult r = run("campaign host-key-provisioning --sweep power-cut --shard 1/6 --report " + path("a.json"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("PASS"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no_usable_partial_key"), std::string::npos) << r.output;
  nlohmann::json j = load(path("a.json"));
  EXPECT_EQ(j["flow"], "host-key-provisioning");
  EXPECT_EQ(j["sweep"], "power-cut");
  EXPECT_EQ(j["seed"], 1);
  ASSERT_TRUE(j["cut_points"].is_array());
  ASSERT_FALSE(j["cut_points"].empty());
  for (const auto& c : j["cut_points"]) {
    EXPECT_EQ(c["index"].get<uint64_t>() % 6, 0u);
    EXPECT_EQ(c["kind"], "nvm_write");
    EXPECT_FALSE(c["where"].get<std::string>().empty());
    EXPECT_TRUE(c["outcome"].is_string());
    EXPECT_EQ(c["oracles"].size(), 5u);
  }
}

TEST_F(CampaignCli, SameArgumentsGiveTheSameReportBytes) {
  const std::string args = "campaign host-key-provisioning --sweep bus --shard 3/7 --seed 5 --report ";
  ASSERT_EQ(run(args + path("a.json")).status, 0);
  ASSERT_EQ(run(args + path("b.json")).status, 0);
  std::ifstream a(path("a.json"));
  std::ifstream b(path("b.json"));
  std::string ta((std::istreambuf_iterator<char>(a)), {});
  std::string tb((std::istreambuf_iterator<char>(b)), {});
  EXPECT_FALSE(ta.empty());
  EXPECT_EQ(ta, tb);
}

TEST_F(CampaignCli, ShardsMergeIntoTheWholeSweep) {
  const std::string base = "campaign host-key-provisioning --sweep power-cut ";
  ASSERT_EQ(run(base + "--shard 1/2 --report " + path("s1.json")).status, 0);
  ASSERT_EQ(run(base + "--shard 2/2 --report " + path("s2.json")).status, 0);
  ASSERT_EQ(run(base + "--report " + path("whole.json")).status, 0);
  CommandResult m = run("campaign merge " + path("s2.json") + " " + path("s1.json") + " --report " + path("all.json"));
  ASSERT_EQ(m.status, 0) << m.output;
  nlohmann::json merged = load(path("all.json"));
  nlohmann::json whole = load(path("whole.json"));
  EXPECT_EQ(merged["cut_points"], whole["cut_points"]);
  EXPECT_EQ(merged["shards"], (nlohmann::json{"1/2", "2/2"}));
}

TEST_F(CampaignCli, MergeRefusesOverlapAndMismatch) {
  ASSERT_EQ(run("campaign host-key-provisioning --sweep bus --shard 1/4 --report " + path("a.json")).status, 0);
  CommandResult same = run("campaign merge " + path("a.json") + " " + path("a.json") + " --report " + path("m.json"));
  EXPECT_EQ(same.status, 2);
  EXPECT_NE(same.output.find("overlapping"), std::string::npos) << same.output;
  ASSERT_EQ(run("campaign host-key-provisioning --sweep bus --seed 9 --shard 2/4 --report " + path("b.json")).status,
            0);
  CommandResult seed = run("campaign merge " + path("a.json") + " " + path("b.json") + " --report " + path("m.json"));
  EXPECT_EQ(seed.status, 2);
  EXPECT_NE(seed.output.find("seed"), std::string::npos) << seed.output;
  EXPECT_FALSE(fs::exists(path("m.json")));
}

TEST_F(CampaignCli, AShardWithoutCutPointsIsNotAPass) {
  CommandResult r = run("campaign host-key-provisioning --sweep power-cut --shard 99/99 --report " + path("e.json"));
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_NE(r.output.find("keybench campaign: nothing checked: shard 99/99 holds none of the 21 cut point(s)"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("NOTHING CHECKED"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("PASS"), std::string::npos) << r.output;
  // The empty shard still has its report, so the merge of all 99 shards can be made.
  nlohmann::json j = load(path("e.json"));
  EXPECT_EQ(j["shards"], nlohmann::json{"99/99"});
  EXPECT_TRUE(j["cut_points"].empty());
}

TEST_F(CampaignCli, ReportsNameTheModeBuildAndBench) {
  ASSERT_EQ(
      run("campaign identity-key-generation --sweep power-cut --mode resumable --report " + path("a.json")).status, 0);
  nlohmann::json j = load(path("a.json"));
  EXPECT_EQ(j["format"], "keybench-campaign/2");
  EXPECT_EQ(j["mode"], "resumable");
  EXPECT_EQ(j["fixture"], "nrf5340-assembly.json");
  EXPECT_EQ(j["bench_sha256"].get<std::string>().size(), 64u);
  EXPECT_FALSE(j["build"]["version"].get<std::string>().empty());
  EXPECT_FALSE(j["build"]["commit"].get<std::string>().empty());
  CommandResult r = run("campaign host-key-provisioning --sweep bus --mode hopeful --report " + path("b.json"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("--mode must be reference or resumable, not 'hopeful'"), std::string::npos) << r.output;
}

TEST_F(CampaignCli, AnUnwritableReportStopsTheCampaignBeforeItRuns) {
  CommandResult r = run("campaign host-key-provisioning --sweep power-cut --report " + path("nodir/r.json"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("No such file or directory"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("clean run"), std::string::npos) << "the campaign ran: " << r.output;
  r = run("campaign host-key-provisioning --sweep power-cut --report " + dir_.string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("is a directory"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("clean run"), std::string::npos) << r.output;
}

TEST_F(CampaignCli, TheReportIsNeverTheBenchFixture) {
  const std::string bench = path("bench.json");
  const std::string text =
      R"({"bus": {"rate_hz": 400000}, "devices": [{"name": "stsafe", "type": "stsafe-a120", "address": "0x20"}]})";
  std::ofstream(bench) << text;
  fs::create_symlink(bench, path("link.json"));
  for (const std::string& report : {bench, path("link.json"), (dir_ / "." / "bench.json").string()}) {
    CommandResult r =
        run("campaign host-key-provisioning --sweep power-cut --target sim:" + bench + " --report " + report);
    EXPECT_EQ(r.status, 2) << report << ": " << r.output;
    EXPECT_NE(r.output.find("is the bench fixture"), std::string::npos) << r.output;
  }
  std::ifstream in(bench);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), {}), text);
}

TEST_F(CampaignCli, BadTargetsAndSeedsAreUsageErrors) {
  CommandResult r = run("campaign host-key-provisioning --sweep bus --target bogus:1 --report " + path("a.json"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("--target"), std::string::npos) << r.output;
  r = run("campaign host-key-provisioning --sweep bus --target sim:" + path("missing.json") + " --report " +
          path("a.json"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("missing.json"), std::string::npos) << r.output;
  r = run("campaign host-key-provisioning --sweep bus --seed -1 --report " + path("a.json"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("--seed must be a whole number"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(path("a.json")));
}

TEST_F(CampaignCli, ANonUtf8FixturePathGivesAValidReport) {
  const std::string bench = path("bench-\xff\xfe.json");
  std::ofstream(bench) << R"({"devices": [{"name": "stsafe", "type": "stsafe-a120", "address": "0x20"}]})";
  CommandResult r = run("campaign host-key-provisioning --sweep power-cut --shard 1/5 --target 'sim:" + bench +
                        "' --report " + path("u.json"));
  ASSERT_EQ(r.status, 0) << r.output;
  nlohmann::json j = load(path("u.json"));
  EXPECT_NE(j["fixture"].get<std::string>().find("bench-\xEF\xBF\xBD\xEF\xBF\xBD.json"), std::string::npos)
      << "U+FFFD in place of each bad byte";
  EXPECT_FALSE(j["cut_points"].empty());
}

TEST_F(CampaignCli, AReportKeepsTheModeOfAnExistingFileAndNewOnesAreShared) {
  ASSERT_EQ(run("campaign host-key-provisioning --sweep power-cut --shard 1/5 --report " + path("a.json")).status, 0);
  struct stat st;
  ASSERT_EQ(::stat(path("a.json").c_str(), &st), 0);
  const mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);
  ASSERT_EQ(::chmod(path("a.json").c_str(), 0640), 0);
  ASSERT_EQ(run("campaign host-key-provisioning --sweep power-cut --shard 2/5 --report " + path("a.json")).status, 0);
  ASSERT_EQ(::stat(path("a.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST_F(CampaignCli, UsageErrorsSayWhatIsWrong) {
  CommandResult r = run("campaign host-key-provisioning --sweep lightning --report " + path("a.json"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("power-cut or bus"), std::string::npos) << r.output;
  r = run("campaign no-such-flow --sweep bus --report " + path("a.json"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("unknown flow"), std::string::npos) << r.output;
  r = run("campaign host-key-provisioning --sweep bus --shard 5/4 --report " + path("a.json"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("1..N"), std::string::npos) << r.output;
}

}  // namespace
