// `keybench campaign merge` on bad and incomplete reports: each is refused with the exact problem and
// exit status 2; a merge that checked nothing exits 3; a whole merge whose oracle failed exits 1.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/flows/cli_runner.h"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// One folder per test process: ctest runs each test case as its own process, in parallel.
const fs::path& dir() {
  static const fs::path d = fs::temp_directory_path() / ("keybench-merge-table-" + std::to_string(::getpid()));
  return d;
}

std::string at(const std::string& name) {
  return (dir() / name).string();
}

Json load(const std::string& path) {
  std::ifstream in(path);
  return Json::parse(in);
}

void save(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

class MergeTable : public ::testing::Test {
 protected:
  // The four shards of the power-cut sweep of host key provisioning (21 cut points), once.
  static void SetUpTestSuite() {
    fs::remove_all(dir());
    fs::create_directories(dir());
    for (int i = 1; i <= 4; ++i) {
      const std::string shard = std::to_string(i) + "/4";
      std::string report = "s";  // appended: GCC 12 at -O3 reports a false -Wrestrict for "s" + std::string
      report += std::to_string(i);
      report += ".json";
      auto r = kb::test::run_keybench("campaign host-key-provisioning --sweep power-cut --shard " + shard +
                                      " --report " + at(report));
      ASSERT_EQ(r.exit_code, 0) << r.out;
    }
  }
  static void TearDownTestSuite() { fs::remove_all(dir()); }

  // Shard 1/4 changed by `edit`, merged with the other three.
  kb::test::CliOutcome merge_edited(const std::function<void(Json&)>& edit) {
    Json j = load(at("s1.json"));
    edit(j);
    save(at("bad.json"), j.dump(2));
    return merge({"bad.json", "s2.json", "s3.json", "s4.json"});
  }
  kb::test::CliOutcome merge(const std::vector<std::string>& names) {
    std::string args = "campaign merge";
    for (const auto& n : names) {
      args += ' ';  // not " " + at(n): GCC 12 at -O3 reports a false -Wrestrict for it
      args += at(n);
    }
    fs::remove(at("out.json"));
    return kb::test::run_keybench(args + " --report " + at("out.json"));
  }
  void expect_refused(const kb::test::CliOutcome& r, const std::string& words) {
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find(words), std::string::npos) << "expected: " << words << "\ngot: " << r.out;
    EXPECT_EQ(r.out.find("PASS"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(at("out.json"))) << "a refused merge wrote a report";
  }
};

TEST_F(MergeTable, AllFourShardsMerge) {
  auto r = merge({"s3.json", "s1.json", "s4.json", "s2.json"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("21 of 21 cut points"), std::string::npos) << r.out;
  EXPECT_EQ(load(at("out.json"))["shards"], (Json{"1/4", "2/4", "3/4", "4/4"}));
}

TEST_F(MergeTable, MissingShardsAreNamed) {
  expect_refused(merge({"s1.json", "s3.json"}), "cannot merge: shards 2/4 and 4/4 missing of the 4 shards");
  expect_refused(merge({"s2.json"}), "shards 1/4, 3/4 and 4/4 missing");
  expect_refused(merge({"s1.json", "s2.json", "s3.json"}), "shard 4/4 missing");
}

TEST_F(MergeTable, ASingleWholeReportMergesAndNoReportIsAUsageError) {
  auto whole = kb::test::run_keybench("campaign host-key-provisioning --sweep power-cut --report " + at("whole.json"));
  ASSERT_EQ(whole.exit_code, 0) << whole.out;
  auto r = merge({"whole.json"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(load(at("out.json")), load(at("whole.json")));
  r = kb::test::run_keybench("campaign merge --report " + at("out.json"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("merge needs the report of every shard"), std::string::npos) << r.out;
}

TEST_F(MergeTable, OverlappingShardsAreRefused) {
  expect_refused(merge({"s1.json", "s1.json", "s2.json", "s3.json", "s4.json"}),
                 "both hold shard 1/4 (overlapping shards)");
}

TEST_F(MergeTable, ZeroPointShardsAreNotAPass) {
  // A sweep of nothing: every shard is empty, and so is their merge.
  Json j = load(at("s1.json"));
  j["total_cut_points"] = 0;
  j["cut_points"] = Json::array();
  j["shards"] = {"1/1"};
  save(at("empty.json"), j.dump(2));
  auto r = merge({"empty.json"});
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("NOTHING CHECKED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nothing checked: the clean run of host-key-provisioning has no NVM writes to cut"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("PASS"), std::string::npos) << r.out;
}

TEST_F(MergeTable, AFailedOracleInAWholeMergeExits1) {
  auto r = merge_edited([](Json& j) { j["cut_points"][0]["oracles"]["no_usable_partial_key"] = false; });
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("FAIL: 1 cut point(s) failed an oracle"), std::string::npos) << r.out;
}

TEST_F(MergeTable, DivergedWithEveryOracleTrue) {
  expect_refused(merge_edited([](Json& j) { j["cut_points"][0]["outcome"] = "diverged"; }),
                 "$.cut_points[0].outcome: \"diverged\" with rerun_converges true");
}

TEST_F(MergeTable, UnknownOutcome) {
  expect_refused(merge_edited([](Json& j) { j["cut_points"][0]["outcome"] = "fine"; }),
                 "$.cut_points[0].outcome: unknown value \"fine\" (expected \"converged\", \"refused\", \"diverged\", "
                 "\"not_reached\")");
}

TEST_F(MergeTable, NotReachedWithOraclesTrue) {
  expect_refused(merge_edited([](Json& j) {
                   j["cut_points"][0]["outcome"] = "not_reached";
                   j["cut_points"][0]["interrupted"] = "neither";
                   j["cut_points"][0]["rerun_result"] = "";
                 }),
                 "\"not_reached\" with oracle no_false_success true (a cut that never fired checked nothing)");
}

TEST_F(MergeTable, ConvergedWithAFailedRerun) {
  expect_refused(merge_edited([](Json& j) { j["cut_points"][0]["rerun_result"] = "failed: timeout"; }),
                 "$.cut_points[0].outcome: \"converged\" with a failed re-run");
}

TEST_F(MergeTable, UnknownInterrupted) {
  expect_refused(merge_edited([](Json& j) { j["cut_points"][0]["interrupted"] = "sort_of"; }),
                 "$.cut_points[0].interrupted: unknown value \"sort_of\"");
}

TEST_F(MergeTable, OraclesReplacedByUnknownKeys) {
  expect_refused(merge_edited([](Json& j) {
                   j["cut_points"][0]["oracles"] = {{"all_good", true}};
                 }),
                 "$.cut_points[0].oracles: missing \"no_usable_partial_key\"");
}

TEST_F(MergeTable, AnExtraOracle) {
  expect_refused(merge_edited([](Json& j) { j["cut_points"][0]["oracles"]["all_good"] = true; }),
                 "$.cut_points[0].oracles.all_good: unknown key");
}

TEST_F(MergeTable, AMissingOracle) {
  expect_refused(merge_edited([](Json& j) { j["cut_points"][0]["oracles"].erase("no_success_after_failure"); }),
                 "$.cut_points[0].oracles: missing \"no_success_after_failure\"");
}

TEST_F(MergeTable, BusKindInAPowerCutReport) {
  expect_refused(merge_edited([](Json& j) { j["cut_points"][0]["kind"] = "bus"; }),
                 "$.cut_points[0].kind: \"bus\" in a report whose sweep cuts \"nvm_write\"");
}

TEST_F(MergeTable, UnknownKind) {
  expect_refused(merge_edited([](Json& j) { j["cut_points"][0]["kind"] = "spark"; }),
                 "$.cut_points[0].kind: unknown value \"spark\"");
}

TEST_F(MergeTable, UnknownSweep) {
  expect_refused(merge_edited([](Json& j) { j["sweep"] = "lightning"; }), "$.sweep: unknown value \"lightning\"");
}

TEST_F(MergeTable, UnknownMode) {
  expect_refused(merge_edited([](Json& j) { j["mode"] = "hopeful"; }), "$.mode: unknown value \"hopeful\"");
}

TEST_F(MergeTable, BananaShard) {
  expect_refused(merge_edited([](Json& j) { j["shards"] = {"banana"}; }),
                 "$.shards[0]: shard 'banana': expected I/N, e.g. 2/8");
}

TEST_F(MergeTable, ShardSpelledTwoWays) {
  expect_refused(merge_edited([](Json& j) { j["shards"] = {"01/4"}; }),
                 "$.shards[0]: shard '01/4': expected I/N written as 1/4");
}

TEST_F(MergeTable, ShardsOfDifferentCountsInOneReport) {
  expect_refused(merge_edited([](Json& j) {
                   j["shards"] = {"1/4", "2/8"};
                 }),
                 "$.shards[1]: shard 2/8 is not of 4 like 1/4");
}

TEST_F(MergeTable, ShardsOfDifferentCountsAcrossReports) {
  auto r = kb::test::run_keybench("campaign host-key-provisioning --sweep power-cut --shard 2/2 --report " +
                                  at("half2.json"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  expect_refused(merge({"s1.json", "half2.json"}), "shard 2/2 is not of 4 like 1/4");
}

TEST_F(MergeTable, AShardReportMissingACutPoint) {
  expect_refused(merge_edited([](Json& j) { j["cut_points"].erase(1); }),
                 "$.cut_points: cut point 4 of shard 1/4 is missing");
}

TEST_F(MergeTable, ExtraKeys) {
  expect_refused(merge_edited([](Json& j) { j["verdict"] = "PASS"; }), "$.verdict: unknown key");
  expect_refused(merge_edited([](Json& j) { j["cut_points"][0]["note"] = "fine"; }),
                 "$.cut_points[0].note: unknown key");
  expect_refused(merge_edited([](Json& j) { j["build"]["host"] = "ci"; }), "$.build.host: unknown key");
}

TEST_F(MergeTable, DuplicateKey) {
  std::string text = load(at("s1.json")).dump(2);
  text.insert(text.find('{') + 1, "\n  \"seed\": 1,");
  save(at("bad.json"), text);
  expect_refused(merge({"bad.json", "s2.json", "s3.json", "s4.json"}),
                 "bad.json: $.seed: key \"seed\" given twice in one object");
}

TEST_F(MergeTable, OlderFormat) {
  expect_refused(merge_edited([](Json& j) { j["format"] = "keybench-campaign/1"; }),
                 "$.format: report format \"keybench-campaign/1\" is not the one this keybench reads "
                 "(\"keybench-campaign/2\"); run the campaign again with this keybench");
}

TEST_F(MergeTable, DifferentBuilds) {
  std::string commit;
  auto r = merge_edited([&](Json& j) {
    commit = j["build"]["commit"];
    j["build"]["commit"] = "0000000000000000000000000000000000000000";
  });
  expect_refused(r, "build '");
  EXPECT_NE(r.out.find("commit 0000000000000000000000000000000000000000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("commit " + commit), std::string::npos) << r.out;
}

TEST_F(MergeTable, DifferentBenchesUnderOneFileName) {
  // Two benches, one file name: shard 1/2 runs on one, shard 2/2 on the other.
  const std::string bench = at("bench.json");
  save(bench,
       R"({"bus": {"rate_hz": 400000}, "devices": [{"name": "stsafe", "type": "stsafe-a120", "address": "0x20"}]})");
  const std::string base = "campaign host-key-provisioning --sweep power-cut --target sim:" + bench;
  auto a = kb::test::run_keybench(base + " --shard 1/2 --report " + at("b1.json"));
  ASSERT_EQ(a.exit_code, 0) << a.out;
  save(bench,
       R"({"bus": {"rate_hz": 100000}, "devices": [{"name": "stsafe", "type": "stsafe-a120", "address": "0x20"}]})");
  auto b = kb::test::run_keybench(base + " --shard 2/2 --report " + at("b2.json"));
  ASSERT_EQ(b.exit_code, 0) << b.out;
  const std::string h1 = load(at("b1.json"))["bench_sha256"];
  const std::string h2 = load(at("b2.json"))["bench_sha256"];
  ASSERT_NE(h1, h2);
  EXPECT_EQ(load(at("b1.json"))["fixture"], load(at("b2.json"))["fixture"]);
  auto r = merge({"b1.json", "b2.json"});
  expect_refused(r, "bench_sha256 (the bench's content) '" + h2 + "' differs from '" + h1 + "'");
}

TEST_F(MergeTable, DifferentModes) {
  auto r = kb::test::run_keybench(
      "campaign host-key-provisioning --sweep power-cut --mode resumable --shard 2/4 "
      "--report " +
      at("resumable2.json"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  expect_refused(merge({"s1.json", "resumable2.json", "s3.json", "s4.json"}),
                 "mode 'resumable' differs from 'reference'");
}

TEST_F(MergeTable, ReportIsOneOfTheInputs) {
  auto r = kb::test::run_keybench("campaign merge " + at("s1.json") + " " + at("s2.json") + " --report " +
                                  (dir() / "." / "s2.json").string());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("one of the reports to merge"), std::string::npos) << r.out;
}

}  // namespace
