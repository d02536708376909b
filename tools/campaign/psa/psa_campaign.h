#pragma once
// The power-cut campaign through the PSA core (`keybench campaign factory-provisioning`): the
// factory provisioning application on Mbed TLS 2.28, cut before every write it makes to
// non-volatile memory: every word and page erase of the MCU flash that holds the internal trusted
// storage, and every EEPROM word of the ATECC608A. The writes of both memories are counted in the
// order they happen, from one clean run; a cut point is one of them, and the supply of the whole
// bench goes there (no later write lands, nobody answers on the bus). After a power cycle, three
// things start from the state the cut left:
//   an application boot on stock Mbed TLS (reported: fact sheet A2.5, a transaction record fails
//   psa_crypto_init on every boot, the chip may hold an orphan key);
//   the same boot with kb_psa_recover() before psa_crypto_init (oracle B);
//   the factory application run again (oracle A), then a boot.
// psa_report.h lists the oracles and the report.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "simulator/atecc608a/eeprom.h"
#include "tools/campaign/campaign_target.h"
#include "tools/campaign/psa/key_store_view.h"
#include "tools/campaign/psa/psa_report.h"

namespace kb::tools::campaign::psa {

struct PsaCampaignSpec {
  std::string flow = "factory-provisioning";  // as the report names it
  uint64_t seed = 1;
  BenchRecipe bench = BenchRecipe::default_bench();
  std::string fixture;  // as the report names it
};

class PsaCampaign {
 public:
  // Records the clean run. Throws std::runtime_error when the bench has no "mcu-flash" or no
  // ATECC608A, when the flow fails without a cut or reports a failed step, or when an application
  // boot after the clean run does not sign with both keys (a campaign of a flow that never
  // passes says nothing).
  explicit PsaCampaign(PsaCampaignSpec spec);

  uint64_t total_cut_points() const { return writes_; }
  uint64_t clean_simulated_ns() const { return simulated_ns_; }
  PsaCutPoint run_cut_point(uint64_t index) const;
  // Every cut point in index order; progress(done, total) after each one.
  PsaCampaignReport run(const std::function<void(size_t, size_t)>& progress = {}) const;

 private:
  PsaCampaignSpec spec_;
  uint64_t writes_ = 0;
  uint64_t simulated_ns_ = 0;
  sim::atecc608a::EepromImage start_se_;
  nlohmann::json end_se_;   // the chip's provisioned projection after the clean run
  KeyStoreView end_store_;  // the key store after the clean run
};

}  // namespace kb::tools::campaign::psa
