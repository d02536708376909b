#pragma once
// An ordinary application's boot on a device the factory provisioning application provisioned
// (or was provisioning when the power went): the internal trusted storage and random source
// installed, the driver of the chip holding the keys registered (the ATECC608A's or the
// STSAFE-A120's), psa_crypto_init, then every key id of the factory
// application that exists signs a digest on the chip, and the signature is checked on the host
// with the key's exported public key. With `recover`, kb_psa_recover() (core/psa/recover.h) runs
// before psa_crypto_init: what keybench adds to stock Mbed TLS, whose psa_crypto_init fails on
// every boot while a transaction record is left (fact sheet A2.5). With `register_factory_key`, a
// factory key (16) the store no longer holds (psa_destroy_key retired it) is registered again
// from its slot before the keys are checked.
// Console: "Booting application...", "\tRecovering the key store... ", "\tInitializing PSA
// Crypto... ", "\tRegistering the factory key again... ", "\tChecking the keys...", a line per key,
// then "Application ready" or "Application cannot start"; a campaign names the step a write
// belongs to by these lines.
#include <psa/crypto.h>

#include <array>
#include <cstdint>

#include "core/psa/recover.h"
#include "firmware/psa_application_boot/psa_device.h"
#include "hal/platform.h"

namespace kb::fw {

struct PsaApplicationBootOptions : PsaDevice {
  bool recover = false;
  bool register_factory_key = false;
};

struct PsaKeyCheck {
  psa_key_id_t id = 0;
  bool exists = false;
  bool verified = false;  // signed on the chip and the signature verified on the host
  // The call that failed ("psa_sign_hash", "psa_export_public_key", "host verification"), else "".
  const char* failed_call = "";
  psa_status_t status = PSA_SUCCESS;     // that call's status (host verification: INVALID_SIGNATURE)
  std::array<uint8_t, 65> public_key{};  // the exported key (0x04 || X || Y) once the export succeeded
};

struct PsaApplicationBoot {
  bool recover_ran = false;
  psa_status_t recover_status = PSA_SUCCESS;
  kb_psa_recovery_t recovery{};
  bool init_ran = false;  // false when the recovery failed, or the driver could not be registered
  psa_status_t register_status = PSA_SUCCESS;
  psa_status_t init_status = PSA_ERROR_BAD_STATE;
  // register_factory_key: whether the factory key was registered again, and the status.
  bool reregistered = false;
  psa_status_t reregister_status = PSA_SUCCESS;
  std::array<PsaKeyCheck, 2> keys{};  // the factory key (16) and the generated key (18)

  // The boot worked: the recovery (when run), psa_crypto_init and the re-registration (when
  // tried) succeeded, and every key that exists signs and verifies.
  bool passed() const;
};

PsaApplicationBoot boot_psa_application(hal::Platform& platform, const PsaApplicationBootOptions& options);

// kb_psa_recover() alone, as the boot runs it before psa_crypto_init: the boot's recover_ran,
// recover_status and recovery; nothing else is filled in.
PsaApplicationBoot recover_psa_key_store(hal::Platform& platform, const PsaDevice& device);

}  // namespace kb::fw
