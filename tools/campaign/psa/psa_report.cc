#include "tools/campaign/psa/psa_report.h"

#include <algorithm>

#include "simulator/files/atomic_file.h"

namespace kb::tools::campaign::psa {

namespace {

std::string slot_list(const std::vector<uint64_t>& slots) {
  std::string s;
  for (uint64_t slot : slots) s += (s.empty() ? "" : ", ") + std::to_string(slot);
  return s;
}

nlohmann::json boot_json(const BootReport& b) {
  return {{"recovery", b.recovery},
          {"init", b.init},
          {"keys", b.keys},
          {"orphan_slots", b.orphan_slots},
          {"leaked_slots", b.leaked_slots},
          {"unmarked_slots", b.unmarked_slots},
          {"passed", b.passed}};
}

nlohmann::json failures_json(const std::vector<SecondCutFailure>& failures) {
  nlohmann::json failed = nlohmann::json::array();
  for (const auto& f : failures) failed.push_back({{"write", f.write}, {"where", f.where}, {"boot", f.boot}});
  return failed;
}

nlohmann::json recovery_cuts_json(const RecoveryCuts& r) {
  return {{"writes", r.writes}, {"passed", r.passed}, {"swept_at", r.swept_at}, {"failed", failures_json(r.failed)}};
}

nlohmann::json boot_cuts_json(const BootCuts& b) {
  return {{"writes", b.writes},
          {"writes_by_step", b.writes_by_step},
          {"passed", b.passed},
          {"swept_at", b.swept_at},
          {"failed", failures_json(b.failed)}};
}

nlohmann::json cut_point_json(const PsaCutPoint& c) {
  return {{"index", c.index},
          {"memory", c.memory},
          {"write", c.write},
          {"where", c.where},
          {"step", c.step},
          {"outcome", c.outcome},
          {"host_result", c.host_result},
          {"transaction_record", c.transaction_record},
          {"stock_boot", boot_json(c.stock_boot)},
          {"recovered_boot", boot_json(c.recovered_boot)},
          {"rerun_result", c.rerun_result},
          {"recovery_cuts", recovery_cuts_json(c.recovery_cuts)},
          {"boot_cuts", boot_cuts_json(c.boot_cuts)},
          {"oracles", c.oracles}};
}

}  // namespace

std::string BootReport::summary() const {
  std::string s;
  auto add = [&](const std::string& part) {
    if (!s.empty()) s += "; ";
    s += part;
  };
  if (recovery.rfind("failed", 0) == 0) add("kb_psa_recover " + recovery);
  if (init != "PSA_SUCCESS" && init != "not run") add("psa_crypto_init " + init);
  if (init == "not run" && recovery.rfind("failed", 0) != 0) add("psa_crypto_init not run");
  for (const auto& [id, what] : keys) {
    if (what != "signs and verifies" && what != "absent") add("key " + id + ": " + what);
  }
  if (!orphan_slots.empty()) add("orphan key in slot " + slot_list(orphan_slots));
  if (!leaked_slots.empty()) add("slot " + slot_list(leaked_slots) + " marked used by no key");
  if (!unmarked_slots.empty()) add("slot " + slot_list(unmarked_slots) + " of a key marked free");
  return s.empty() ? "boots" : s;
}

bool PsaCutPoint::passed() const {
  if (oracles.empty()) return false;
  return std::all_of(oracles.begin(), oracles.end(), [](const auto& o) { return o.second; });
}

bool PsaCampaignReport::passed() const {
  return !cut_points.empty() && failed_count() == 0;
}

size_t PsaCampaignReport::failed_count() const {
  return static_cast<size_t>(
      std::count_if(cut_points.begin(), cut_points.end(), [](const PsaCutPoint& c) { return !c.passed(); }));
}

size_t PsaCampaignReport::stock_failures() const {
  return static_cast<size_t>(std::count_if(cut_points.begin(), cut_points.end(), [](const PsaCutPoint& c) {
    return c.outcome != "not_reached" && !c.stock_boot.passed;
  }));
}

uint64_t PsaCampaignReport::recovery_cut_points() const {
  uint64_t n = 0;
  for (const auto& c : cut_points) n += c.recovery_cuts.writes;
  return n;
}

uint64_t PsaCampaignReport::recovery_sweeps() const {
  return static_cast<uint64_t>(std::count_if(cut_points.begin(), cut_points.end(), [](const PsaCutPoint& c) {
    return c.recovery_cuts.writes > 0 && c.recovery_cuts.swept_at == c.index;
  }));
}

uint64_t BootCuts::writes_in(const std::string& step) const {
  auto it = writes_by_step.find(step);
  return it == writes_by_step.end() ? 0 : it->second;
}

namespace {

// A cut point that swept its own state (not one an earlier cut point left).
bool boot_swept_here(const PsaCutPoint& c) {
  return c.outcome != "not_reached" && c.boot_cuts.swept_at == c.index;
}

}  // namespace

uint64_t PsaCampaignReport::boot_sweeps() const {
  return static_cast<uint64_t>(std::count_if(cut_points.begin(), cut_points.end(), boot_swept_here));
}

uint64_t PsaCampaignReport::boot_cut_points() const {
  uint64_t n = 0;
  for (const auto& c : cut_points) {
    if (boot_swept_here(c)) n += c.boot_cuts.writes;
  }
  return n;
}

uint64_t PsaCampaignReport::boot_sweeps_without_init_writes() const {
  return static_cast<uint64_t>(std::count_if(cut_points.begin(), cut_points.end(), [](const PsaCutPoint& c) {
    return boot_swept_here(c) && c.boot_cuts.writes_in(kStepInit) == 0;
  }));
}

nlohmann::json to_json(const PsaCampaignReport& r) {
  nlohmann::json points = nlohmann::json::array();
  for (const auto& c : r.cut_points) points.push_back(cut_point_json(c));
  return {{"format", kPsaReportFormat},
          {"build", {{"version", r.build.version}, {"commit", r.build.commit}, {"dirty", r.build.dirty}}},
          {"flow", r.flow},
          {"sweep", r.sweep},
          {"mode", r.mode},
          {"secure_element", r.secure_element},
          {"seed", r.seed},
          {"fixture", r.fixture},
          {"bench_sha256", r.bench_sha256},
          {"total_cut_points", r.total_cut_points},
          {"cut_points", points}};
}

void write_psa_report(const PsaCampaignReport& report, const std::string& path) {
  const std::string bytes = to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  sim::files::write_file_atomically(path, bytes, sim::files::Privacy::kShared);
}

}  // namespace kb::tools::campaign::psa
