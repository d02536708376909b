#pragma once
// The chip's key derivations from an ECDHE secret (fact sheet 4.1, 4.4, 4.5). All of them are
// HKDF-SHA-256 with one fixed salt; what differs is the input keying material and the info.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace kb::sim::stsafe_a120 {

// Fact sheet 4.1 step 5.
inline constexpr uint8_t kKeyDerivationSalt[32] = {0xE4, 0x5D, 0x4C, 0xFD, 0x20, 0x15, 0xDE, 0x9E, 0x0A, 0xA9, 0xA9,
                                                   0xF6, 0xA4, 0x9F, 0x45, 0x10, 0x0F, 0x99, 0xD9, 0x63, 0x3F, 0xB1,
                                                   0xB2, 0xDD, 0xDB, 0xEE, 0xE6, 0x75, 0xD5, 0x4D, 0xE2, 0x5B};

// Base KEK of a volatile KEK session: info = chip public X|Y, then host public X|Y.
std::vector<uint8_t> derive_base_kek(std::span<const uint8_t> shared_x, std::span<const uint8_t> chip_public_xy,
                                     std::span<const uint8_t> host_public_xy);
// Working KEK number k (1 for the first wrapped write of a session): info = 10 11 k.
std::vector<uint8_t> derive_working_kek(std::span<const uint8_t> base_kek, uint8_t k);
// Host MAC key | host cipher key (2 * key_length bytes) of establish host key: info = host public
// first, then chip public (the opposite order to the base KEK).
std::vector<uint8_t> derive_host_keys(std::span<const uint8_t> shared_x, std::span<const uint8_t> host_public_xy,
                                      std::span<const uint8_t> chip_public_xy, size_t key_length);
// Confirmation key (32) followed by the established symmetric keys: info = 12 13.
std::vector<uint8_t> derive_symmetric_key_material(std::span<const uint8_t> shared_x, size_t length);

}  // namespace kb::sim::stsafe_a120
