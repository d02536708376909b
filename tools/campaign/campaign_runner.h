#pragma once
// Runs a flow once per cut point: every NVM word the flow programs (power-cut sweep) or every host
// transaction it makes (bus sweep), enumerated from one clean run. Each cut point gets a fresh bench
// from the fixture, the flow with the cut, a power cycle, the flow again, and the oracles.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/campaign/campaign_report.h"
#include "tools/campaign/campaign_target.h"
#include "tools/campaign/device_image.h"
#include "tools/campaign/shard.h"
#include "tools/keybench/flow_registry.h"

namespace kb::tools::campaign {

enum class Sweep { kPowerCut, kBus };
std::string_view sweep_name(Sweep sweep);  // "power-cut", "bus"
std::optional<Sweep> parse_sweep(std::string_view text);

// How every run of the flow (the clean run, the cut run, the re-run) is made:
//   reference  the flow as `keybench run FLOW` runs it, following the vendor's reference
//              application (an nRF re-run after a cut refuses a lifecycle already in PROVISIONING);
//   resumable  `keybench run FLOW --resume` (FlowOptions::resume): a re-run finishes the chip.
// The STSAFE flows are resumable as they are and run the same in both modes.
enum class FlowMode { kReference, kResumable };
std::string_view mode_name(FlowMode mode);  // "reference", "resumable"
std::optional<FlowMode> parse_mode(std::string_view text);

struct CampaignSpec {
  const Flow* flow = nullptr;
  Sweep sweep = Sweep::kPowerCut;
  FlowMode mode = FlowMode::kReference;
  uint64_t seed = 1;
  Shard shard;
  BenchRecipe bench = BenchRecipe::default_bench();
  std::string fixture;  // as the report names it
};

// The report's fields that identify what was swept (no cut point results yet).
CampaignReport report_header(const CampaignSpec& spec, uint64_t total_cut_points);

// An operation of the clean run (a command frame write, or a register write) and the image of the
// device when it started.
struct RecordedOperation {
  uint64_t first_transaction = 0;
  uint64_t first_nvm_word = 0;
  std::string where;
  DeviceImage before;
};

struct CleanRun {
  uint64_t nvm_words = 0;
  uint64_t transactions = 0;
  uint64_t simulated_ns = 0;
  std::vector<std::string> transaction_where;  // bus sweeps only
  std::vector<RecordedOperation> operations;
  std::optional<DeviceImage> start;
  std::optional<DeviceImage> end;
  nlohmann::json provisioned;
};

class Campaign {
 public:
  // Records the clean run. Throws std::runtime_error when the flow fails without any cut, or when
  // its transcript reports a failed step (a campaign of a flow that never passes says nothing).
  explicit Campaign(CampaignSpec spec);

  const CampaignSpec& spec() const { return spec_; }
  const CleanRun& clean() const { return clean_; }
  uint64_t total_cut_points() const;
  std::vector<uint64_t> shard_cut_points() const;

  CutPointResult run_cut_point(uint64_t index) const;
  // The shard's cut points in index order. progress(done, total) after each one.
  CampaignReport run(const std::function<void(size_t, size_t)>& progress = {}) const;
  // One clean run on a fresh bench: the benchmark baseline. Returns whether the flow passed.
  bool run_clean_once() const;

 private:
  // The operation a cut point interrupted: its index in clean_.operations, or nullopt before the first.
  std::optional<size_t> interrupted_operation(uint64_t index) const;

  CampaignSpec spec_;
  CleanRun clean_;
};

}  // namespace kb::tools::campaign
