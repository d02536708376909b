#include "tools/campaign/campaign_report.h"

#include <algorithm>

namespace kb::tools::campaign {

namespace {

nlohmann::json cut_point_json(const CutPointResult& c) {
  nlohmann::json j = {{"index", c.index},
                      {"kind", c.kind},
                      {"where", c.where},
                      {"outcome", c.outcome},
                      {"interrupted", c.interrupted},
                      {"host_result", c.host_result},
                      {"rerun_result", c.rerun_result}};
  if (c.refusal) j["refusal"] = {{"name", c.refusal->name}, {"explanation", c.refusal->explanation}};
  if (!c.success_after_failure.empty()) j["success_after_failure"] = c.success_after_failure;
  j["oracles"] = c.oracles;
  return j;
}

}  // namespace

bool CutPointResult::passed() const {
  if (oracles.empty()) return false;
  return std::all_of(oracles.begin(), oracles.end(), [](const auto& o) { return o.second; });
}

bool CampaignReport::passed() const {
  return !cut_points.empty() && failed_count() == 0;
}

size_t CampaignReport::failed_count() const {
  return static_cast<size_t>(
      std::count_if(cut_points.begin(), cut_points.end(), [](const CutPointResult& c) { return !c.passed(); }));
}

std::string CampaignReport::shard_list() const {
  std::string out;
  for (const auto& s : shards) out += (out.empty() ? "" : " ") + s;
  return out;
}

nlohmann::json to_json(const CampaignReport& r) {
  nlohmann::json points = nlohmann::json::array();
  for (const auto& c : r.cut_points) points.push_back(cut_point_json(c));
  return {{"format", kReportFormat},
          {"build", {{"version", r.build.version}, {"commit", r.build.commit}, {"dirty", r.build.dirty}}},
          {"flow", r.flow},
          {"mode", r.mode},
          {"sweep", r.sweep},
          {"seed", r.seed},
          {"fixture", r.fixture},
          {"bench_sha256", r.bench_sha256},
          {"total_cut_points", r.total_cut_points},
          {"shards", r.shards},
          {"cut_points", points}};
}

}  // namespace kb::tools::campaign
