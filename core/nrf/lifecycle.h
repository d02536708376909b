#pragma once
// The PSA security lifecycle in bootloader storage (NCS bl_storage, fact sheet §5.2–5.4): three
// write-once halfwords in UICR OTP — provisioning (+0), secure (+2), decommissioned (+6) — each
// 0xFFFF until entered, then 0x0000. Moves only go one step forward; a refused move writes nothing.
#include <cstdint>

#include "core/nrf/nvmc.h"
#include "core/status.h"

namespace kb::core::nrf {

// NCS `enum bl_storage_lcs` numbering.
enum class Lcs : uint8_t { kUnknown = 0, kAssembly = 1, kProvisioning = 2, kSecured = 3, kDecommissioned = 4 };

const char* lcs_name(Lcs lcs);  // "ASSEMBLY", "PROVISIONING", ...
// The PSA/TF-M security lifecycle value (§5.1): 0x1000, 0x2000, 0x3000, 0x6000; 0x0000 for unknown.
uint16_t psa_lifecycle(Lcs lcs);

class Lifecycle {
 public:
  explicit Lifecycle(Nvmc& nvmc) : nvmc_(nvmc) {}

  // read_life_cycle_state: kLifecycleUnreadable for any combination outside the decode table.
  Result<Lcs> read();
  // update_life_cycle_state: kLifecycleInvalidTransition for UNKNOWN, a backward move or a skip;
  // kLifecycleUnreadable when the current state cannot be read; ok without writing for no change.
  // The write is not read back here: callers re-read, as the reference does.
  Status update(Lcs next);

 private:
  Nvmc& nvmc_;
};

}  // namespace kb::core::nrf
