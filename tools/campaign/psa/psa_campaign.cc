#include "tools/campaign/psa/psa_campaign.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>

#include "core/its/flash_its.h"
#include "core/psa/psa_platform.h"
#include "firmware/factory_provisioning/factory_provisioning.h"
#include "firmware/psa_application_boot/psa_application_boot.h"
#include "firmware/psa_key_destruction/psa_key_destruction.h"
#include "hal/sim/sim_flash_region.h"
#include "simulator/bench/bench.h"
#include "simulator/mcu/mcu_flash.h"
#include "tools/campaign/build_info.h"
#include "tools/campaign/psa/traced_its.h"
#include "tools/campaign/transcript.h"

namespace kb::tools::campaign::psa {

namespace {

std::string result_text(core::Status s) {
  if (s.ok()) return "ok";
  char buf[128];
  return std::string("failed: ") + s.describe(buf, sizeof buf);
}

sim::mcu::McuFlash& mcu_flash(sim::Bench& bench) {
  auto* flash = bench.first<sim::mcu::McuFlash>();
  if (flash == nullptr) {
    throw std::runtime_error("the bench has no \"mcu-flash\" device for the PSA internal trusted storage");
  }
  return *flash;
}

// The step the flow was in: its last step label or section heading ("Generating keys within the
// secure element...", "Device-generated CSRs:"); the PEM and "Key ID" lines it prints are output.
std::string current_step(const std::string& text) {
  size_t end = text.size();
  while (end > 0) {
    size_t begin = text.rfind('\n', end - 1);
    begin = begin == std::string::npos ? 0 : begin + 1;
    size_t first = begin;
    while (first < end && (text[first] == '\t' || text[first] == ' ')) ++first;
    size_t last = end;
    while (last > first && (text[last - 1] == '\n' || text[last - 1] == ' ')) --last;
    const std::string line = text.substr(first, last - first);
    const bool output = line.empty() || line.rfind("-----", 0) == 0 || line.rfind("Key ID ", 0) == 0 ||
                        line.find(' ') == std::string::npos;
    if (!output) return line;
    end = begin == 0 ? 0 : begin - 1;
  }
  return "before the first step";
}

// Counts every NVM write of the bench's devices in the order they happen and, when armed, cuts
// the supply at one of them: that write and every later one is torn.
class WriteCounter {
 public:
  explicit WriteCounter(sim::Bench& bench) : bench_(bench) {
    for (const auto& d : bench_.devices()) {
      const std::string name(d.device->kind());
      d.device->set_nvm_write_hook([this, name](const sim::NvmWrite& w) { return on_write(name, w); });
    }
  }
  ~WriteCounter() {
    for (const auto& d : bench_.devices()) d.device->set_nvm_write_hook(nullptr);
  }
  WriteCounter(const WriteCounter&) = delete;
  WriteCounter& operator=(const WriteCounter&) = delete;

  void arm(uint64_t index, std::function<void()> on_cut) {
    cut_at_ = index;
    on_cut_ = std::move(on_cut);
  }
  uint64_t writes() const { return seen_; }
  // Every write that landed: "mcu-flash erase 0x1000", "atecc608a word 0x0240".
  const std::vector<std::string>& trace() const { return trace_; }
  bool fired() const { return fired_; }
  const std::string& memory() const { return memory_; }
  const sim::NvmWrite& write() const { return write_; }

 private:
  sim::NvmWriteVerdict on_write(const std::string& memory, const sim::NvmWrite& w) {
    if (fired_) return sim::NvmWriteVerdict::kCutPower;
    if (cut_at_ && seen_ == *cut_at_) {
      fired_ = true;
      memory_ = memory;
      write_ = w;
      if (on_cut_) on_cut_();
      return sim::NvmWriteVerdict::kCutPower;
    }
    ++seen_;
    char where[48];
    std::snprintf(where, sizeof where, " %s 0x%04zX", w.kind == sim::NvmWrite::Kind::kErasePage ? "erase" : "word",
                  static_cast<size_t>(w.offset));
    trace_.push_back(memory + where);
    return sim::NvmWriteVerdict::kLand;
  }

