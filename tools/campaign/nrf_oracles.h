#pragma once
// Oracles on nRF5340 UICR images. See oracles.h for what each one means.
#include <nlohmann/json.hpp>
#include <optional>

#include "tools/campaign/device_image.h"
#include "tools/campaign/refusal.h"

namespace kb::tools::campaign::nrf {

// The device uses a slot's key when the KMU would push it to CryptoCell (PERM.STATE active,
// PERM.PUSH set, DEST a CryptoCell key register — a staged slot whose PERM is still erased has
// PUSH set and pushes too), or when software may read it (PERM programmed with READ set). A usable
// slot whose DEST and VALUE words mix what it held at the flow's start and end is a partial key; the
// oracle fails when the slot is still usable with that material after the re-run (revoking it, for
// one, makes it harmless).
bool slot_usable(const NrfImage& image, unsigned slot);
bool no_usable_partial_key(const NrfImage& cut, const NrfImage& rerun, const NrfImage& flow_start,
                           const NrfImage& flow_end);
// The NVMC programs one word at a time and has no transactions: the operation is one register
// write, and every UICR word must equal its value before or after it.
bool rolled_back_or_completed(const NrfImage& cut, const NrfImage& before, const NrfImage& after);
// Provisioned, without the random key values: lifecycle and OTP words, and per key slot its state,
// DEST and PERM.
nlohmann::json provisioned_projection(const NrfImage& image);
// Half-written key slots: write-once UICR words that only ERASEALL clears. In the reference mode
// also a lifecycle past ASSEMBLY: the reference applications provision only from ASSEMBLY, so an
// interrupted run that had advanced it leaves a chip only the resumable mode can finish.
std::optional<Refusal> explain_refusal(const NrfImage& image, bool reference_mode);

}  // namespace kb::tools::campaign::nrf
