#pragma once
// The identity key generation application (NCS samples/keys/identity_key_generation, in the
// generation that also moved the PSA lifecycle; fact sheet nrf-kmu-lifecycle.md §6.1, seed 003):
// verify ASSEMBLY, move to PROVISIONING, write random hardware unique keys (keeping HUKs the chip
// already holds whole, as the sample goes on past the library's "already set"; a failed write
// stops the flow, where the sample would go on to "Success!"), write a secp256r1 identity key
// into the KMU and check it is there. Where the reference stops (returns or panics) this returns
// the reason; the failure line is already on the console.
#include "core/status.h"
#include "firmware/identity_key_generation/nrf_key_stack.h"
#include "hal/platform.h"

namespace kb::fw {

struct IdentityKeyGenerationOptions {
  // CONFIG_IDENTITY_KEY_DUMMY: TF-M's template key instead of a random one. Tests only.
  bool dummy_key = false;
  NrfTargetOptions target;
  // Resumable provisioning after a power cut; see ProvisioningImageOptions::resume.
  bool resume = false;
};

core::Status run_identity_key_generation(hal::Platform& platform, const IdentityKeyGenerationOptions& options);

}  // namespace kb::fw
