#pragma once
// Joins the reports of a sweep's shards into the report of the whole sweep.
#include <string>
#include <utility>
#include <vector>

#include "tools/campaign/campaign_report.h"

namespace kb::tools::campaign {

// The reports (file name, report; each already checked by report_from_json) must be of one build,
// flow, mode, sweep, seed, fixture, bench content, cut point total and shard count N, and their shards
// must be 1/N .. N/N, each exactly once. A single report merges when it already holds every shard.
// Throws ReportError naming the files and both values, the shard given twice, or the shards missing
// ("shards 2/4 and 4/4 missing"). The result lists its shards and cut points in order.
CampaignReport merge_reports(const std::vector<std::pair<std::string, CampaignReport>>& named_reports);

}  // namespace kb::tools::campaign
