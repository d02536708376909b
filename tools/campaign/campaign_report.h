#pragma once
// A campaign report and its JSON form:
//   {"format": "keybench-campaign/1", "flow": "...", "sweep": "power-cut" | "bus", "seed": 1,
//    "fixture": "...", "total_cut_points": N, "shards": ["1/1"],
//    "cut_points": [{"index": 0, "kind": "nvm_write" | "bus", "where": "...", "outcome": "converged" |
//                    "refused" | "diverged" | "not_reached",
//                    "interrupted": "rolled_back" | "completed" | "neither",
//                    "host_result": "ok" | "failed: ...", "rerun_result": "ok" | "failed: ...",
//                    "refusal": {"name": "...", "explanation": "..."},   // only when refused
//                    "oracles": {"no_usable_partial_key": true, ...}}, ...]}
// Byte-identical for the same flow, sweep, seed and fixture: nothing in it depends on the wall clock.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tools/campaign/refusal.h"

namespace kb::tools::campaign {

inline constexpr const char* kReportFormat = "keybench-campaign/1";

struct CutPointResult {
  uint64_t index = 0;
  std::string kind;  // "nvm_write" or "bus"
  std::string where;
  std::string outcome;
  std::string interrupted;
  std::string host_result;
  std::string rerun_result;
  std::optional<Refusal> refusal;
  std::map<std::string, bool> oracles;

  bool passed() const;
};

struct CampaignReport {
  std::string flow;
  std::string sweep;
  uint64_t seed = 1;
  std::string fixture;
  uint64_t total_cut_points = 0;
  std::vector<std::string> shards;
  std::vector<CutPointResult> cut_points;

  bool passed() const;
  size_t failed_count() const;
};

// A report that does not follow the schema; the message names the file and the JSON path.
class ReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

nlohmann::json to_json(const CampaignReport& report);
CampaignReport report_from_json(const nlohmann::json& j, const std::string& source);
CampaignReport read_report(const std::string& path);
void write_report(const CampaignReport& report, const std::string& path);

// Shards of one sweep into one report sorted by index. Throws ReportError when they are of different
// flows, sweeps, seeds, fixtures or sizes, or when an index appears twice.
CampaignReport merge_reports(const std::vector<std::pair<std::string, CampaignReport>>& named_reports);

}  // namespace kb::tools::campaign