  sim::Bench& bench_;
  std::optional<uint64_t> cut_at_;
  std::function<void()> on_cut_;
  uint64_t seen_ = 0;
  std::vector<std::string> trace_;
  bool fired_ = false;
  std::string memory_;
  sim::NvmWrite write_;
};

// The MCU's flash once the supply died under it: nothing more reaches the memory (a torn page
// erase would otherwise tear the page again), every program and erase is kPowerLost.
class FlashUntilCut final : public hal::FlashRegion {
 public:
  FlashUntilCut(hal::FlashRegion& inner, const WriteCounter* counter) : inner_(inner), counter_(counter) {}
  size_t size() const override { return inner_.size(); }
  size_t page_size() const override { return inner_.page_size(); }
  size_t word_size() const override { return inner_.word_size(); }
  hal::FlashResult read(size_t offset, std::span<uint8_t> out) override { return inner_.read(offset, out); }
  hal::FlashResult program(size_t offset, std::span<const uint8_t> data) override {
    return dead() ? hal::FlashResult::kPowerLost : inner_.program(offset, data);
  }
  hal::FlashResult erase_page(size_t page) override {
    return dead() ? hal::FlashResult::kPowerLost : inner_.erase_page(page);
  }

 private:
  bool dead() const { return counter_ != nullptr && counter_->fired(); }
  hal::FlashRegion& inner_;
  const WriteCounter* counter_;
};

std::string hex16(size_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04zX", v);
  return buf;
}

bool has_device(const sim::Bench& bench, std::string_view kind) {
  for (const auto& d : bench.devices()) {
    if (d.device->kind() == kind) return true;
  }
  return false;
}

sim::Device* device_of_kind(sim::Bench& bench, std::string_view kind) {
  for (const auto& d : bench.devices()) {
    if (d.device->kind() == kind) return d.device.get();
  }
  return nullptr;
}

// An application of the campaign on one bench: the target's platform, the ITS to use.
using Application = std::function<core::Status(CampaignTarget&, core::its::ItsStore&)>;

// What one run of an application did, with the power cut before one write or not at all.
struct CutRun {
  core::Status host;
  uint64_t writes = 0;             // writes that landed
  std::vector<std::string> trace;  // each of them, in order
  bool fired = false;
  std::string memory;  // the device kind ("mcu-flash", "atecc608a", "stsafe-a120")
  std::string write;   // "word" or "page erase"
  std::string where;
  std::string step;
  std::string console;
};

// Runs app on the bench (its ITS in the bench's MCU flash, the storage operations traced), the
// supply cut before write `index` when given: that write is torn, no later one lands and nobody
// answers on the bus.
CutRun run_with_cut(sim::Bench& bench, uint64_t seed, std::optional<uint64_t> index, const Application& app) {
  CutRun r;
  RecordingConsole console;
  std::string storage_operation;
  std::string device_activity;
  {
    WriteCounter counter(bench);
    CampaignTarget target(bench, console, seed);
    hal::sim::SimFlashRegion region(mcu_flash(bench).nvm(), &bench.scheduler());
    FlashUntilCut until_cut(region, &counter);
    core::its::FlashIts its(until_cut);
    TracedIts traced(its);
    bool probed = false;
    auto ask_device = [&] {
      if (sim::Device* d = device_of_kind(bench, counter.memory())) device_activity = d->activity();
    };
    if (index) {
      counter.arm(*index, [&] {
        storage_operation = traced.operation();
        r.step = current_step(console.text());
      });
      // The chip names the command it was in once the torn write has unwound it: ask before the
      // next transaction powers the bench off (which forgets it), or after the run.
      target.tap().set_device_cut_probe([&] {
        if (counter.fired() && !probed) {
          probed = true;
          ask_device();
        }
        return counter.fired();
      });
    }
    r.host = its.mount() == core::its::ItsStatus::kOk ? app(target, traced) : core::Status(core::Code::kRefused);
    if (counter.fired() && !probed) ask_device();
    r.fired = counter.fired();
    r.writes = counter.writes();
    r.trace = counter.trace();
    if (r.fired) {
      r.memory = counter.memory();
      const sim::NvmWrite& w = counter.write();
      const bool erase = w.kind == sim::NvmWrite::Kind::kErasePage;
      r.write = erase ? "page erase" : "word";
      r.where = r.memory + (erase ? " page erase at " : " word at ") + hex16(w.offset);
      if (r.memory == "mcu-flash") {
        r.where += " during " + (storage_operation.empty() ? std::string("the ITS mount") : storage_operation);
      } else if (!device_activity.empty()) {
        r.where += "; device: " + device_activity;
      }
    }
  }
  r.console = console.text();
  return r;
}

// The factory application as `keybench run factory-provisioning --se CHIP` runs it: both drivers
// registered on a bench that has both chips.
Application factory_application(Chip chip) {
  return [chip](CampaignTarget& target, core::its::ItsStore& its) {
    sim::Bench& bench = *target.bench();
    fw::FactoryProvisioningOptions o;
    o.se = chip;
    o.register_both = has_device(bench, "atecc608a") && has_device(bench, "stsafe-a120");
    o.address7 = target.atecc_address();
    o.stsafe_address7 = target.stsafe_address();
    o.its = &its;
    return fw::run_factory_provisioning(target.platform(), o);
  };
}

Application destruction_application(Chip chip, bool recover) {
  return [chip, recover](CampaignTarget& target, core::its::ItsStore& its) {
    fw::PsaKeyDestructionOptions o;
    o.se = chip;
    o.address7 = target.atecc_address();
    o.stsafe_address7 = target.stsafe_address();
    o.its = &its;
    o.recover = recover;
    return fw::run_psa_key_destruction(target.platform(), o);
  };
}

fw::PsaApplicationBootOptions boot_options(CampaignTarget& target, Chip chip, core::its::ItsStore& its, bool recover) {
  fw::PsaApplicationBootOptions o;
  o.se = chip;
  o.address7 = target.atecc_address();
  o.stsafe_address7 = target.stsafe_address();
  o.its = &its;
  o.recover = recover;
  return o;
}

// kb_psa_recover() alone, as a boot runs it.
Application recovery_application(Chip chip) {
  return [chip](CampaignTarget& target, core::its::ItsStore& its) {
    const fw::PsaApplicationBoot r =
        fw::recover_psa_key_store(target.platform(), boot_options(target, chip, its, true));
    return r.recover_status == PSA_SUCCESS ? core::Status(core::Code::kOk) : core::Status(core::Code::kRefused);
  };
}

fw::PsaApplicationBoot boot_on(sim::Bench& bench, Chip chip, bool recover, uint64_t seed) {
  DiscardConsole console;
  CampaignTarget target(bench, console, seed);
  hal::sim::SimFlashRegion region(mcu_flash(bench).nvm(), &bench.scheduler());
  core::its::FlashIts its(region);
  if (its.mount() != core::its::ItsStatus::kOk) return {};
  return fw::boot_psa_application(target.platform(), boot_options(target, chip, its, recover));
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

std::vector<std::string> oracle_names(PsaMode mode) {
  std::vector<std::string> names = {kOracleRerunConverges, kOracleRecoveredBoot, kOracleRecoverySurvivesCuts,
                                    kOracleNoFalseSuccess, kOracleNoSuccessAfterFailure};
  if (mode == PsaMode::kDestroyKey) names.push_back(kOracleDestroyWhole);
  return names;
}

// Key 18 after a boot with kb_psa_recover() in mode destroy-key: whole as the factory left it, or
// destroyed (no key file, the slot free, the chip's key replaced); destroyed when the cut left a
// DESTROY_KEY record.
bool destroy_whole(const fw::PsaApplicationBoot& boot, const KeyStoreView& store,
                   const std::vector<std::vector<uint8_t>>& now, const std::vector<std::vector<uint8_t>>& start,
                   bool destroy_record) {
  if (!boot.init_ran || boot.init_status != PSA_SUCCESS) return false;
  const size_t slot = fw::kGeneratedKeySlot;
  if (slot >= now.size() || slot >= start.size()) return false;
  const fw::PsaKeyCheck& key = boot.keys[1];
  const bool file = store.key_files.count(static_cast<uint32_t>(fw::kGeneratedKeyId)) > 0;
  const bool marked = store.driver_used_slots && ((*store.driver_used_slots >> slot) & 1u) != 0;
  const bool same_key = now[slot] == start[slot];
  const bool whole = key.exists && key.verified && file && marked && same_key;
  const bool gone = !key.exists && !file && !marked && !same_key;
  return destroy_record ? gone : whole || gone;
}

}  // namespace

std::string_view psa_mode_name(PsaMode mode) {
  return mode == PsaMode::kDestroyKey ? "destroy-key" : "reference";
}

std::optional<PsaMode> parse_psa_mode(std::string_view name) {
  if (name == "reference") return PsaMode::kReference;
  if (name == "destroy-key") return PsaMode::kDestroyKey;
  return std::nullopt;
}

std::unique_ptr<sim::Bench> PsaCampaign::start_bench() const {
  auto bench = spec_.bench.make();
  if (!start_state_.is_null()) bench->load_state(start_state_, "the bench after a clean factory run");
  return bench;
}

PsaCampaign::PsaCampaign(PsaCampaignSpec spec) : spec_(std::move(spec)) {
  const Chip chip = spec_.chip;
  const std::string what = spec_.mode == PsaMode::kDestroyKey ? "the destruction of key 18 after '" + spec_.flow + "'"
                                                              : "flow '" + spec_.flow + "'";
  auto bench = spec_.bench.make();
  chip_device(*bench, chip);
  mcu_flash(*bench);
  if (spec_.mode == PsaMode::kDestroyKey) {
    const CutRun factory = run_with_cut(*bench, spec_.seed, std::nullopt, factory_application(chip));
    if (!factory.host.ok()) {
      throw std::runtime_error("flow '" + spec_.flow + "' fails on a clean run (" + result_text(factory.host) +
                               "): no key to destroy");
    }
    bench->power_cycle();
    start_state_ = bench->save_state();
  }
  start_slots_ = key_slots(*bench, chip);
  const uint64_t start_ns = bench->scheduler().now();
  const Application app =
      spec_.mode == PsaMode::kDestroyKey ? destruction_application(chip, false) : factory_application(chip);
  const CutRun clean = run_with_cut(*bench, spec_.seed, std::nullopt, app);
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
  const fw::PsaApplicationBoot boot = boot_on(*bench, chip, false, spec_.seed);
  const bool keys_right = spec_.mode == PsaMode::kDestroyKey ? boot.keys[0].verified && !boot.keys[1].exists
                                                             : boot.keys[0].verified && boot.keys[1].verified;
  if (!boot.passed() || !keys_right) {
    throw std::runtime_error(
        "an application boot after a clean run of " + what + " does not find " +
        (spec_.mode == PsaMode::kDestroyKey ? "key 16 signing and key 18 gone" : "both keys signing") +
        ": nothing to sweep");
  }
}

PsaCutPoint PsaCampaign::run_cut_point(uint64_t index) const {
  const Chip chip = spec_.chip;
  const bool destroying = spec_.mode == PsaMode::kDestroyKey;
  PsaCutPoint r;
  r.index = index;
  auto bench = start_bench();
  const CutRun cut = run_with_cut(*bench, spec_.seed, index,
                                  destroying ? destruction_application(chip, false) : factory_application(chip));
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
  fw::PsaApplicationBoot recovered;
  KeyStoreView recovered_store;
  std::vector<std::vector<uint8_t>> recovered_slots;
  for (const bool recover : {false, true}) {
    auto copy = from_cut();
    const fw::PsaApplicationBoot boot = boot_on(*copy, chip, recover, spec_.seed);
    const KeyStoreView store = read_key_store(mcu_flash(*copy).nvm(), chip);
    const std::vector<std::vector<uint8_t>> slots = key_slots(*copy, chip);
    (recover ? r.recovered_boot : r.stock_boot) = boot_report(boot, store, slots, start_slots_, cut_slots);
    if (recover) {
      recovered = boot;
      recovered_store = store;
      recovered_slots = slots;
    }
  }

  // The power cut again before each write of kb_psa_recover() itself: the next boot must recover
  // as the uncut recovery did. Swept once per state the cut points leave (RecoveryCuts).
  if (cut_store.record || cut_store.record_unreadable) {
    const CutRun uncut = [&] {
      auto copy = from_cut();
      return run_with_cut(*copy, spec_.seed, std::nullopt, recovery_application(chip));
    }();
    const nlohmann::json state = {{"store", cut_store.entries},
                                  {"driver", cut_store.driver_entries},
                                  {"chip", chip_device(*bench, chip).save_state()},
                                  {"recovery_writes", uncut.trace}};
    const std::string key = state.dump();
    auto known = recovery_sweeps_.find(key);
    if (known == recovery_sweeps_.end()) {
      RecoveryCuts sweep;
      sweep.writes = uncut.writes;
      sweep.swept_at = index;
      for (uint64_t j = 0; j < sweep.writes; ++j) {
        auto copy = from_cut();
        const CutRun again = run_with_cut(*copy, spec_.seed, j, recovery_application(chip));
        copy->power_cycle();
        const fw::PsaApplicationBoot boot = boot_on(*copy, chip, true, spec_.seed);
        const KeyStoreView store = read_key_store(mcu_flash(*copy).nvm(), chip);
        const BootReport report = boot_report(boot, store, key_slots(*copy, chip), start_slots_, cut_slots);
        std::string problem;
        if (!again.fired) {
          problem = "the cut was not reached";
        } else if (!report.passed || !report.consistent()) {
          problem = report.recovery + "; " + report.summary();
        } else if (store.entries != recovered_store.entries) {
          problem = "boots, but leaves another key store than the uncut recovery";
        }
        if (problem.empty()) {
          ++sweep.passed;
        } else {
          sweep.failed.push_back({j, again.where, problem});
        }
      }
      known = recovery_sweeps_.emplace(key, std::move(sweep)).first;
    }
    r.recovery_cuts = known->second;
  }

  const CutRun rerun = run_with_cut(*bench, spec_.seed, std::nullopt,
                                    destroying ? destruction_application(chip, true) : factory_application(chip));
  r.rerun_result = result_text(rerun.host);
  bench->power_cycle();
  const KeyStoreView after = read_key_store(mcu_flash(*bench).nvm(), chip);
  const nlohmann::json after_se = chip_projection(*bench, chip);
  const fw::PsaApplicationBoot after_boot = boot_on(*bench, chip, false, spec_.seed);
  const bool keys_right = destroying ? after_boot.keys[0].verified && !after_boot.keys[1].exists
                                     : after_boot.keys[0].verified && after_boot.keys[1].verified;
  const bool converges = rerun.host.ok() && after.entries == end_store_.entries && after_se == end_se_ &&
                         after_boot.passed() && keys_right;

  std::optional<std::string> broken = success_after_failure(cut.console, cut.host.ok());
  if (!broken) broken = success_after_failure(rerun.console, rerun.host.ok());
  r.oracles = {{kOracleRerunConverges, converges},
               {kOracleRecoveredBoot, r.recovered_boot.passed && r.recovered_boot.consistent()},
               {kOracleRecoverySurvivesCuts, r.recovery_cuts.failed.empty()},
               {kOracleNoFalseSuccess, !cut.host.ok()},
               {kOracleNoSuccessAfterFailure, !broken.has_value()}};
  if (destroying) {
    const bool destroy_record = cut_store.record && cut_store.record->type == 2;
    r.oracles[kOracleDestroyWhole] =
        destroy_whole(recovered, recovered_store, recovered_slots, start_slots_, destroy_record);
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
