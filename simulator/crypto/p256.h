#pragma once
// NIST P-256 for the device models, on OpenSSL: the simulator's own small wrapper, so the models
// share no code with the host library (hal/crypto_openssl) even though both reach the same
// library for curve arithmetic. Keys are raw big-endian: private 32 bytes, public X | Y (64).
// Safe to call from several threads.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace kb::sim::crypto::p256 {

inline constexpr size_t kCoordinateLength = 32;

// 32 bytes with 1 <= d < n.
bool private_key_is_valid(std::span<const uint8_t> private_key);
// d * G as X | Y, or nullopt when the private key is not valid.
std::optional<std::vector<uint8_t>> public_key(std::span<const uint8_t> private_key);
// 64 bytes, both coordinates below p, on the curve (which rules out the point at infinity).
bool public_key_is_valid(std::span<const uint8_t> public_xy);
// ECDH: the x coordinate of d * Q, or nullopt when either key is not valid.
std::optional<std::vector<uint8_t>> shared_x(std::span<const uint8_t> private_key, std::span<const uint8_t> peer_xy);

}  // namespace kb::sim::crypto::p256
