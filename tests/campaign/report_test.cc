#include "tools/campaign/campaign_report.h"

#include <gtest/gtest.h>

#include "tools/campaign/oracles.h"

namespace kb::tools::campaign {
namespace {

CutPointResult point(uint64_t index, bool ok = true) {
  CutPointResult c;
  c.index = index;
  c.kind = "bus";
  c.where = "write of Query (0x14)";
  c.outcome = ok ? "converged" : "diverged";
  c.interrupted = "rolled_back";
  c.host_result = "failed: bus";
  c.rerun_result = "ok";
  c.oracles = {{kOracleNoUsablePartialKey, true},
               {kOracleRolledBackOrCompleted, true},
               {kOracleRerunConverges, ok},
               {kOracleNoFalseSuccess, true}};
  return c;
}

CampaignReport report(std::vector<uint64_t> indices, std::string shard) {
  CampaignReport r;
  r.flow = "host-key-provisioning";
  r.sweep = "bus";
  r.seed = 7;
  r.fixture = "default";
  r.total_cut_points = 10;
  r.shards = {std::move(shard)};
  for (uint64_t i : indices) r.cut_points.push_back(point(i));
  return r;
}

TEST(CampaignReport, JsonHasTheIssueSchema) {
  CampaignReport r = report({0, 2}, "1/2");
  r.cut_points[1].refusal = Refusal{"nrf-huk-half-written", "why"};
  nlohmann::json j = to_json(r);
  EXPECT_EQ(j["flow"], "host-key-provisioning");
  EXPECT_EQ(j["sweep"], "bus");
  EXPECT_EQ(j["seed"], 7);
  ASSERT_TRUE(j["cut_points"].is_array());
  ASSERT_EQ(j["cut_points"].size(), 2u);
  for (const auto& c : j["cut_points"]) {
    for (const char* key : {"index", "kind", "where", "outcome", "oracles"}) EXPECT_TRUE(c.contains(key)) << key;
    EXPECT_EQ(c["oracles"].size(), 4u);
    EXPECT_TRUE(c["oracles"][kOracleRerunConverges].is_boolean());
  }
  EXPECT_EQ(j["cut_points"][1]["refusal"]["name"], "nrf-huk-half-written");
  EXPECT_FALSE(j["cut_points"][0].contains("refusal"));
}

TEST(CampaignReport, RoundTripsThroughJson) {
  CampaignReport r = report({1, 3, 5}, "2/2");
  r.cut_points[2] = point(5, false);
  r.cut_points[0].refusal = Refusal{"a", "b"};
  CampaignReport back = report_from_json(to_json(r), "test");
  EXPECT_EQ(to_json(back), to_json(r));
  EXPECT_FALSE(back.passed());
  EXPECT_EQ(back.failed_count(), 1u);
}

TEST(CampaignReport, SchemaErrorsNameTheJsonPath) {
  nlohmann::json j = to_json(report({1, 2}, "1/1"));
  j["cut_points"][1]["kind"] = "spark";
  try {
    report_from_json(j, "r.json");
    FAIL() << "bad kind accepted";
  } catch (const ReportError& e) {
    EXPECT_NE(std::string(e.what()).find("r.json: $.cut_points[1].kind"), std::string::npos) << e.what();
  }
  j = to_json(report({1}, "1/1"));
  j["cut_points"][0]["oracles"][kOracleNoFalseSuccess] = "yes";
  EXPECT_THROW(report_from_json(j, "r.json"), ReportError);
  j = to_json(report({1}, "1/1"));
  j["cut_points"][0].erase("oracles");
  EXPECT_THROW(report_from_json(j, "r.json"), ReportError);
  j = to_json(report({1}, "1/1"));
  j["cut_points"][0]["index"] = 10;  // total_cut_points is 10
  EXPECT_THROW(report_from_json(j, "r.json"), ReportError);
  j = to_json(report({1}, "1/1"));
  j["format"] = "something-else";
  EXPECT_THROW(report_from_json(j, "r.json"), ReportError);
}

TEST(CampaignReport, CutPointWithoutOraclesDoesNotPass) {
  CutPointResult c = point(0);
  c.oracles.clear();
  EXPECT_FALSE(c.passed());
}

TEST(MergeReports, InterleavedShardsMergeSortedByIndex) {
  CampaignReport merged =
      merge_reports({{"b.json", report({1, 3, 5, 7, 9}, "2/2")}, {"a.json", report({0, 2, 4, 6, 8}, "1/2")}});
  ASSERT_EQ(merged.cut_points.size(), 10u);
  for (uint64_t i = 0; i < 10; ++i) EXPECT_EQ(merged.cut_points[i].index, i);
  EXPECT_EQ(merged.shards, (std::vector<std::string>{"1/2", "2/2"}));
  EXPECT_EQ(merged.flow, "host-key-provisioning");
}

TEST(MergeReports, RefusesOverlappingIndices) {
  try {
    merge_reports({{"a.json", report({0, 2, 4}, "1/2")}, {"b.json", report({4, 5}, "2/2")}});
    FAIL() << "overlap accepted";
  } catch (const ReportError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cut point 4"), std::string::npos) << what;
    EXPECT_NE(what.find("a.json"), std::string::npos) << what;
    EXPECT_NE(what.find("b.json"), std::string::npos) << what;
  }
}

TEST(MergeReports, RefusesDifferentFlowSweepSeedFixtureOrSize) {
  const CampaignReport a = report({0}, "1/2");
  auto refused = [&](CampaignReport b, const std::string& word) {
    try {
      merge_reports({{"a.json", a}, {"b.json", std::move(b)}});
      ADD_FAILURE() << word << " difference accepted";
    } catch (const ReportError& e) {
      EXPECT_NE(std::string(e.what()).find(word), std::string::npos) << e.what();
    }
  };
  CampaignReport b = report({1}, "2/2");
  b.flow = "wrapped-cmac";
  refused(b, "flow");
  b = report({1}, "2/2");
  b.sweep = "power-cut";
  refused(b, "sweep");
  b = report({1}, "2/2");
  b.seed = 8;
  refused(b, "seed");
  b = report({1}, "2/2");
  b.fixture = "other.json";
  refused(b, "fixture");
  b = report({1}, "2/2");
  b.total_cut_points = 11;
  refused(b, "total_cut_points");
}

}  // namespace
}  // namespace kb::tools::campaign
