#pragma once
// The provisioning image (NCS samples/tfm/provisioning_image; fact sheet nrf-kmu-lifecycle.md
// §6.2, seed 003): verify ASSEMBLY, move to PROVISIONING, write random hardware unique keys and
// stop if that fails, write and check the identity key, write the implementation ID into
// bootloader storage. The lifecycle moves before any key is written, so a failure later leaves
// the chip in PROVISIONING with partial keys; only ERASEALL brings it back.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "firmware/identity_key_generation/nrf_key_stack.h"
#include "hal/platform.h"

namespace kb::fw {

inline constexpr size_t kImplementationIdSize = 32;  // BL_STORAGE_IMPLEMENTATION_ID_SIZE
// The sample's default: eight bytes each of 0xAA, 0xBB, 0xCC, 0xDD.
extern const uint8_t kDefaultImplementationId[kImplementationIdSize];

struct ProvisioningImageOptions {
  bool dummy_key = false;
  // Empty selects kDefaultImplementationId; otherwise exactly 32 bytes.
  std::span<const uint8_t> implementation_id;
  NrfTargetOptions target;
  // Resumable provisioning for a factory line re-running after a power cut (not in the reference
  // sample): a chip already in PROVISIONING continues where the cut stopped it (see
  // provisioning_steps.h). Off, the reference behaviour: anything but ASSEMBLY is refused.
  bool resume = false;
};

core::Status run_provisioning_image(hal::Platform& platform, const ProvisioningImageOptions& options);

}  // namespace kb::fw
