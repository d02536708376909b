#pragma once
// A campaign report and its JSON form (format "keybench-campaign/2"; every key is required unless
// marked optional, and no other key is allowed anywhere):
//   {"format": "keybench-campaign/2",
//    "build": {"version": "0.1.0", "commit": "<git commit or unknown>", "dirty": false},
//    "flow": "...", "mode": "reference" | "resumable", "sweep": "power-cut" | "bus", "seed": 1,
//    "fixture": "<the bench as the command line named it>", "bench_sha256": "<64 hex digits>",
//    "total_cut_points": N, "shards": ["I/N", ...],
//    "cut_points": [{"index": 0, "kind": "nvm_write" (power-cut) | "bus" (bus),
//                    "where": "...", "outcome": "converged" | "refused" | "diverged" | "not_reached",
//                    "interrupted": "rolled_back" | "completed" | "neither",
//                    "host_result": "ok" | "failed: ...", "rerun_result": "ok" | "failed: ..." | "",
//                    "refusal": {"name": "...", "explanation": "..."},   // optional: only when refused
//                    "success_after_failure": "...",  // optional: only when that oracle failed
//                    "oracles": {"no_usable_partial_key": true, ...the five of oracles.h}}, ...]}
// report_schema.cc says how outcome, oracles and results must agree. Byte-identical for the same
// build, flow, mode, sweep, seed and fixture: nothing in it depends on the wall clock.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tools/campaign/build_info.h"
#include "tools/campaign/refusal.h"

namespace kb::tools::campaign {

inline constexpr const char* kReportFormat = "keybench-campaign/2";

struct CutPointResult {
  uint64_t index = 0;
  std::string kind;  // "nvm_write" or "bus"
  std::string where;
  std::string outcome;
  std::string interrupted;
  std::string host_result;
  std::string rerun_result;  // empty when the cut was not reached (no re-run)
  std::optional<Refusal> refusal;
  std::string success_after_failure;  // why no_success_after_failure failed, else empty
  std::map<std::string, bool> oracles;

  bool passed() const;
};

struct CampaignReport {
  BuildInfo build;
  std::string flow;
  std::string mode;
  std::string sweep;
  uint64_t seed = 1;
  std::string fixture;
  std::string bench_sha256;
  uint64_t total_cut_points = 0;
  std::vector<std::string> shards;
  std::vector<CutPointResult> cut_points;

  bool passed() const;  // at least one cut point, and every oracle of each held
  size_t failed_count() const;
  // The shard list as the summary shows it: "1/4 2/4".
  std::string shard_list() const;
};

// A report that does not follow the schema; the message names the file and the JSON path.
class ReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

nlohmann::json to_json(const CampaignReport& report);
// Checks everything the schema says (report_schema.cc); throws ReportError.
CampaignReport report_from_json(const nlohmann::json& j, const std::string& source);

}  // namespace kb::tools::campaign
