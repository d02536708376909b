#pragma once
// The applications the PSA power-cut sweeps run on a bench (cut_run.h), each as keybench runs it:
// the factory provisioning application, the key destruction, kb_psa_recover() alone, and the
// ordinary application boot, on the chip that holds the keys and the ITS the sweep hands them.
#include <psa/crypto.h>

#include <cstdint>

#include "firmware/psa_application_boot/psa_application_boot.h"
#include "simulator/bench/bench.h"
#include "tools/campaign/psa/campaign_chip.h"
#include "tools/campaign/psa/cut_run.h"

namespace kb::tools::campaign::psa {

// `keybench run factory-provisioning --se CHIP`: both drivers registered on a bench that has
// both chips.
Application factory_application(Chip chip);
// firmware/psa_key_destruction on key_id, with kb_psa_recover() first when `recover`.
Application destruction_application(Chip chip, bool recover, psa_key_id_t key_id);
// kb_psa_recover() alone, as a boot runs it before psa_crypto_init; ok when it succeeded.
Application recovery_application(Chip chip);
// firmware/psa_application_boot; ok when the boot passed (PsaApplicationBoot::passed()), what it
// found in *result when given.
Application boot_application(Chip chip, bool recover, fw::PsaApplicationBoot* result = nullptr);

// An application boot on the bench as it is (no cut); an empty result when the ITS does not mount.
fw::PsaApplicationBoot boot_on(sim::Bench& bench, Chip chip, bool recover, uint64_t seed,
                               bool register_factory_key = false);

}  // namespace kb::tools::campaign::psa
