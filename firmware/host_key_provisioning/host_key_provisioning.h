#pragma once
// Host key provisioning (plaintext): the reference flow of fact sheet section 7.1. Shows both keys
// and the slot's provisioning control fields, opens the slot to re-provisioning when the change
// right allows it, writes the keys and reports PASS.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/types.h"
#include "hal/platform.h"

namespace kb::fw {

struct HostKeyProvisioningOptions {
  uint8_t address7 = 0x20;
  // Ask for a key press before writing, as the reference example does. Off for unattended runs.
  bool wait_for_key = false;
  core::stsafe::HostKeyType key_type = core::stsafe::HostKeyType::kAes128;
  // Empty spans select the reference example's test keys.
  std::span<const uint8_t> mac_key;
  std::span<const uint8_t> cipher_key;
};

// The reference example's test keys.
extern const uint8_t kTestHostMacKey[16];
extern const uint8_t kTestHostCipherKey[16];

// Returns ok when the keys were written; otherwise the status of the step that failed, which has
// already been reported on the console.
core::Status run_host_key_provisioning(hal::Platform& platform, const HostKeyProvisioningOptions& options);

}  // namespace kb::fw
