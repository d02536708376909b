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
#include "hal/sim/sim_flash_region.h"
#include "simulator/atecc608a/atecc608a.h"
#include "simulator/atecc608a/zones.h"
#include "simulator/bench/bench.h"
#include "simulator/mcu/mcu_flash.h"
#include "tools/campaign/atecc_oracles.h"
#include "tools/campaign/build_info.h"
#include "tools/campaign/psa/traced_its.h"
#include "tools/campaign/transcript.h"

namespace kb::tools::campaign::psa {

namespace {

namespace zones = sim::atecc608a;

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

sim::atecc608a::Atecc608a& atecc(sim::Bench& bench) {
  auto* chip = bench.first<sim::atecc608a::Atecc608a>();
  if (chip == nullptr) throw std::runtime_error("the bench has no atecc608a for the PSA secure-element driver");
  return *chip;
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
    return sim::NvmWriteVerdict::kLand;
  }

  sim::Bench& bench_;
  std::optional<uint64_t> cut_at_;
  std::function<void()> on_cut_;
  uint64_t seen_ = 0;
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

// One run of the factory application on a bench, as `keybench run factory-provisioning` runs it
// (its ITS in the bench's MCU flash), with the storage operations traced. counter: the cut of
// this run, if any.
class FactoryRun {
 public:
  FactoryRun(sim::Bench& bench, hal::Console& console, uint64_t seed, const WriteCounter* counter = nullptr)
      : target_(bench, console, seed),
        region_(mcu_flash(bench).nvm(), &bench.scheduler()),
        until_cut_(region_, counter),
        its_(until_cut_),
        traced_(its_) {}

  core::Status run() {
    if (its_.mount() != core::its::ItsStatus::kOk) return core::Code::kRefused;
    fw::FactoryProvisioningOptions o;
    o.address7 = target_.atecc_address();
    o.its = &traced_;
    return fw::run_factory_provisioning(target_.platform(), o);
  }
  CampaignTarget& target() { return target_; }
  const TracedIts& its() const { return traced_; }

