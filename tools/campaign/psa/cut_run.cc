#include "tools/campaign/psa/cut_run.h"

#include <cstdio>
#include <memory>
#include <span>
#include <stdexcept>
#include <string_view>

#include "core/its/flash_its.h"
#include "hal/sim/sim_flash_region.h"
#include "tools/campaign/psa/traced_its.h"
#include "tools/campaign/transcript.h"

namespace kb::tools::campaign::psa {

sim::mcu::McuFlash& mcu_flash(sim::Bench& bench) {
  auto* flash = bench.first<sim::mcu::McuFlash>();
  if (flash == nullptr) {
    throw std::runtime_error("the bench has no \"mcu-flash\" device for the PSA internal trusted storage");
  }
  return *flash;
}

namespace {

std::string hex16(size_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04zX", v);
  return buf;
}

sim::Device* device_of_kind(sim::Bench& bench, std::string_view kind) {
  for (const auto& d : bench.devices()) {
    if (d.device->kind() == kind) return d.device.get();
  }
  return nullptr;
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

  // What each landed write is labelled with in steps() (the application's step).
  void label_writes(std::function<std::string()> label) { label_ = std::move(label); }
  void arm(uint64_t index, std::function<void()> on_cut) {
    cut_at_ = index;
    on_cut_ = std::move(on_cut);
  }
  uint64_t writes() const { return seen_; }
  // Every write that landed: "mcu-flash erase 0x1000", "atecc608a word 0x0240".
  const std::vector<std::string>& trace() const { return trace_; }
  const std::vector<std::string>& steps() const { return steps_; }
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
    if (label_) steps_.push_back(label_());
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
  std::function<std::string()> label_;
  std::vector<std::string> steps_;
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

// Runs app on the bench (its ITS in the bench's MCU flash, the storage operations traced), the
// supply cut before write `index` when given: that write is torn, no later one lands and nobody
// answers on the bus.
}  // namespace

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
    counter.label_writes([&] { return current_step(console.text()); });
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
    r.steps = counter.steps();
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

}  // namespace kb::tools::campaign::psa
