#pragma once
// P-256 public keys stored in 72-byte slots (fact sheet B7.4): 4 pad bytes, X, 4 pad bytes, Y. The
// upper nibble of byte 0 holds the validation state that Verify validate/invalidate set: 0x5
// validated, 0xA invalidated (the state a PubInvalid write leaves).
#include <array>
#include <cstddef>
#include <cstdint>

#include "simulator/atecc608a/eeprom.h"

namespace kb::sim::atecc608a {

inline constexpr uint8_t kPublicKeyValidated = 0x5;
inline constexpr uint8_t kPublicKeyInvalidated = 0xA;

// Slots big enough for the stored format: 8-15.
bool holds_public_key_format(size_t slot);
// X | Y of the slot.
std::array<uint8_t, 64> stored_public_key(const Eeprom& e, size_t slot);
uint8_t validation_state(const Eeprom& e, size_t slot);
// Rewrites byte 0 of the slot with the new upper nibble (an EEPROM write).
void set_validation_state(Eeprom& e, size_t slot, uint8_t nibble);

// A slot Verify (stored) and SecureBoot may take a public key from: 72-byte format, KeyType P-256,
// not a private key, and validated when its KeyConfig.PubInfo asks for validation.
bool public_key_usable(const Eeprom& e, size_t slot);
// A slot whose key is subject to validation (PubInfo set on a P-256 public key slot).
bool public_key_needs_validation(const Eeprom& e, size_t slot);

}  // namespace kb::sim::atecc608a
