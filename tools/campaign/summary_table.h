#pragma once
// The terminal side of a campaign: a progress bar while it runs, a summary table when it is done.
#include <cstdio>
#include <string>

#include "tools/campaign/campaign_report.h"

namespace kb::tools::campaign {

// Redraws one line on `out` (a terminal); silent when out is not a terminal, so logs stay clean.
class ProgressBar {
 public:
  ProgressBar(std::FILE* out, std::string label);
  void update(size_t done, size_t total);
  void finish();

 private:
  std::FILE* out_;
  std::string label_;
  bool enabled_;
  size_t last_width_ = SIZE_MAX;
};

// Counts per outcome and oracle, then one row per cut point that failed an oracle or was refused
// (every cut point when all_rows), then the verdict: PASS, FAIL, or NOTHING CHECKED for a report
// without cut points.
std::string summary_table(const CampaignReport& report, bool all_rows);
// Why a report without cut points has none: "shard 4/4 holds none of the 3 cut point(s)".
std::string nothing_checked(const CampaignReport& report);

}  // namespace kb::tools::campaign
