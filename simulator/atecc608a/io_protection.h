#pragma once
// The IO protection key (ChipOptions bit 1 enables it, bits 12-15 name its slot): it encrypts KDF
// output and SecureBoot digests and keys the Verify and SecureBoot MACs, so that a host sharing
// the key can tell the chip's answers from a wire tamperer's (cryptoauthlib atcah_io_decrypt,
// atcah_verify_mac, atcah_secureboot_enc/mac).
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "simulator/atecc608a/eeprom.h"

namespace kb::sim::atecc608a {

// The first 32 bytes of the IO protection key slot, or nullopt when the function is disabled.
std::optional<std::array<uint8_t, 32>> io_protection_key(const Eeprom& e);

// In place, 32 bytes at a time: block i is XORed with SHA-256(key | nonce[16 i .. 16 i + 15]), so
// a 32-byte output uses the first half of the 32-byte nonce and a 64-byte output both halves.
void io_protect(std::span<uint8_t> data, std::span<const uint8_t, 32> key, std::span<const uint8_t, 32> nonce);

}  // namespace kb::sim::atecc608a