 private:
  CampaignTarget target_;
  hal::sim::SimFlashRegion region_;
  FlashUntilCut until_cut_;
  core::its::FlashIts its_;
  TracedIts traced_;
};

fw::PsaApplicationBoot boot_on(sim::Bench& bench, bool recover, uint64_t seed) {
  DiscardConsole console;
  CampaignTarget target(bench, console, seed);
  hal::sim::SimFlashRegion region(mcu_flash(bench).nvm(), &bench.scheduler());
  core::its::FlashIts its(region);
  fw::PsaApplicationBootOptions o;
  o.address7 = target.atecc_address();
  o.its = &its;
  o.recover = recover;
  if (its.mount() != core::its::ItsStatus::kOk) return {};
  return fw::boot_psa_application(target.platform(), o);
}

std::string psa_text(psa_status_t s) {
  return core::psa::psa_status_name(s);
}

std::string key_text(const fw::PsaKeyCheck& k) {
  if (!k.exists) return "absent";
  if (k.verified) return "signs and verifies";
  return std::string(k.failed_call) + " failed: " + psa_text(k.status);
}

std::span<const uint8_t> slot_bytes(const sim::atecc608a::EepromImage& image, size_t slot) {
  return std::span<const uint8_t>(image.data).subspan(zones::slot_offset(slot), zones::slot_size(slot));
}

bool same(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// What a boot did and left: its verdicts, and the slots no key file names that hold what the cut
// wrote (orphans) or that the driver data keeps marked used (leaked).
BootReport boot_report(const fw::PsaApplicationBoot& b, sim::Bench& bench, const sim::atecc608a::EepromImage& start,
                       const sim::atecc608a::EepromImage& cut) {
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

  const KeyStoreView store = read_key_store(mcu_flash(bench).nvm());
  const std::vector<uint64_t> named = store.named_slots();
  auto is_named = [&](uint64_t slot) { return std::find(named.begin(), named.end(), slot) != named.end(); };
  const sim::atecc608a::EepromImage now = atecc(bench).image();
  for (size_t slot = 0; slot < zones::kSlotCount; ++slot) {
    const bool written_by_cut = !same(slot_bytes(cut, slot), slot_bytes(start, slot));
    if (written_by_cut && same(slot_bytes(now, slot), slot_bytes(cut, slot)) && !is_named(slot)) {
      r.orphan_slots.push_back(slot);
    }
    // Without saved driver data the driver starts with every slot free.
    const bool marked = store.driver_used_slots && ((*store.driver_used_slots >> slot) & 1u) != 0;
    if (marked && !is_named(slot)) r.leaked_slots.push_back(slot);
    if (!marked && is_named(slot)) r.unmarked_slots.push_back(slot);
  }
  return r;
}

std::string hex16(size_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04zX", v);
  return buf;
}

}  // namespace

PsaCampaign::PsaCampaign(PsaCampaignSpec spec) : spec_(std::move(spec)) {
  auto bench = spec_.bench.make();
  start_se_ = atecc(*bench).image();
  RecordingConsole console;
  core::Status s;
  const uint64_t start_ns = bench->scheduler().now();
  {
    WriteCounter counter(*bench);
    FactoryRun run(*bench, console, spec_.seed);
    s = run.run();
    writes_ = counter.writes();
  }
  simulated_ns_ = bench->scheduler().now() - start_ns;
  if (!s.ok()) {
    throw std::runtime_error("flow '" + spec_.flow + "' fails on a clean run (" + result_text(s) +
                             "): nothing to sweep");
  }
  if (auto broken = success_after_failure(console.text(), s.ok())) {
    throw std::runtime_error("flow '" + spec_.flow + "' reports a failed step on a clean run and goes on (" + *broken +
                             "): nothing to sweep");
  }
  bench->power_cycle();
  end_store_ = read_key_store(mcu_flash(*bench).nvm());
  end_se_ = atecc::provisioned_projection(atecc::Image{atecc(*bench).image()});
  const fw::PsaApplicationBoot boot = boot_on(*bench, false, spec_.seed);
  if (!boot.passed() || !boot.keys[0].verified || !boot.keys[1].verified) {
    throw std::runtime_error("an application boot after a clean run of '" + spec_.flow +
                             "' does not sign with both keys: nothing to sweep");
  }
}

PsaCutPoint PsaCampaign::run_cut_point(uint64_t index) const {
  PsaCutPoint r;
  r.index = index;
  auto bench = spec_.bench.make();
  sim::atecc608a::Atecc608a& chip = atecc(*bench);
  RecordingConsole cut_console;
  core::Status host;
  std::string storage_operation;
  std::string device_activity;
  bool fired = false;
  {
    WriteCounter counter(*bench);
    FactoryRun run(*bench, cut_console, spec_.seed, &counter);
    bool probed = false;
    counter.arm(index, [&] {
      storage_operation = run.its().operation();
      r.step = current_step(cut_console.text());
    });
    // The chip names the command it was in once the torn write has unwound it: ask before the
    // next transaction powers the bench off (which forgets it), or after the run.
    run.target().tap().set_device_cut_probe([&] {
      if (counter.fired() && !probed) {
        probed = true;
        device_activity = chip.activity();
      }
      return counter.fired();
    });
    host = run.run();
    if (counter.fired() && !probed) device_activity = chip.activity();
    fired = counter.fired();
    if (fired) {
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
  r.host_result = result_text(host);
  if (!fired) {
    r.outcome = "not_reached";
    r.memory = "none";
    r.write = "none";
    r.where = "beyond the clean run";
    for (const char* name :
         {kOracleRerunConverges, kOracleRecoveredBoot, kOracleNoFalseSuccess, kOracleNoSuccessAfterFailure}) {
      r.oracles[name] = false;
    }
    return r;
  }

  bench->power_cycle();
  const nlohmann::json cut_state = bench->save_state();
  const sim::atecc608a::EepromImage cut_se = chip.image();
  const KeyStoreView cut_store = read_key_store(mcu_flash(*bench).nvm());
  if (cut_store.record) r.transaction_record = cut_store.record->describe();
  if (cut_store.record_unreadable) r.transaction_record = "unreadable";

  // Each boot starts from the state the cut left, on a bench of its own.
  for (const bool recover : {false, true}) {
    auto copy = spec_.bench.make();
    copy->load_state(cut_state, "the state of cut point " + std::to_string(index));
    const fw::PsaApplicationBoot boot = boot_on(*copy, recover, spec_.seed);
    (recover ? r.recovered_boot : r.stock_boot) = boot_report(boot, *copy, start_se_, cut_se);
  }

  RecordingConsole rerun_console;
  core::Status rerun;
  {
    FactoryRun run(*bench, rerun_console, spec_.seed);
    rerun = run.run();
  }
  r.rerun_result = result_text(rerun);
  bench->power_cycle();
  const KeyStoreView after = read_key_store(mcu_flash(*bench).nvm());
  const nlohmann::json after_se = atecc::provisioned_projection(atecc::Image{chip.image()});
  const fw::PsaApplicationBoot after_boot = boot_on(*bench, false, spec_.seed);
  const bool converges = rerun.ok() && after.entries == end_store_.entries && after_se == end_se_ &&
                         after_boot.passed() && after_boot.keys[0].verified && after_boot.keys[1].verified;

  std::optional<std::string> broken = success_after_failure(cut_console.text(), host.ok());
  if (!broken) broken = success_after_failure(rerun_console.text(), rerun.ok());
  r.oracles = {{kOracleRerunConverges, converges},
               {kOracleRecoveredBoot, r.recovered_boot.passed && r.recovered_boot.consistent()},
               {kOracleNoFalseSuccess, !host.ok()},
               {kOracleNoSuccessAfterFailure, !broken.has_value()}};
  r.outcome = converges ? "converged" : "diverged";
  return r;
}

PsaCampaignReport PsaCampaign::run(const std::function<void(size_t, size_t)>& progress) const {
  PsaCampaignReport report;
  report.build = build_info();
  report.flow = spec_.flow;
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
