#pragma once
// The factory step every ATECC608A user performs once: write the configuration a profile gives,
// read it back and compare, lock the config zone with its CRC, generate the P-256 private keys
// the profile names and print their public keys, lock the data zone. Every step is idempotent
// against a chip a power cut interrupted: an unlocked config is written again, a key slot of an
// unlocked data zone is generated again, and a chip that is already configured and locked is
// recognised and reported (its public keys printed) instead of failed.
#include <cstddef>
#include <cstdint>

#include "core/status.h"
#include "firmware/atecc_configure_and_lock/config_profile.h"
#include "hal/platform.h"

namespace kb::fw {

struct AteccConfigureAndLockOptions {
  uint8_t address7 = 0x60;
  // Shown on the console: where the profile came from.
  const char* profile_name = "";
  AteccConfigProfile profile;
};

// Bytes of the config zone the profile sets and a locked chip is compared on: 16-51, 68-83 and
// 90-127. The counters (52-67) advance in use and SlotLocked (88-89) changes with slot locks, so a
// locked chip may differ there from the profile it was configured with.
bool atecc_profile_compares_byte(size_t offset);

// ok when the chip ends configured, locked as the profile asks and with a key in every slot the
// profile names; otherwise the status of the step that failed, already reported on the console.
// kRefused: the chip is locked in a state this profile cannot reach (another configuration, or a
// locked data zone without a key the profile wants), which no re-run can change.
core::Status run_atecc_configure_and_lock(hal::Platform& platform, const AteccConfigureAndLockOptions& options);

}  // namespace kb::fw
