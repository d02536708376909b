#pragma once
// The steps the two nRF applications share, with the reference console text (fact sheet
// nrf-kmu-lifecycle.md §6.1, §6.2). Each prints its failure line and returns why it stopped.
#include "core/nrf/identity_key.h"
#include "core/nrf/lifecycle.h"
#include "core/status.h"
#include "hal/console.h"
#include "hal/platform.h"

namespace kb::fw {

// Fails with kNoRegisterBus (and says so) on a platform without memory-mapped registers.
core::Status require_registers(hal::Platform& platform);
// §6.2 steps 1-4: verify ASSEMBLY, move to PROVISIONING, verify it.
core::Status enter_provisioning(core::nrf::Lifecycle& lifecycle, hal::Console& console);
// §6.1 steps 3-6: refuse a written identity slot, write the key (dummy or random), verify.
core::Status write_identity_key(core::nrf::IdentityKey& identity, hal::Console& console, bool dummy_key);

}  // namespace kb::fw
