#include "tools/campaign/summary_table.h"

#include <unistd.h>

#include <cstdint>
#include <map>

namespace kb::tools::campaign {

namespace {

constexpr size_t kBarWidth = 40;
constexpr size_t kQuietRowLimit = 40;

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string verdicts(const CutPointResult& c) {
  std::string s;
  for (const auto& [name, ok] : c.oracles) {
    if (!ok) s += (s.empty() ? "" : ",") + name;
  }
  return s.empty() ? "all pass" : "FAIL " + s;
}

}  // namespace

ProgressBar::ProgressBar(std::FILE* out, std::string label)
    : out_(out), label_(std::move(label)), enabled_(isatty(fileno(out)) != 0) {}

void ProgressBar::update(size_t done, size_t total) {
  if (!enabled_ || total == 0) return;
  const size_t filled = done * kBarWidth / total;
  if (filled == last_width_ && done != total) return;
  last_width_ = filled;
  std::fprintf(out_, "\r%s [%s%s] %zu/%zu", label_.c_str(), std::string(filled, '#').c_str(),
               std::string(kBarWidth - filled, '.').c_str(), done, total);
  std::fflush(out_);
}

void ProgressBar::finish() {
  if (enabled_) std::fprintf(out_, "\n");
}

std::string nothing_checked(const CampaignReport& r) {
  if (r.total_cut_points == 0) {
    return "the clean run of " + r.flow + " has no " + (r.sweep == "power-cut" ? "NVM writes" : "host transactions") +
           " to cut";
  }
  return (r.shards.size() == 1 ? "shard " + r.shard_list() + " holds" : "shards " + r.shard_list() + " hold") +
         " none of the " + std::to_string(r.total_cut_points) + " cut point(s)";
}

std::string summary_table(const CampaignReport& r, bool all_rows) {
  std::map<std::string, size_t> outcomes;
  std::map<std::string, std::pair<size_t, size_t>> oracles;  // passed, failed
  for (const auto& c : r.cut_points) {
    ++outcomes[c.outcome];
    for (const auto& [name, ok] : c.oracles) (ok ? oracles[name].first : oracles[name].second)++;
  }
  std::string out;
  out += "campaign " + r.flow + " / " + r.mode + " / " + r.sweep + " / seed " + std::to_string(r.seed) + ": " +
         std::to_string(r.cut_points.size()) + " of " + std::to_string(r.total_cut_points) + " cut points";
  if (!r.shards.empty() && !(r.shards.size() == 1 && r.shards[0] == "1/1")) out += " (shards " + r.shard_list() + ")";
  out += "\n\n  outcome        cut points\n  -------------  ----------\n";
  for (const auto& [name, n] : outcomes) out += "  " + pad(name, 13) + "  " + std::to_string(n) + "\n";
  out += "\n  oracle                     pass   fail\n  -------------------------  -----  -----\n";
  for (const auto& [name, counts] : oracles) {
    out += "  " + pad(name, 25) + "  " + pad(std::to_string(counts.first), 5) + "  " + std::to_string(counts.second) +
           "\n";
  }
  size_t rows = 0;
  size_t hidden = 0;
  std::string table;
  for (const auto& c : r.cut_points) {
    if (!all_rows && c.passed() && c.outcome == "converged") continue;
    if (!all_rows && rows == kQuietRowLimit) {
      ++hidden;
      continue;
    }
    ++rows;
    std::string row = "  " + pad(std::to_string(c.index), 6) + " " + pad(c.kind, 9) + " " + pad(c.outcome, 11) + " " +
                      pad(c.interrupted, 11) + " " + pad(verdicts(c), 30) + " " + c.where;
    if (c.refusal) row += "\n" + std::string(50, ' ') + "refusal " + c.refusal->name + ": " + c.refusal->explanation;
    table += row + "\n";
  }
  if (!table.empty()) {
    out += "\n  index  kind      outcome     interrupted oracles                        where\n";
    out += "  -----  --------  ----------  ----------- -----------------------------  -----\n" + table;
  }
  if (hidden > 0) out += "  ... and " + std::to_string(hidden) + " more (see the report)\n";
  if (r.cut_points.empty()) {
    out += "\nNOTHING CHECKED: ";
    out += nothing_checked(r);
    out += "\n";
  } else {
    // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict for "\n" + std::string(...).
    out += r.passed() ? "\nPASS: " : "\nFAIL: ";
    out += std::to_string(r.failed_count());
    out += " cut point(s) failed an oracle\n";
  }
  return out;
}

}  // namespace kb::tools::campaign
