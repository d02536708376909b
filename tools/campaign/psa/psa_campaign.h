#pragma once
// The power-cut campaign through the PSA core (`keybench campaign factory-provisioning [--se
// atecc608a|stsafe-a120] [--mode reference|destroy-key]`): an application on Mbed TLS 2.28 cut
// before every write it makes to non-volatile memory: every word and page erase of the MCU flash
// that holds the internal trusted storage, and every NVM write of the secure element (the
// ATECC608A's EEPROM words, the STSAFE-A120's records). The application is the factory
// provisioning one on a fresh bench (mode reference), or one that destroys key 18 (mode
// destroy-key) or the factory key 16 (mode destroy-factory-key) on the bench a clean factory run
// left. The writes are counted in the order they happen, from
// one clean run; a cut point is one of them, and the supply of the whole bench goes there (no later
// write lands, nobody answers on the bus). After a power cycle, from the state the cut left:
//   an application boot on stock Mbed TLS (reported: fact sheet A2.5, a transaction record fails
//   psa_crypto_init on every boot, the chip may hold an orphan key);
//   the same boot with kb_psa_recover() before psa_crypto_init (oracle B);
//   when the cut left a transaction record, kb_psa_recover() cut again before each of its own
//   writes, then a boot with it;
//   the boot with kb_psa_recover() cut again before each write it makes after the recovery
//   (psa_crypto_init's, the key checks'), then a boot with it;
//   the application run again (oracle A; the destruction with kb_psa_recover() first), then a boot.
// psa_report.h lists the oracles and the report.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include <vector>

#include "tools/campaign/campaign_target.h"
#include "tools/campaign/psa/campaign_chip.h"
#include "tools/campaign/psa/cut_run.h"
#include "tools/campaign/psa/key_store_view.h"
#include "tools/campaign/psa/psa_report.h"

namespace kb::tools::campaign::psa {

enum class PsaMode : uint8_t {
  kReference,   // the factory provisioning application, as `keybench run factory-provisioning`
  kDestroyKey,  // psa_destroy_key(18) on a device the factory application provisioned
  // psa_destroy_key(16), the factory key of the chip's reserved slot 0, on the same device: the
  // chip keeps the key, and registering slot 0 again brings it back
  kDestroyFactoryKey,
};
std::string_view psa_mode_name(PsaMode mode);  // "reference", "destroy-key", "destroy-factory-key"
std::optional<PsaMode> parse_psa_mode(std::string_view name);

struct PsaCampaignSpec {
  std::string flow = "factory-provisioning";  // as the report names it
  Chip chip = Chip::kAtecc608a;               // the chip holding keys 16 and 18
  PsaMode mode = PsaMode::kReference;
  uint64_t seed = 1;
  BenchRecipe bench = BenchRecipe::default_bench();
  std::string fixture;  // as the report names it
};

class PsaCampaign {
 public:
  // Records the clean run (in the destroy modes: a clean factory run, then the clean destruction).
  // Throws std::runtime_error when the bench has no "mcu-flash" or not the chip, when the
  // application fails without a cut or reports a failed step, or when an application boot after
  // the clean run does not find the keys it should sign with (a campaign of a flow that never
  // passes says nothing).
  explicit PsaCampaign(PsaCampaignSpec spec);

  uint64_t total_cut_points() const { return writes_; }
  uint64_t clean_simulated_ns() const { return simulated_ns_; }
  PsaCutPoint run_cut_point(uint64_t index) const;
  // Every cut point in index order; progress(done, total) after each one.
  PsaCampaignReport run(const std::function<void(size_t, size_t)>& progress = {}) const;

 private:
  // A bench in the state the swept application starts from.
  std::unique_ptr<sim::Bench> start_bench() const;
  // The swept application; its re-run (oracle A) with `recover`.
  Application swept_application(bool recover) const;
  // A boot on the bench that registers the factory key again when it is gone: it passes, and key
  // 16 signs with the public key it had before the destruction.
  bool factory_key_registers_again(sim::Bench& bench) const;

  PsaCampaignSpec spec_;
  nlohmann::json start_state_;  // destroy-key: the bench after a clean factory run; else null
  uint64_t writes_ = 0;
  uint64_t simulated_ns_ = 0;
  std::vector<std::vector<uint8_t>> start_slots_;               // the chip's key slots when the application starts
  std::array<std::array<uint8_t, 65>, 2> start_public_keys_{};  // keys 16 and 18 before a destruction
  nlohmann::json end_se_;                                       // the chip's provisioned projection after the clean run
  KeyStoreView end_store_;                                      // the key store after the clean run
  // The sweeps of cuts during kb_psa_recover(), by the state they start from (psa_report.h,
  // RecoveryCuts); filled by run_cut_point, so one campaign is not run from two threads.
  mutable std::map<std::string, RecoveryCuts> recovery_sweeps_;
  // The sweeps of cuts during the boot after the cut (BootCuts), the same way.
  mutable std::map<std::string, BootCuts> boot_sweeps_;
};

}  // namespace kb::tools::campaign::psa
