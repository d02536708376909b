#pragma once
// NIST P-256 for the ATECC608A model, on OpenSSL 3 (curve arithmetic through EC_POINT, ECDSA
// through EVP). Keys are raw big-endian: private 32 bytes, public X | Y (64), signatures R | S
// (64). Signing takes its randomness from the caller, so the model's signatures come from the
// chip's own deterministic random stream and a run replays byte for byte.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace kb::sim::atecc608a::p256 {

inline constexpr size_t kCoordinateLength = 32;

// 32 bytes with 1 <= d < n.
bool private_key_is_valid(std::span<const uint8_t> private_key);
// d * G as X | Y, or nullopt when the private key is not valid.
std::optional<std::vector<uint8_t>> public_key(std::span<const uint8_t> private_key);
// 64 bytes, both coordinates below p, on the curve.
bool public_key_is_valid(std::span<const uint8_t> public_xy);

// ECDH: the x coordinate of d * Q, or nullopt when either key is not valid.
std::optional<std::vector<uint8_t>> shared_x(std::span<const uint8_t> private_key, std::span<const uint8_t> peer_xy);

// How many bytes of randomness sign() may consume.
inline constexpr size_t kSignEntropyLength = 128;
// ECDSA over a 32-byte digest; the nonce is drawn from entropy (kSignEntropyLength bytes).
// nullopt when the key is not valid or the randomness ran out.
std::optional<std::array<uint8_t, 64>> sign(std::span<const uint8_t> private_key, std::span<const uint8_t, 32> digest,
                                            std::span<const uint8_t, kSignEntropyLength> entropy);
// True when signature (R | S) is a valid ECDSA signature of digest under public_xy.
bool verify(std::span<const uint8_t> public_xy, std::span<const uint8_t, 32> digest,
            std::span<const uint8_t, 64> signature);

}  // namespace kb::sim::atecc608a::p256
