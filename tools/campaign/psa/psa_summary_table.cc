#include <algorithm>
#include <cstdint>
#include <map>

#include "tools/campaign/psa/psa_report.h"

namespace kb::tools::campaign::psa {

namespace {

constexpr size_t kQuietRowLimit = 40;

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string verdicts(const PsaCutPoint& c) {
  std::string s;
  for (const auto& [name, ok] : c.oracles) {
    if (!ok) s += (s.empty() ? "" : ",") + name;
  }
  return s.empty() ? "all pass" : "FAIL " + s;
}

// The cuts during the boot after the cut, with what each step of that boot wrote: a step that wrote
// nothing in some states had nothing cut there, and the table says so.
std::string boot_cuts_lines(const PsaCampaignReport& r) {
  uint64_t init = 0, keys = 0, other = 0, failures = 0, init_min = UINT64_MAX, init_max = 0;
  for (const auto& c : r.cut_points) {
    if (c.outcome == "not_reached" || c.boot_cuts.swept_at != c.index) continue;
    const BootCuts& b = c.boot_cuts;
    const uint64_t i = b.writes_in(kStepInit);
    init += i;
    keys += b.writes_in(kStepKeyChecks);
    other += b.writes - i - b.writes_in(kStepKeyChecks);
    init_min = std::min(init_min, i);
    init_max = std::max(init_max, i);
    failures += b.failed.size();
  }
  const uint64_t states = r.boot_sweeps();
  std::string out = "  cuts during the boot after the cut: the " + std::to_string(states) +
                    " states the cut points leave were each cut before every write of the boot with kb_psa_recover() "
                    "after the recovery (" +
                    std::to_string(r.boot_cut_points()) + " cuts: " + std::to_string(init) + " of psa_crypto_init, " +
                    std::to_string(keys) + " of the key checks";
  if (other > 0) out += ", " + std::to_string(other) + " of other steps";
  out += "), then booted with it: " + std::to_string(failures) + " failed\n";
  if (states == 0) return out;
  const uint64_t silent = r.boot_sweeps_without_init_writes();
  if (silent > 0) {
    out += "  psa_crypto_init wrote nothing in " + std::to_string(silent) + " of the " + std::to_string(states) +
           " states: nothing of it was cut there\n";
  } else {
    out += "  psa_crypto_init wrote in each of the " + std::to_string(states) + " states (" + std::to_string(init_min) +
           (init_min == init_max ? "" : " to " + std::to_string(init_max)) + " writes each)\n";
  }
  return out;
}

}  // namespace

std::string psa_summary_table(const PsaCampaignReport& r, bool all_rows) {
  std::map<std::string, size_t> outcomes;
  std::map<std::string, std::pair<size_t, size_t>> oracles;  // passed, failed
  std::map<std::string, size_t> stock;                       // what the stock boot found -> cut points
  std::map<std::string, size_t> recovery;                    // what kb_psa_recover did -> cut points
  for (const auto& c : r.cut_points) {
    ++outcomes[c.outcome];
    for (const auto& [name, ok] : c.oracles) (ok ? oracles[name].first : oracles[name].second)++;
    if (c.outcome == "not_reached") continue;
    ++stock[c.stock_boot.summary()];
    ++recovery[c.recovered_boot.recovery + "; " + c.recovered_boot.summary()];
  }
  std::string out = "campaign " + r.flow + " (PSA core, " + r.secure_element + ") / " + r.sweep + " / " + r.mode +
                    " / seed " + std::to_string(r.seed) + ": " + std::to_string(r.cut_points.size()) + " of " +
                    std::to_string(r.total_cut_points) +
                    " cut points (every MCU flash ITS write and secure-element NVM write)\n";
  out += "\n  outcome        cut points\n  -------------  ----------\n";
  for (const auto& [name, n] : outcomes) out += "  " + pad(name, 13) + "  " + std::to_string(n) + "\n";
  out += "\n  oracle                     pass   fail\n  -------------------------  -----  -----\n";
  for (const auto& [name, counts] : oracles) {
    out += "  " + pad(name, 25) + "  " + pad(std::to_string(counts.first), 5) + "  " + std::to_string(counts.second) +
           "\n";
  }
  out += "\n  stock Mbed TLS boot after the cut (reported, not a verdict)          cut points\n";
  out += "  ------------------------------------------------------------------  ----------\n";
  for (const auto& [what, n] : stock) out += "  " + pad(what, 66) + "  " + std::to_string(n) + "\n";
  out += "\n  boot with kb_psa_recover() before psa_crypto_init                   cut points\n";
  out += "  ------------------------------------------------------------------  ----------\n";
  for (const auto& [what, n] : recovery) out += "  " + pad(what, 66) + "  " + std::to_string(n) + "\n";
  size_t with_record = 0, recovery_failures = 0;
  for (const auto& c : r.cut_points) {
    if (c.recovery_cuts.writes > 0) ++with_record;
    if (c.recovery_cuts.swept_at == c.index) recovery_failures += c.recovery_cuts.failed.size();
  }
  out += "\n  cuts during kb_psa_recover(): " + std::to_string(with_record) +
         " cut points left a transaction record; the " + std::to_string(r.recovery_sweeps()) +
         " states they leave were each cut before every write of the recovery (";
  uint64_t swept = 0;
  for (const auto& c : r.cut_points) {
    if (c.recovery_cuts.writes > 0 && c.recovery_cuts.swept_at == c.index) swept += c.recovery_cuts.writes;
  }
  out += std::to_string(swept) + " cuts), then booted with it: " + std::to_string(recovery_failures) + " failed\n";
  out += boot_cuts_lines(r);

  size_t rows = 0;
  size_t hidden = 0;
  std::string table;
  for (const auto& c : r.cut_points) {
    if (!all_rows && c.passed() && c.stock_boot.passed) continue;
    if (!all_rows && rows == kQuietRowLimit) {
      ++hidden;
      continue;
    }
    ++rows;
    table += "  " + pad(std::to_string(c.index), 6) + " " + pad(c.memory, 10) + " " + pad(c.outcome, 11) + " " +
             pad(verdicts(c), 22) + " " + c.where + "\n";
    table += std::string(9, ' ') + "step: " + c.step + "; record: " + c.transaction_record + "\n";
    table += std::string(9, ' ') + "stock: " + c.stock_boot.summary() + "\n";
    table += std::string(9, ' ') + "recovered: " + c.recovered_boot.recovery + "; " + c.recovered_boot.summary() + "\n";
    for (const auto& f : c.recovery_cuts.failed) {
      table += std::string(9, ' ') + "cut during the recovery before write " + std::to_string(f.write) + " (" +
               f.where + "): " + f.boot + "\n";
    }
    for (const auto& f : c.boot_cuts.failed) {
      table += std::string(9, ' ') + "cut during the boot before write " + std::to_string(f.write) + " (" + f.where +
               "): " + f.boot + "\n";
    }
  }
  if (!table.empty()) {
    out += "\n  index  memory     outcome     oracles                where\n";
    out += "  -----  ---------  ----------  ---------------------  -----\n" + table;
  }
  if (hidden > 0) out += "  ... and " + std::to_string(hidden) + " more (see the report)\n";
  if (r.cut_points.empty()) {
    // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict for "\n" + std::string(...).
    out += "\nNOTHING CHECKED: the clean run of ";
    out += r.flow;
    out += " has no NVM writes to cut\n";
  } else {
    out += r.passed() ? "\nPASS: " : "\nFAIL: ";
    out += std::to_string(r.failed_count());
    out += " cut point(s) failed an oracle; the stock boot failed at ";
    out += std::to_string(r.stock_failures());
    out += " (reported, not a verdict)\n";
  }
  return out;
}

}  // namespace kb::tools::campaign::psa
