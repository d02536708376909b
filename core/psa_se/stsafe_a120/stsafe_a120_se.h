#pragma once
// A PSA Crypto secure-element driver (Mbed TLS 2.28 psa_drv_se_t, HAL version 5) for the
// STSAFE-A120's private key slots, on keybench's core/stsafe host library. ST publishes no PSA
// driver for the chip; the entry points follow the ATECC608A driver's contract (fact sheet A2,
// A3) on the STSAFE's own commands (docs/fidelity.md lists every choice):
//   p_init                 the chip's init (product data, command access table) and its private
//                          key table (Query 0x14)
//   p_allocate             a genuinely free slot whose mode of operation allows the key's usage
//                          and whose generate-key access condition is FREE: empty on the chip, or
//                          a slot this driver wiped; never a reserved slot (slot 0, the factory
//                          key) and never one the driver data marks in use
//   p_validate_slot_number slot within the chip's table; REGISTER: the slot holds a P-256 key whose
//                          mode allows the usage; GENERATE: not reserved, generate-key FREE
//   p_generate             Generate key pair (0x11) on P-256, no usage limit
//   p_destroy              the chip cannot erase a private key: the slot is marked free in the
//                          driver data and, where the chip lets the host regenerate it, its key
//                          is overwritten by a fresh Generate key pair nobody keeps; a reserved
//                          slot's key (and what the driver knows of it) stays
//   p_export_public        the chip has no command that reads a private slot's public key, so the
//                          driver keeps it (an ITS entry per slot, see public_key_uid): from
//                          Generate key pair, and for the factory key from the device
//                          certificate in data zone 0, checked against a signature of the slot
//   p_sign                 Generate signature (0x16) over the digest
//   p_verify               Verify signature (0x17) on the chip with the slot's public key; a
//                          signature the chip finds invalid is PSA_ERROR_INVALID_SIGNATURE
// Key agreement: Mbed TLS 2.28's core refuses raw key agreement and derivation on any key of a
// secure element (psa_get_and_lock_transparent_key_slot_with_policy), and psa_drv_se_t has no
// entry for them, so Establish key (0x18) is not reachable through PSA.
// Persistent data (8 bytes): magic, a bitmap of the slots PSA keys occupy, and a bitmap of the
// slots whose key this driver wiped (free again although the chip reports a key there).
// Errors map as to_psa_status says; last_error() keeps the chip's status and the command that
// failed, so an application can name them.
#include <psa/crypto.h>
#include <psa/crypto_se_driver.h>

#include <cstddef>
#include <cstdint>

#include "core/status.h"
#include "core/stsafe/stsafe.h"
#include "hal/crypto.h"

namespace kb::core::psa_se::stsafe_a120 {

// keybench's location for the STSAFE-A120 (the ATECC608A driver has 0xF0); keys are persistent.
inline constexpr psa_key_location_t kLocation = 0xF1;
inline constexpr psa_key_lifetime_t kLifetime =
    PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION(PSA_KEY_PERSISTENCE_DEFAULT, kLocation);

// Slots beyond this are never used (the A120 has 5, AN6053).
inline constexpr uint8_t kMaxSlots = 16;

struct Options {
  // Slots the driver never allocates, generates into or wipes: the factory key of slot 0
  // (AN6053: "pre-provisioned NIST-P256 private key (slot 0)"). They can still be registered.
  uint16_t reserved_slots = 0x0001;
  // Data zone holding the device certificate of the factory key (zone 0 on a personalised chip).
  uint8_t certificate_zone = 0;
};

struct PersistentData {
  uint32_t magic;        // kPersistentMagic once written; all-zero data is a fresh driver
  uint16_t used_slots;   // bit n: a PSA key occupies slot n
  uint16_t wiped_slots;  // bit n: the key in slot n is one this driver generated to forget a key
};
inline constexpr uint32_t kPersistentMagic = 0x31415342;  // "BSA1"

// ITS UID of the public key the driver keeps for a slot: 64-byte X||Y. Above the 32-bit range
// Mbed TLS uses for key files, driver data and its transaction record.
inline constexpr uint64_t public_key_uid(uint8_t slot) {
  return 0x5354534100000000ull | (uint64_t{kLocation} << 8) | slot;
}

// The chip every entry point talks to, and the platform's crypto that checks the device
// certificate's key against a signature of the slot when a key is registered; a null chip or crypto
// detaches (entry points then fail with BAD_STATE). Both must outlive their use by Mbed TLS. The
// driver keeps public keys in the ITS that core/psa's psa_its_* use (core::psa::set_its_store).
void attach(stsafe::Stsafe* chip, hal::Crypto* crypto, const Options& options = {});

// The method table to pass to psa_register_se_driver(kLocation, &driver()).
const psa_drv_se_t& driver();

// The core status behind the last failing entry point (a device status names the chip's byte),
// and the STSAFE command it came from ("Generate key pair", ...; "" when no command was involved).
Status last_error();
const char* last_command();
// "STSAFE-A120 Generate key pair: device status 0x11 (access condition not satisfied)", or "" when
// the last call succeeded.
const char* describe_last_error(char* out, size_t out_len);

// Core statuses (the chip's status bytes among them) to PSA statuses; the table is in
// docs/fidelity.md.
psa_status_t to_psa_status(Status status);

}  // namespace kb::core::psa_se::stsafe_a120

// The same table for C callers.
extern "C" const psa_drv_se_t kb_stsafe_a120_se_driver;
