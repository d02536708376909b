#pragma once
// The steps the two nRF applications share, with the reference console text (fact sheet
// nrf-kmu-lifecycle.md §6.1, §6.2). Each prints its failure line and returns why it stopped.
#include "core/nrf/hw_unique_key.h"
#include "core/nrf/identity_key.h"
#include "core/nrf/identity_key_store.h"
#include "core/nrf/kmu.h"
#include "core/nrf/lifecycle.h"
#include "core/status.h"
#include "hal/console.h"
#include "hal/platform.h"

namespace kb::fw {

// Resumable provisioning (options.resume): a factory line re-runs the application after a power cut
// and it must finish the chip, not refuse it. The lifecycle moves to PROVISIONING before any key is
// written (§6.2), so a re-run accepts PROVISIONING, keeps whole keys, writes what is missing, and
// stops with a named status only where a write-once word was torn (ERASEALL territory).

// Fails with kNoRegisterBus (and says so) on a platform without memory-mapped registers.
core::Status require_registers(hal::Platform& platform);
// §6.2 steps 1-4: verify ASSEMBLY, move to PROVISIONING, verify it.
// resume: PROVISIONING is accepted as a chip a cut stopped part-way.
core::Status enter_provisioning(core::nrf::Lifecycle& lifecycle, hal::Console& console, bool resume = false);
// §6.1 step 2 / §6.2 step 5: write random HUKs; a failure prints the provisioning image's failure
// line and is returned (kHukWriteFailed / kHukGenerationFailed), never passed over.
// keep_whole: HUKs the chip already holds whole are used as they are (the identity key sample goes
// on after the library's "already set", §6.1); anything partial still stops the flow.
core::Status write_huks(core::nrf::HwUniqueKey& huk, hal::Console& console, bool keep_whole);
// Resuming: keeps whole HUK slots, fills empty ones, revokes half-written ones (kHukTorn).
core::Status resume_huks(core::nrf::HwUniqueKey& huk, hal::Console& console);
// §6.1 steps 3-6: refuse a written identity slot, write the key (dummy or random), verify.
// resume: an identity key already written whole is kept; one slot of two written is kIdentityKeyTorn.
core::Status write_identity_key(core::nrf::IdentityKey& identity, hal::Console& console, bool dummy_key,
                                core::nrf::Kmu* resume_kmu = nullptr);

}  // namespace kb::fw
