#pragma once
// A PSA Crypto secure-element driver (Mbed TLS 2.28 psa_drv_se_t, HAL version 5) for the
// ATECC608A, on keybench's core/atecc driver. The entry points of the reference driver
// (mbed-os-atecc608a, fact sheet A3) with its defects fixed (A4.6, docs/fidelity.md):
//   p_init                 reads the config zone once (slot and key configuration, lock state)
//   p_allocate             a genuinely free slot the configuration allows for the key type:
//                          private P-256 slots GenKey may write (WriteConfig bit 13) for a key
//                          pair, P-256 public-key slots 8-15 for a public key; never a reserved
//                          slot (the factory key's, slot 0 by default) and never a slot the driver
//                          data marks in use (the reference's stub silently picked slot 0)
//   p_validate_slot_number slot 0-15, of the key type per KeyConfig; REGISTER: the slot holds a
//                          usable key of that type and usage (data zone locked, external sign
//                          allowed for SIGN_HASH); GENERATE/IMPORT: not in use, not reserved
//   p_generate             GenKey mode 0x04
//   p_import               public keys only, into 8-15, the padded layout of B7.4 (3 Writes)
//   p_destroy              forgets the slot; a generated key pair is overwritten by a fresh
//                          GenKey (a reserved slot is never written)
//   p_export_public        GenKey mode 0x00 for a key pair, three block Reads for a public key
//   p_sign                 Random, Nonce pass-through into the message digest buffer, Sign 0xA0
//   p_verify               Nonce + Verify (stored for a public-key slot, external with the key
//                          pair's public key otherwise); the chip's miscompare (0x01) is
//                          PSA_ERROR_INVALID_SIGNATURE (the reference driver returned success)
// Persistent data (8 bytes): magic, and a bitmap of the slots PSA keys occupy.
// Errors map as the reference's atecc608a_to_psa_error (A3.3); last_error() keeps the chip's
// status and the command that failed, so an application can name them.
#include <psa/crypto.h>
#include <psa/crypto_se_driver.h>

#include <cstddef>
#include <cstdint>

#include "core/atecc/atecc.h"
#include "core/status.h"

namespace kb::core::psa_se::atecc608a {

// Mbed TLS 2.28 selects a driver by location (lifetime >> 8); the reference's 0xF0 becomes the
// location, and keys are persistent there (docs/fidelity.md, fact sheet open question 1).
inline constexpr psa_key_location_t kLocation = 0xF0;
inline constexpr psa_key_lifetime_t kLifetime =
    PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION(PSA_KEY_PERSISTENCE_DEFAULT, kLocation);

struct Options {
  // Slots the driver never allocates, generates into, writes or wipes: the pre-provisioned
  // factory key (slot 0 on TNG/TrustFLEX parts and in the reference example, fact sheet B7.7).
  // They can still be registered.
  uint16_t reserved_slots = 0x0001;
};

struct PersistentData {
  uint32_t magic;       // kPersistentMagic once written; all-zero data is a fresh driver
  uint16_t used_slots;  // bit n: a PSA key occupies slot n
  uint16_t reserved;
};
inline constexpr uint32_t kPersistentMagic = 0x31414B42;  // "BKA1"

// The chip every entry point talks to; null detaches (entry points then fail with BAD_STATE).
// The chip object must outlive its use by Mbed TLS.
void attach(atecc::Atecc* chip, const Options& options = {});

// The method table to pass to psa_register_se_driver(kLocation, &driver()).
const psa_drv_se_t& driver();

// The core status behind the last failing entry point (a device status names the chip's byte),
// and the ATECC command it came from ("GenKey", "Sign", ...; "" when no command was involved).
Status last_error();
const char* last_command();
// "ATECC608A GenKey: device status 0x0F (execution error)" or "" when the last call succeeded.
const char* describe_last_error(char* out, size_t out_len);

// The reference's error mapping (fact sheet A3.3) on core statuses.
psa_status_t to_psa_status(Status status);

}  // namespace kb::core::psa_se::atecc608a

// The same table for C callers.
extern "C" const psa_drv_se_t kb_atecc608a_se_driver;
