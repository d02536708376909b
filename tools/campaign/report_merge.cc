#include "tools/campaign/report_merge.h"

#include <algorithm>
#include <map>

#include "tools/campaign/shard.h"

namespace kb::tools::campaign {

namespace {

// "shard 2/4", "shards 2/4 and 4/4", "shards 1/8, 2/8 and 5/8".
std::string shard_phrase(const std::vector<std::string>& names) {
  std::string out = names.size() == 1 ? "shard " : "shards ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace

CampaignReport merge_reports(const std::vector<std::pair<std::string, CampaignReport>>& named) {
  if (named.empty()) throw ReportError("nothing to merge: give the report of every shard");
  const auto& [first_name, first] = named.front();
  CampaignReport merged = first;
  merged.shards.clear();
  merged.cut_points.clear();
  const uint64_t count = parse_shard(first.shards.front()).count;
  std::map<uint64_t, std::string> owner;  // shard index -> file
  for (const auto& [name, r] : named) {
    // Init-captures: clang 14 cannot capture structured bindings.
    auto differs = [&, &name = name, &first_name = first_name](const char* what, const std::string& mine,
                                                               const std::string& theirs) {
      if (mine != theirs) {
        throw ReportError("cannot merge " + name + " with " + first_name + ": " + what + " '" + theirs +
                          "' differs from '" + mine + "'");
      }
    };
    differs("build", describe(first.build), describe(r.build));
    differs("flow", first.flow, r.flow);
    differs("mode", first.mode, r.mode);
    differs("sweep", first.sweep, r.sweep);
    differs("seed", std::to_string(first.seed), std::to_string(r.seed));
    differs("fixture", first.fixture, r.fixture);
    differs("bench_sha256 (the bench's content)", first.bench_sha256, r.bench_sha256);
    differs("total_cut_points", std::to_string(first.total_cut_points), std::to_string(r.total_cut_points));
    for (const auto& text : r.shards) {
      const Shard s = parse_shard(text);
      if (s.count != count) {
        throw ReportError("cannot merge " + name + " with " + first_name + ": shard " + text + " is not of " +
                          std::to_string(count) + " like " + first.shards.front());
      }
      auto [it, fresh] = owner.emplace(s.index, name);
      if (!fresh) {
        throw ReportError("cannot merge " + name + " with " + it->second + ": both hold shard " + text +
                          " (overlapping shards)");
      }
    }
    merged.cut_points.insert(merged.cut_points.end(), r.cut_points.begin(), r.cut_points.end());
  }
  // Stops after a few missing shards: N comes from a file and may be huge.
  std::vector<std::string> missing;
  for (uint64_t i = 1; i <= count && missing.size() < 16; ++i) {
    if (!owner.count(i)) missing.push_back(Shard{i, count}.to_string());
  }
  for (const auto& [index, file] : owner) merged.shards.push_back(Shard{index, count}.to_string());
  if (!missing.empty()) {
    const size_t absent = count - owner.size();
    std::string tail = absent > missing.size() ? " (" + std::to_string(absent) + " in all)" : "";
    throw ReportError("cannot merge: " + shard_phrase(missing) + " missing" + tail + " of the " +
                      std::to_string(count) + " shards of " + first.flow + " / " + first.sweep);
  }
  std::sort(merged.cut_points.begin(), merged.cut_points.end(),
            [](const CutPointResult& a, const CutPointResult& b) { return a.index < b.index; });
  return merged;
}

}  // namespace kb::tools::campaign
