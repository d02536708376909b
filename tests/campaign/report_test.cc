// Campaign reports in memory: the JSON form, the schema checks of report_from_json, and merging.
#include "tools/campaign/campaign_report.h"

#include <gtest/gtest.h>

#include "tools/campaign/oracles.h"
#include "tools/campaign/report_merge.h"

namespace kb::tools::campaign {
namespace {

constexpr const char* kBench = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

CutPointResult point(uint64_t index, bool ok = true) {
  CutPointResult c;
  c.index = index;
  c.kind = "bus";
  c.where = "write of Query (0x14)";
  c.outcome = ok ? "converged" : "diverged";
  c.interrupted = "rolled_back";
  c.host_result = "failed: bus";
  c.rerun_result = "ok";
  for (const char* name : kOracleNames) c.oracles[name] = true;
  c.oracles[kOracleRerunConverges] = ok;
  return c;
}

// Every cut point of shard I/N of a sweep of `total`.
CampaignReport report(uint64_t shard, uint64_t count, uint64_t total = 10) {
  CampaignReport r;
  r.build = {"0.1.0", "0123456789abcdef0123456789abcdef01234567", false};
  r.flow = "host-key-provisioning";
  r.mode = "reference";
  r.sweep = "bus";
  r.seed = 7;
  r.fixture = "default";
  r.bench_sha256 = kBench;
  r.total_cut_points = total;
  r.shards = {std::to_string(shard) + "/" + std::to_string(count)};
  for (uint64_t i = shard - 1; i < total; i += count) r.cut_points.push_back(point(i));
  return r;
}

std::string refusal_of(const nlohmann::json& j) {
  try {
    report_from_json(j, "r.json");
  } catch (const ReportError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(CampaignReport, JsonHasTheSchema) {
  CampaignReport r = report(1, 2);
  r.cut_points[1].outcome = "refused";
  r.cut_points[1].rerun_result = "failed: refused";
  r.cut_points[1].refusal = Refusal{"nrf-huk-half-written", "why"};
  nlohmann::json j = to_json(r);
  EXPECT_EQ(j["format"], "keybench-campaign/2");
  EXPECT_EQ(j["build"]["version"], "0.1.0");
  EXPECT_EQ(j["mode"], "reference");
  EXPECT_EQ(j["bench_sha256"], kBench);
  ASSERT_EQ(j["cut_points"].size(), 5u);
  for (const auto& c : j["cut_points"]) EXPECT_EQ(c["oracles"].size(), kOracleNames.size());
  EXPECT_EQ(j["cut_points"][1]["refusal"]["name"], "nrf-huk-half-written");
  EXPECT_FALSE(j["cut_points"][0].contains("refusal"));
  EXPECT_EQ(refusal_of(j), "accepted");
}

TEST(CampaignReport, RoundTripsThroughJson) {
  CampaignReport r = report(2, 2);
  r.cut_points[2] = point(5, false);
  r.cut_points[3].oracles[kOracleNoSuccessAfterFailure] = false;
  r.cut_points[3].success_after_failure = "cut run: 'x failed' then 'Success!'";
  CampaignReport back = report_from_json(to_json(r), "test");
  EXPECT_EQ(to_json(back), to_json(r));
  EXPECT_FALSE(back.passed());
  EXPECT_EQ(back.failed_count(), 2u);
}

TEST(CampaignReport, SchemaErrorsNameTheJsonPath) {
  nlohmann::json j = to_json(report(1, 1));
  j["cut_points"][1]["kind"] = "spark";
  EXPECT_NE(refusal_of(j).find("r.json: $.cut_points[1].kind: unknown value \"spark\""), std::string::npos)
      << refusal_of(j);
  j = to_json(report(1, 1));
  j["cut_points"][0]["oracles"][kOracleNoFalseSuccess] = "yes";
  EXPECT_NE(refusal_of(j).find("$.cut_points[0].oracles.no_false_success: expected true or false"), std::string::npos);
  j = to_json(report(1, 1));
  j["cut_points"][0].erase("oracles");
  EXPECT_NE(refusal_of(j).find("$.cut_points[0]: missing \"oracles\""), std::string::npos);
  j = to_json(report(1, 1));
  j["cut_points"][9]["index"] = 10u;  // total_cut_points is 10
  EXPECT_NE(refusal_of(j).find("$.cut_points[9].index: 10 is beyond total_cut_points 10"), std::string::npos);
  j = to_json(report(1, 1));
  j["format"] = "something-else";
  EXPECT_NE(refusal_of(j).find("$.format: \"something-else\" is not a campaign report"), std::string::npos);
}

TEST(CampaignReport, AShardReportHoldsEveryCutPointOfItsShards) {
  nlohmann::json j = to_json(report(2, 3));  // 1, 4, 7
  j["cut_points"].erase(1);
  EXPECT_NE(refusal_of(j).find("$.cut_points: cut point 4 of shard 2/3 is missing"), std::string::npos)
      << refusal_of(j);
  j = to_json(report(2, 3));
  j["cut_points"][1]["index"] = 5u;
  EXPECT_NE(refusal_of(j).find("$.cut_points[1].index: cut point 5 belongs to none of the shards 2/3"),
            std::string::npos)
      << refusal_of(j);
  j = to_json(report(2, 3));
  std::swap(j["cut_points"][0], j["cut_points"][1]);
  EXPECT_NE(refusal_of(j).find("expected increasing indices"), std::string::npos) << refusal_of(j);
}

TEST(CampaignReport, ShardsBeyondTheTotalHoldNothing) {
  CampaignReport r = report(4, 4, 3);
  EXPECT_TRUE(r.cut_points.empty());
  EXPECT_FALSE(r.passed()) << "no cut point checked is not a pass";
  EXPECT_EQ(refusal_of(to_json(r)), "accepted");
}

TEST(CampaignReport, CutPointWithoutOraclesDoesNotPass) {
  CutPointResult c = point(0);
  c.oracles.clear();
  EXPECT_FALSE(c.passed());
}

TEST(MergeReports, InterleavedShardsMergeSortedByIndex) {
  CampaignReport merged = merge_reports({{"b.json", report(2, 2)}, {"a.json", report(1, 2)}});
  ASSERT_EQ(merged.cut_points.size(), 10u);
  for (uint64_t i = 0; i < 10; ++i) EXPECT_EQ(merged.cut_points[i].index, i);
  EXPECT_EQ(merged.shards, (std::vector<std::string>{"1/2", "2/2"}));
  EXPECT_EQ(refusal_of(to_json(merged)), "accepted");
}

TEST(MergeReports, ShardsSortByNumberNotText) {
  std::vector<std::pair<std::string, CampaignReport>> all;
  for (uint64_t i = 12; i >= 1; --i) all.emplace_back(std::to_string(i) + ".json", report(i, 12, 30));
  CampaignReport merged = merge_reports(all);
  EXPECT_EQ(merged.shards.front(), "1/12");
  EXPECT_EQ(merged.shards[1], "2/12");
  EXPECT_EQ(merged.shards.back(), "12/12");
}

TEST(MergeReports, OneCompleteReportMergesToItself) {
  const CampaignReport whole = report(1, 1);
  EXPECT_EQ(to_json(merge_reports({{"a.json", whole}})), to_json(whole));
  EXPECT_THROW(merge_reports({}), ReportError);
}

TEST(MergeReports, NamesTheMissingShards) {
  try {
    merge_reports({{"a.json", report(1, 4)}, {"c.json", report(3, 4)}});
    FAIL() << "missing shards accepted";
  } catch (const ReportError& e) {
    EXPECT_NE(std::string(e.what()).find("shards 2/4 and 4/4 missing"), std::string::npos) << e.what();
  }
  try {
    merge_reports({{"a.json", report(2, 3)}});
    FAIL() << "one shard of three accepted";
  } catch (const ReportError& e) {
    EXPECT_NE(std::string(e.what()).find("shards 1/3 and 3/3 missing"), std::string::npos) << e.what();
  }
}

TEST(MergeReports, RefusesOverlappingShards) {
  try {
    merge_reports({{"a.json", report(1, 2)}, {"b.json", report(1, 2)}, {"c.json", report(2, 2)}});
    FAIL() << "overlap accepted";
  } catch (const ReportError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("both hold shard 1/2 (overlapping shards)"), std::string::npos) << what;
    EXPECT_NE(what.find("a.json"), std::string::npos) << what;
    EXPECT_NE(what.find("b.json"), std::string::npos) << what;
  }
}

TEST(MergeReports, RefusesAnythingThatDiffers) {
  const CampaignReport a = report(1, 2);
  auto refused = [&](CampaignReport b, const std::string& words) {
    try {
      merge_reports({{"a.json", a}, {"b.json", std::move(b)}});
      ADD_FAILURE() << words << ": difference accepted";
    } catch (const ReportError& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  CampaignReport b = report(2, 2);
  b.flow = "wrapped-cmac";
  refused(b, "flow 'wrapped-cmac' differs from 'host-key-provisioning'");
  b = report(2, 2);
  b.mode = "resumable";
  refused(b, "mode 'resumable' differs from 'reference'");
  b = report(2, 2);
  b.sweep = "power-cut";
  refused(b, "sweep 'power-cut' differs from 'bus'");
  b = report(2, 2);
  b.seed = 8;
  refused(b, "seed '8' differs from '7'");
  b = report(2, 2);
  b.fixture = "other.json";
  refused(b, "fixture 'other.json' differs from 'default'");
  b = report(2, 2);
  b.bench_sha256 = std::string(64, 'a');
  refused(b, "bench_sha256 (the bench's content) '" + std::string(64, 'a') + "' differs from '" + kBench + "'");
  b = report(2, 2);
  b.build.commit = "fedcba";
  refused(b, "build '0.1.0 (commit fedcba)' differs from '0.1.0 (commit 0123456789abcdef0123456789abcdef01234567)'");
  b = report(2, 2);
  b.build.dirty = true;
  refused(b, "with local changes");
  b = report(2, 2, 11);
  refused(b, "total_cut_points '11' differs from '10'");
  b = report(2, 4);
  refused(b, "shard 2/4 is not of 2 like 1/2");
}

}  // namespace
}  // namespace kb::tools::campaign
