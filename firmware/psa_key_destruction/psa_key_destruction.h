#pragma once
// An application that retires a key of a device the factory provisioning application provisioned:
// the internal trusted storage and the chip's driver installed, psa_crypto_init, then
// psa_destroy_key on the key id: the generated key (18, the default) or the factory key (16, the
// pre-provisioned key of the chip's reserved slot 0). For a key in a secure element Mbed TLS 2.28
// saves a DESTROY_KEY transaction record, calls the driver's p_destroy, saves the driver data,
// removes the key file and then the record; a power cut in between leaves the record, which fails
// psa_crypto_init on every later boot unless kb_psa_recover() finishes the destruction
// (core/psa/recover.h). With `recover`, it runs first.
// Both drivers wipe key 18's slot with a fresh key nobody keeps; the factory key's slot is
// reserved, so the chip keeps that key and the driver only forgets it: registering slot 0 again
// (psa_application_boot.h, register_factory_key) brings back the same key.
#include <psa/crypto.h>

#include "core/status.h"
#include "firmware/factory_provisioning/factory_provisioning.h"
#include "firmware/psa_application_boot/psa_device.h"
#include "hal/platform.h"

namespace kb::fw {

struct PsaKeyDestructionOptions : PsaDevice {
  bool recover = false;
  psa_key_id_t key_id = static_cast<psa_key_id_t>(kGeneratedKeyId);  // or kFactoryKeyId
};

// ok when the key is gone: destroyed now, or already absent (a destruction finished before). A
// failure is printed with its PSA status; the return value carries the chip's status when the
// driver kept one.
core::Status run_psa_key_destruction(hal::Platform& platform, const PsaKeyDestructionOptions& options);

}  // namespace kb::fw
