#pragma once
// An application that retires a key of a device the factory provisioning application provisioned:
// the internal trusted storage and the chip's driver installed, psa_crypto_init, then
// psa_destroy_key on the key id (the generated key, 18, unless told otherwise). For a key in a
// secure element Mbed TLS 2.28 saves a DESTROY_KEY transaction record, calls the driver's
// p_destroy, saves the driver data, removes the key file and then the record; a power cut in
// between leaves the record, which fails psa_crypto_init on every later boot unless
// kb_psa_recover() finishes the destruction (core/psa/recover.h). With `recover`, it runs first.
#include <psa/crypto.h>

#include <cstdint>

#include "core/its/its_store.h"
#include "core/status.h"
#include "firmware/factory_provisioning/factory_provisioning.h"
#include "firmware/factory_provisioning/secure_elements.h"
#include "hal/platform.h"

namespace kb::fw {

struct PsaKeyDestructionOptions {
  FactorySecureElement se = FactorySecureElement::kAtecc608a;
  uint8_t address7 = 0x60;  // the ATECC608A's
  uint8_t stsafe_address7 = 0x20;
  core::its::ItsStore* its = nullptr;  // required
  bool recover = false;
  psa_key_id_t key_id = static_cast<psa_key_id_t>(kGeneratedKeyId);
};

// ok when the key is gone: destroyed now, or already absent (a destruction finished before). A
// failure is printed with its PSA status; the return value carries the chip's status when the
// driver kept one.
core::Status run_psa_key_destruction(hal::Platform& platform, const PsaKeyDestructionOptions& options);

}  // namespace kb::fw
