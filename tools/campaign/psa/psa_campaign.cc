#include "tools/campaign/psa/psa_campaign.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>

#include "core/psa/psa_platform.h"
#include "firmware/factory_provisioning/factory_provisioning.h"
#include "firmware/psa_application_boot/psa_application_boot.h"
#include "simulator/bench/bench.h"
#include "tools/campaign/build_info.h"
#include "tools/campaign/psa/psa_applications.h"
#include "tools/campaign/transcript.h"

namespace kb::tools::campaign::psa {

namespace {

std::string result_text(core::Status s) {
  if (s.ok()) return "ok";
  char buf[128];
  return std::string("failed: ") + s.describe(buf, sizeof buf);
}

std::string psa_text(psa_status_t s) {
  return core::psa::psa_status_name(s);
}

std::string key_text(const fw::PsaKeyCheck& k) {
  if (!k.exists) return "absent";
  if (k.verified) return "signs and verifies";
  return std::string(k.failed_call) + " failed: " + psa_text(k.status);
}

// What a boot did and left: its verdicts, and the slots no key file names that hold what the cut
// wrote (orphans) or that the driver data keeps marked used (leaked).
BootReport boot_report(const fw::PsaApplicationBoot& b, const KeyStoreView& store,
                       const std::vector<std::vector<uint8_t>>& now, const std::vector<std::vector<uint8_t>>& start,
                       const std::vector<std::vector<uint8_t>>& cut) {
  BootReport r;
  if (b.recover_ran) {
    if (b.recover_status != PSA_SUCCESS) {
      r.recovery = "failed: " + psa_text(b.recover_status);
    } else if (b.recovery.action == KB_PSA_RECOVERY_NONE) {
      r.recovery = "nothing to recover";
    } else {
      TransactionRecord t{static_cast<uint16_t>(b.recovery.action == KB_PSA_RECOVERY_CREATE_ROLLED_BACK ? 1 : 2), 0,
                          b.recovery.slot, b.recovery.key_id};
      r.recovery = t.describe() + (t.type == 1 ? " rolled back" : " finished") +
                   (b.recovery.key_file_removed ? " (key file removed)" : " (no key file to remove)");
    }
  }
  if (b.init_ran) r.init = psa_text(b.init_status);
  if (b.init_ran && b.init_status == PSA_SUCCESS) {
    for (const auto& k : b.keys) r.keys[std::to_string(k.id)] = key_text(k);
  }
  r.passed = b.passed();

  const std::vector<uint64_t> named = store.named_slots();
  auto is_named = [&](uint64_t slot) { return std::find(named.begin(), named.end(), slot) != named.end(); };
  for (size_t slot = 0; slot < now.size() && slot < start.size() && slot < cut.size(); ++slot) {
    const bool written_by_cut = cut[slot] != start[slot];
    if (written_by_cut && now[slot] == cut[slot] && !is_named(slot)) r.orphan_slots.push_back(slot);
    // Without saved driver data the driver starts with every slot free.
    const bool marked = store.driver_used_slots && ((*store.driver_used_slots >> slot) & 1u) != 0;
    if (marked && !is_named(slot)) r.leaked_slots.push_back(slot);
    if (!marked && is_named(slot)) r.unmarked_slots.push_back(slot);
  }
  return r;
}

bool destroys(PsaMode mode) {
  return mode == PsaMode::kDestroyKey || mode == PsaMode::kDestroyFactoryKey;
}

std::vector<std::string> oracle_names(PsaMode mode) {
  std::vector<std::string> names = {kOracleRerunConverges,   kOracleRecoveredBoot,  kOracleRecoverySurvivesCuts,
                                    kOracleBootSurvivesCuts, kOracleNoFalseSuccess, kOracleNoSuccessAfterFailure};
  if (destroys(mode)) names.push_back(kOracleDestroyWhole);
  if (mode == PsaMode::kDestroyFactoryKey) names.push_back(kOracleFactoryKeyKept);
  return names;
}

// The key a destroy mode destroys: its id, slot, and its index in PsaApplicationBoot::keys.
struct DestroyedKey {
  psa_key_id_t id;
  size_t slot;
  size_t index;
  bool chip_key_replaced;  // the driver wipes the slot (key 18); the factory key stays on the chip
};
DestroyedKey destroyed_key(PsaMode mode) {
  if (mode == PsaMode::kDestroyFactoryKey) {
    return {static_cast<psa_key_id_t>(fw::kFactoryKeyId), fw::kFactoryKeySlot, 0, false};
  }
  return {static_cast<psa_key_id_t>(fw::kGeneratedKeyId), fw::kGeneratedKeySlot, 1, true};
}

// The destroyed key after a boot with kb_psa_recover(): whole as the factory left it, or destroyed
// (no key file, the slot free, the chip's key replaced for key 18 and untouched for the factory
// key); destroyed when the cut left a DESTROY_KEY record.
bool destroy_whole(const DestroyedKey& d, const fw::PsaApplicationBoot& boot, const KeyStoreView& store,
                   const std::vector<std::vector<uint8_t>>& now, const std::vector<std::vector<uint8_t>>& start,
                   bool destroy_record) {
  if (!boot.init_ran || boot.init_status != PSA_SUCCESS) return false;
  if (d.slot >= now.size() || d.slot >= start.size()) return false;
  const fw::PsaKeyCheck& key = boot.keys[d.index];
  const bool file = store.key_files.count(static_cast<uint32_t>(d.id)) > 0;
  const bool marked = store.driver_used_slots && ((*store.driver_used_slots >> d.slot) & 1u) != 0;
  const bool same_key = now[d.slot] == start[d.slot];
  const bool whole = key.exists && key.verified && file && marked && same_key;
  const bool gone = !key.exists && !file && !marked && same_key != d.chip_key_replaced;
  return destroy_record ? gone : whole || gone;
}

// The keys a boot after a clean run of the mode must find: both signing after the factory flow;
// the destroyed one absent and the other signing after a destruction.
bool clean_keys_right(PsaMode mode, const fw::PsaApplicationBoot& boot) {
  if (!destroys(mode)) return boot.keys[0].verified && boot.keys[1].verified;
  const size_t gone = destroyed_key(mode).index;
  return !boot.keys[gone].exists && boot.keys[1 - gone].verified;
}

// A cut before write j of app from the state a bench factory makes, then a power cycle and a boot
// with kb_psa_recover(): "" when that boot passes, is consistent and leaves `expected` (the key
// store the uncut run and boot left), else what went wrong.
template <typename Factory>
std::string cut_again_then_recover(const Factory& from_state, uint64_t seed, Chip chip, uint64_t j,
                                   const Application& app, const KeyStoreView& expected,
                                   const std::vector<std::vector<uint8_t>>& start,
                                   const std::vector<std::vector<uint8_t>>& cut, std::string* where) {
  auto copy = from_state();
  const CutRun again = run_with_cut(*copy, seed, j, app);
  *where = again.where;
  copy->power_cycle();
  const fw::PsaApplicationBoot boot = boot_on(*copy, chip, true, seed);
  const KeyStoreView store = read_key_store(mcu_flash(*copy).nvm(), chip);
  const BootReport report = boot_report(boot, store, key_slots(*copy, chip), start, cut);
  if (!again.fired) return "the cut was not reached";
  if (!report.passed || !report.consistent()) return report.recovery + "; " + report.summary();
  if (store.entries != expected.entries) return "boots, but leaves another key store than the uncut run";
  return "";
}

// What identifies the state a cut left for the second-cut sweeps, with the writes an uncut run
// makes from it (a torn ITS write changes nothing the next run sees, core/its/flash_its.h).
std::string state_key(const KeyStoreView& store, sim::Bench& bench, Chip chip, const CutRun& uncut) {
  const nlohmann::json state = {{"store", store.entries},
                                {"driver", store.driver_entries},
                                {"chip", chip_device(bench, chip).save_state()},
                                {"writes", uncut.trace}};
  return state.dump();
}

}  // namespace

std::string_view psa_mode_name(PsaMode mode) {
  switch (mode) {
    case PsaMode::kDestroyKey: return "destroy-key";
    case PsaMode::kDestroyFactoryKey: return "destroy-factory-key";
    case PsaMode::kReference: break;
  }
  return "reference";
}

std::optional<PsaMode> parse_psa_mode(std::string_view name) {
  for (PsaMode m : {PsaMode::kReference, PsaMode::kDestroyKey, PsaMode::kDestroyFactoryKey}) {
    if (name == psa_mode_name(m)) return m;
  }
  return std::nullopt;
}

std::unique_ptr<sim::Bench> PsaCampaign::start_bench() const {
  auto bench = spec_.bench.make();
  if (!start_state_.is_null()) bench->load_state(start_state_, "the bench after a clean factory run");
  return bench;
}

Application PsaCampaign::swept_application(bool recover) const {
  if (!destroys(spec_.mode)) return factory_application(spec_.chip);
  return destruction_application(spec_.chip, recover, destroyed_key(spec_.mode).id);
}

PsaCampaign::PsaCampaign(PsaCampaignSpec spec) : spec_(std::move(spec)) {
  const Chip chip = spec_.chip;
  const bool destroying = destroys(spec_.mode);
  const std::string key_name = std::to_string(destroying ? destroyed_key(spec_.mode).id : 0);
  const std::string what =
      destroying ? "the destruction of key " + key_name + " after '" + spec_.flow + "'" : "flow '" + spec_.flow + "'";
  auto bench = spec_.bench.make();
  chip_device(*bench, chip);
  mcu_flash(*bench);
  if (destroying) {
    const CutRun factory = run_with_cut(*bench, spec_.seed, std::nullopt, factory_application(chip));
    if (!factory.host.ok()) {
      throw std::runtime_error("flow '" + spec_.flow + "' fails on a clean run (" + result_text(factory.host) +
                               "): no key to destroy");
    }
    bench->power_cycle();
    start_state_ = bench->save_state();
    auto copy = start_bench();
    const fw::PsaApplicationBoot before = boot_on(*copy, chip, false, spec_.seed);
    start_public_keys_ = {before.keys[0].public_key, before.keys[1].public_key};
  }
  start_slots_ = key_slots(*bench, chip);
  const uint64_t start_ns = bench->scheduler().now();
  const CutRun clean = run_with_cut(*bench, spec_.seed, std::nullopt, swept_application(false));
  writes_ = clean.writes;
  simulated_ns_ = bench->scheduler().now() - start_ns;
  if (!clean.host.ok()) {
    throw std::runtime_error(what + " fails on a clean run (" + result_text(clean.host) + "): nothing to sweep");
  }
  if (auto broken = success_after_failure(clean.console, clean.host.ok())) {
    throw std::runtime_error(what + " reports a failed step on a clean run and goes on (" + *broken +
                             "): nothing to sweep");
  }
  bench->power_cycle();
  end_store_ = read_key_store(mcu_flash(*bench).nvm(), chip);
  end_se_ = chip_projection(*bench, chip);
  const nlohmann::json end_state = bench->save_state();
  const fw::PsaApplicationBoot boot = boot_on(*bench, chip, false, spec_.seed);
  if (!boot.passed() || !clean_keys_right(spec_.mode, boot)) {
    throw std::runtime_error(
        "an application boot after a clean run of " + what + " does not find " +
        (destroying ? "key " + key_name + " gone and the other key signing" : std::string("both keys signing")) +
        ": nothing to sweep");
  }
  if (spec_.mode == PsaMode::kDestroyFactoryKey) {
    auto copy = spec_.bench.make();
    copy->load_state(end_state, "the bench after a clean destruction");
    if (!factory_key_registers_again(*copy)) {
      throw std::runtime_error("after a clean run of " + what +
                               " the factory key cannot be registered again from slot 0 with its public key: "
                               "nothing to sweep");
    }
  }
}

bool PsaCampaign::factory_key_registers_again(sim::Bench& bench) const {
  const fw::PsaApplicationBoot again = boot_on(bench, spec_.chip, true, spec_.seed, true);
  return again.passed() && again.keys[0].verified && again.keys[0].public_key == start_public_keys_[0];
}

PsaCutPoint PsaCampaign::run_cut_point(uint64_t index) const {
  const Chip chip = spec_.chip;
  const bool destroying = destroys(spec_.mode);
  PsaCutPoint r;
  r.index = index;
  auto bench = start_bench();
  const CutRun cut = run_with_cut(*bench, spec_.seed, index, swept_application(false));
  r.host_result = result_text(cut.host);
  r.step = cut.step;
  if (!cut.fired) {
    r.outcome = "not_reached";
    r.memory = "none";
    r.write = "none";
    r.where = "beyond the clean run";
    for (const auto& name : oracle_names(spec_.mode)) r.oracles[name] = false;
    return r;
  }
  r.memory = cut.memory;
  r.write = cut.write;
  r.where = cut.where;

  bench->power_cycle();
  const nlohmann::json cut_state = bench->save_state();
  const std::vector<std::vector<uint8_t>> cut_slots = key_slots(*bench, chip);
  const KeyStoreView cut_store = read_key_store(mcu_flash(*bench).nvm(), chip);
  if (cut_store.record) r.transaction_record = cut_store.record->describe();
  if (cut_store.record_unreadable) r.transaction_record = "unreadable";
  const std::string state_name = "the state of cut point " + std::to_string(index);
  auto from_cut = [&] {
    auto copy = spec_.bench.make();
    copy->load_state(cut_state, state_name);
    return copy;
  };

  // Each boot starts from the state the cut left, on a bench of its own.
  {
    auto copy = from_cut();
    const fw::PsaApplicationBoot boot = boot_on(*copy, chip, false, spec_.seed);
    r.stock_boot = boot_report(boot, read_key_store(mcu_flash(*copy).nvm(), chip), key_slots(*copy, chip), start_slots_,
                               cut_slots);
  }
  // The recovered boot runs as the boot the next sweep cuts, so its writes are counted by step.
  auto recovered_bench = from_cut();
  fw::PsaApplicationBoot recovered;
  const CutRun recovered_run =
      run_with_cut(*recovered_bench, spec_.seed, std::nullopt, boot_application(chip, /*recover=*/true, &recovered));
  recovered_bench->power_cycle();
  const KeyStoreView recovered_store = read_key_store(mcu_flash(*recovered_bench).nvm(), chip);
  const std::vector<std::vector<uint8_t>> recovered_slots = key_slots(*recovered_bench, chip);
  r.recovered_boot = boot_report(recovered, recovered_store, recovered_slots, start_slots_, cut_slots);

  // The power cut again before each write of kb_psa_recover() itself: the next boot must recover
  // as the uncut recovery did. Swept once per state the cut points leave (RecoveryCuts).
  if (cut_store.record || cut_store.record_unreadable) {
    const CutRun uncut = [&] {
      auto copy = from_cut();
      return run_with_cut(*copy, spec_.seed, std::nullopt, recovery_application(chip));
    }();
    const std::string key = state_key(cut_store, *bench, chip, uncut);
    auto known = recovery_sweeps_.find(key);
    if (known == recovery_sweeps_.end()) {
      RecoveryCuts sweep;
      sweep.writes = uncut.writes;
      sweep.swept_at = index;
      for (uint64_t j = 0; j < sweep.writes; ++j) {
        std::string where;
        const std::string problem = cut_again_then_recover(from_cut, spec_.seed, chip, j, recovery_application(chip),
                                                           recovered_store, start_slots_, cut_slots, &where);
        if (problem.empty()) {
          ++sweep.passed;
        } else {
          sweep.failed.push_back({j, where, problem});
        }
      }
      known = recovery_sweeps_.emplace(key, std::move(sweep)).first;
    }
    r.recovery_cuts = known->second;
  }

  // The power cut again during the boot after the cut, before each write it makes once
  // kb_psa_recover() is done (psa_crypto_init's, the key checks'): the next boot with the
  // recovery must pass and leave the key store the uncut boot left. Swept once per state.
  {
    const std::string key = state_key(cut_store, *bench, chip, recovered_run);
    auto known = boot_sweeps_.find(key);
    if (known == boot_sweeps_.end()) {
      BootCuts sweep;
      sweep.swept_at = index;
      for (const std::string& step : recovered_run.steps) ++sweep.writes_by_step[step];
      for (uint64_t j = 0; j < recovered_run.writes; ++j) {
        if (recovered_run.steps[j] == kStepRecovery) continue;
        ++sweep.writes;
        std::string where;
        const std::string problem = cut_again_then_recover(from_cut, spec_.seed, chip, j, boot_application(chip, true),
                                                           recovered_store, start_slots_, cut_slots, &where);
        if (problem.empty()) {
          ++sweep.passed;
        } else {
          sweep.failed.push_back({j, where + " (" + recovered_run.steps[j] + ")", problem});
        }
      }
      known = boot_sweeps_.emplace(key, std::move(sweep)).first;
    }
    r.boot_cuts = known->second;
  }

  const CutRun rerun = run_with_cut(*bench, spec_.seed, std::nullopt, swept_application(true));
  r.rerun_result = result_text(rerun.host);
  bench->power_cycle();
  const KeyStoreView after = read_key_store(mcu_flash(*bench).nvm(), chip);
  const nlohmann::json after_se = chip_projection(*bench, chip);
  const fw::PsaApplicationBoot after_boot = boot_on(*bench, chip, false, spec_.seed);
  const bool converges = rerun.host.ok() && after.entries == end_store_.entries && after_se == end_se_ &&
                         after_boot.passed() && clean_keys_right(spec_.mode, after_boot);

  std::optional<std::string> broken = success_after_failure(cut.console, cut.host.ok());
  if (!broken) broken = success_after_failure(rerun.console, rerun.host.ok());
  r.oracles = {{kOracleRerunConverges, converges},
               {kOracleRecoveredBoot, r.recovered_boot.passed && r.recovered_boot.consistent()},
               {kOracleRecoverySurvivesCuts, r.recovery_cuts.failed.empty()},
               {kOracleBootSurvivesCuts, r.boot_cuts.failed.empty()},
               {kOracleNoFalseSuccess, !cut.host.ok()},
               {kOracleNoSuccessAfterFailure, !broken.has_value()}};
  if (destroying) {
    const DestroyedKey d = destroyed_key(spec_.mode);
    const bool destroy_record = cut_store.record && cut_store.record->type == 2;
    r.oracles[kOracleDestroyWhole] =
        destroy_whole(d, recovered, recovered_store, recovered_slots, start_slots_, destroy_record);
  }
  if (spec_.mode == PsaMode::kDestroyFactoryKey) {
    const size_t slot = fw::kFactoryKeySlot;
    const bool chip_kept = slot < cut_slots.size() && slot < recovered_slots.size() && slot < start_slots_.size() &&
                           cut_slots[slot] == start_slots_[slot] && recovered_slots[slot] == start_slots_[slot];
    r.oracles[kOracleFactoryKeyKept] = chip_kept && factory_key_registers_again(*recovered_bench);
  }
  r.outcome = converges ? "converged" : "diverged";
  return r;
}

PsaCampaignReport PsaCampaign::run(const std::function<void(size_t, size_t)>& progress) const {
  PsaCampaignReport report;
  report.build = build_info();
  report.flow = spec_.flow;
  report.mode = std::string(psa_mode_name(spec_.mode));
  report.secure_element = std::string(chip_name(spec_.chip));
  report.seed = spec_.seed;
  report.fixture = spec_.fixture;
  report.bench_sha256 = spec_.bench.content_sha256();
  report.total_cut_points = writes_;
  for (uint64_t i = 0; i < writes_; ++i) {
    report.cut_points.push_back(run_cut_point(i));
    if (progress) progress(i + 1, writes_);
  }
  return report;
}

}  // namespace kb::tools::campaign::psa
