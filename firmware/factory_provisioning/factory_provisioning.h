#pragma once
// The Mbed Crypto factory device provisioning example (fact sheet A4) on the real PSA core (Mbed
// TLS 2.28) and one of keybench's secure-element drivers (the ATECC608A's, or the STSAFE-A120's):
// erase secure storage, register the drivers, psa_crypto_init, register the pre-provisioned
// factory key (slot 0, id 16), generate a key in the secure element (slot 2, id 18), print both
// public keys as PEM and a CSR for each (CN=Device,O=Mbed TLS,OU=client,C=UK) signed on the chip
// through an opaque PK. The console text is the reference's on either chip. Deliberate fixes
// (docs/fidelity.md): the RNG callback checks for success (the reference asserted failure), the
// generated key's slot is always given and the drivers never allocate the factory slot, a failed
// key print or CSR fails the run (the reference went on and returned success), and a second run
// recognises the keys it finds instead of erasing them.
#include <psa/crypto.h>

#include <cstdint>

#include "core/its/its_store.h"
#include "core/status.h"
#include "firmware/factory_provisioning/secure_elements.h"
#include "hal/platform.h"

namespace kb::fw {

inline constexpr uint64_t kFactoryKeyId = 16;
inline constexpr uint64_t kGeneratedKeyId = 18;
inline constexpr uint8_t kFactoryKeySlot = 0;
inline constexpr uint8_t kGeneratedKeySlot = 2;
inline constexpr const char* kCsrSubject = "CN=Device,O=Mbed TLS,OU=client,C=UK";

struct FactoryProvisioningOptions {
  // The chip that holds keys 16 and 18.
  FactorySecureElement se = FactorySecureElement::kAtecc608a;
  // Register the other chip's driver as well (both chips on one bus); its p_init then talks to it.
  bool register_both = false;
  uint8_t address7 = 0x60;  // the ATECC608A's
  uint8_t stsafe_address7 = 0x20;
  // The internal trusted storage the PSA core keeps its key files in (required).
  core::its::ItsStore* its = nullptr;
};

// The attributes of the application's keys (id 16 registered, 18 generated): a P-256 key pair of
// the chip's lifetime in the given slot, ECDSA with SHA-256, usage SIGN_HASH. A later application
// that registers the factory key again gives it the same.
void set_factory_key_attributes(psa_key_attributes_t* a, FactorySecureElement se, uint64_t id, uint8_t slot);

// ok when both keys are registered in the PSA key store, usable, and their public keys and CSRs
// printed. A failure is reported on the console with the PSA status and, when the chip refused,
// the chip's status; the return value carries the chip's status when there is one.
core::Status run_factory_provisioning(hal::Platform& platform, const FactoryProvisioningOptions& options);

}  // namespace kb::fw
