#pragma once
// One run of an application on the PSA core on a simulated bench, with its internal trusted
// storage in the bench's MCU flash, and the supply cut before one of the NVM writes the run makes
// (or not at all): the sweep step every PSA power-cut sweep is built of. Every NVM write of every
// device of the bench is counted in the order it happens; at a cut that write is torn, no later
// write lands (the MCU flash answers kPowerLost, the chips' writes are torn) and nobody answers on
// the bus. The run says what it tore, and in which step of the application's console text.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/its/its_store.h"
#include "core/status.h"
#include "simulator/bench/bench.h"
#include "simulator/mcu/mcu_flash.h"
#include "tools/campaign/campaign_target.h"

namespace kb::tools::campaign::psa {

// The bench's MCU flash that holds the ITS; throws std::runtime_error when there is none.
sim::mcu::McuFlash& mcu_flash(sim::Bench& bench);

// An application of a sweep on one bench: the target's platform, the ITS to use.
using Application = std::function<core::Status(CampaignTarget&, core::its::ItsStore&)>;

struct CutRun {
  core::Status host;               // what the application returned
  uint64_t writes = 0;             // writes that landed
  std::vector<std::string> trace;  // each of them, in order: "mcu-flash word 0x0040", "atecc608a word 0x0240"
  std::vector<std::string> steps;  // the application's step at each of them (as `step` below)
  bool fired = false;              // the cut was reached
  std::string memory;              // the torn write's device kind ("mcu-flash", "atecc608a", "stsafe-a120")
  std::string write;               // "word" or "page erase"
  // "mcu-flash word at 0x0010 during ITS set 0xFFFFFF74 (transaction record, 24 bytes)", or the
  // chip's command for a chip write.
  std::string where;
  // The step the application was in: its last step label or section heading ("Generating keys
  // within the secure element...", "Initializing PSA Crypto..."); PEM and "Key ID" lines are
  // output, not steps.
  std::string step;
  std::string console;
};

// Runs app on the bench, the supply cut before write `cut_before` when given.
CutRun run_with_cut(sim::Bench& bench, uint64_t seed, std::optional<uint64_t> cut_before, const Application& app);

}  // namespace kb::tools::campaign::psa
